from typing import Literal

TenantSettingsLanguageEnum = Literal["de", "en"]

TENANT_SETTINGS_LANGUAGE_ENUM_VALUES: set[TenantSettingsLanguageEnum] = {
    "de",
    "en",
}


def check_tenant_settings_language_enum(value: str) -> TenantSettingsLanguageEnum:
    if value in TENANT_SETTINGS_LANGUAGE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TENANT_SETTINGS_LANGUAGE_ENUM_VALUES!r}")
