from plumbing.errors import Conflict, InvalidInput, NotFound


class ServiceNotFound(NotFound):
    code = "service_not_found"
    message = "No such service."


class StaffNotFound(NotFound):
    code = "staff_not_found"
    message = "No such staff member."


class WorkingHoursOverlap(InvalidInput):
    code = "working_hours_overlap"
    message = "Working hours of one weekday must not overlap."


class WorkingHoursEndBeforeStart(InvalidInput):
    code = "working_hours_end_before_start"
    message = "Working hours must end after they start."


class DayOffEndBeforeStart(InvalidInput):
    code = "day_off_end_before_start"
    message = "A day-off range must not end before it starts."


class UnknownServices(InvalidInput):
    code = "unknown_services"
    message = "Some services do not exist for this tenant."


class ServiceInUse(Conflict):
    code = "service_in_use"
    message = "The service has bookings; deactivate it instead (active: false)."


class StaffInUse(Conflict):
    code = "staff_in_use"
    message = "The staff member has bookings; deactivate them instead (active: false)."


class DuplicateServiceName(Conflict):
    code = "service_name_taken"
    message = "A service with this name exists already."


class DayOffTooLong(InvalidInput):
    code = "day_off_too_long"
    message = "A day-off range may span at most a year (366 days); add another for more."


class DayOffOutOfWindow(InvalidInput):
    code = "day_off_out_of_window"
    message = (
        "A day off must lie between a year ago and a year past the end of the booking horizon."
    )


class TooManyDaysOff(InvalidInput):
    code = "too_many_days_off"
    message = "A staff member has as many days off as allowed; delete past ones first."


class TooManyWorkingHours(InvalidInput):
    code = "too_many_working_hours"
    message = "A weekday may have at most 8 working-hour intervals."


class TooManyServices(InvalidInput):
    code = "too_many_services"
    message = "A tenant may have at most 500 services; deactivate or delete unused ones."


class TooManyStaff(InvalidInput):
    code = "too_many_staff"
    message = "A tenant may have at most 500 staff members, active or not; delete former ones."
