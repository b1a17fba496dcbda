from typing import Literal

CalendarDayStatusEnum = Literal["available", "full", "off", "out_of_range", "past"]

CALENDAR_DAY_STATUS_ENUM_VALUES: set[CalendarDayStatusEnum] = {
    "available",
    "full",
    "off",
    "out_of_range",
    "past",
}


def check_calendar_day_status_enum(value: str) -> CalendarDayStatusEnum:
    if value in CALENDAR_DAY_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CALENDAR_DAY_STATUS_ENUM_VALUES!r}")
