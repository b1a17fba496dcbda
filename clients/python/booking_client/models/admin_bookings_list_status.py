from typing import Literal

AdminBookingsListStatus = Literal["awaiting_payment", "awaiting_verification", "cancelled", "confirmed", "expired"]

ADMIN_BOOKINGS_LIST_STATUS_VALUES: set[AdminBookingsListStatus] = {
    "awaiting_payment",
    "awaiting_verification",
    "cancelled",
    "confirmed",
    "expired",
}


def check_admin_bookings_list_status(value: str) -> AdminBookingsListStatus:
    if value in ADMIN_BOOKINGS_LIST_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ADMIN_BOOKINGS_LIST_STATUS_VALUES!r}")
