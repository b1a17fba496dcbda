from typing import Literal

OptionsEnum = Literal["down_payment", "finish", "pay"]

OPTIONS_ENUM_VALUES: set[OptionsEnum] = {
    "down_payment",
    "finish",
    "pay",
}


def check_options_enum(value: str) -> OptionsEnum:
    if value in OPTIONS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OPTIONS_ENUM_VALUES!r}")
