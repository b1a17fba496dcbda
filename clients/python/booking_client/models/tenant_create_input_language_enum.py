from typing import Literal

TenantCreateInputLanguageEnum = Literal["de", "en"]

TENANT_CREATE_INPUT_LANGUAGE_ENUM_VALUES: set[TenantCreateInputLanguageEnum] = {
    "de",
    "en",
}


def check_tenant_create_input_language_enum(value: str) -> TenantCreateInputLanguageEnum:
    if value in TENANT_CREATE_INPUT_LANGUAGE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TENANT_CREATE_INPUT_LANGUAGE_ENUM_VALUES!r}")
