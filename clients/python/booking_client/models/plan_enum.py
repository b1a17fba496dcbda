from typing import Literal

PlanEnum = Literal["basic", "business", "enterprise", "professional"]

PLAN_ENUM_VALUES: set[PlanEnum] = {
    "basic",
    "business",
    "enterprise",
    "professional",
}


def check_plan_enum(value: str) -> PlanEnum:
    if value in PLAN_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PLAN_ENUM_VALUES!r}")
