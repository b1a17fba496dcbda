from typing import Literal

PaymentEnum = Literal["deposit", "full", "none"]

PAYMENT_ENUM_VALUES: set[PaymentEnum] = {
    "deposit",
    "full",
    "none",
}


def check_payment_enum(value: str) -> PaymentEnum:
    if value in PAYMENT_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PAYMENT_ENUM_VALUES!r}")
