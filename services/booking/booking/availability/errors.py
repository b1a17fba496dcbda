from plumbing.errors import ApiError
from rest_framework import status


class InvalidMonth(ApiError):
    code = "invalid_month"
    message = "month must be a calendar month written YYYY-MM."


class InvalidDate(ApiError):
    code = "invalid_date"
    message = "date must be a calendar date written YYYY-MM-DD."


class InvalidTimezone(ApiError):
    code = "invalid_timezone"
    message = "tz must be an IANA time zone such as Europe/Zurich."


class StaffNotOfferingService(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "staff_not_offering_service"
    message = "This staff member does not give this service."
