from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.plan_enum import PlanEnum, check_plan_enum
from ..models.tenant_settings_language_enum import TenantSettingsLanguageEnum, check_tenant_settings_language_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tenant_settings_labels import TenantSettingsLabels


T = TypeVar("T", bound="TenantSettings")


@_attrs_define
class TenantSettings:
    """
    Attributes:
        slug (str):
        plan (PlanEnum): * `basic` - Basic
            * `professional` - Professional
            * `business` - Business
            * `enterprise` - Enterprise
        timezone (str):
        name (str):
        language (TenantSettingsLanguageEnum | Unset): * `en` - English
            * `de` - Deutsch
        owner_email (str | Unset):
        payments_enabled (bool | Unset):
        holds_enabled (bool | Unset):
        hold_minutes (int | Unset):
        hold_extensions (int | Unset):
        hold_extension_minutes (int | Unset):
        max_holds_per_cart (int | Unset):
        max_live_holds_per_address (int | Unset):
        max_bookings_per_address_per_day (int | Unset):
        verify_every_email (bool | Unset):
        payment_window_minutes (int | Unset):
        minimum_notice_minutes (int | Unset):
        booking_horizon_days (int | Unset):
        reschedule_allowed (bool | Unset):
        reschedule_limit (int | Unset):
        reschedule_window_hours (int | Unset):
        cancel_allowed (bool | Unset):
        cancel_window_hours (int | Unset):
        full_refund_hours_before (int | Unset):
        deposit_refundable (bool | Unset):
        labels (TenantSettingsLabels | Unset): At most 30 labels, each named with 1 to 64 characters.
        allowed_origins (list[str] | Unset): Sites allowed to call the public API from a browser (CORS), e.g.
            https://studio.example.
    """

    slug: str
    plan: PlanEnum
    timezone: str
    name: str
    language: TenantSettingsLanguageEnum | Unset = UNSET
    owner_email: str | Unset = UNSET
    payments_enabled: bool | Unset = UNSET
    holds_enabled: bool | Unset = UNSET
    hold_minutes: int | Unset = UNSET
    hold_extensions: int | Unset = UNSET
    hold_extension_minutes: int | Unset = UNSET
    max_holds_per_cart: int | Unset = UNSET
    max_live_holds_per_address: int | Unset = UNSET
    max_bookings_per_address_per_day: int | Unset = UNSET
    verify_every_email: bool | Unset = UNSET
    payment_window_minutes: int | Unset = UNSET
    minimum_notice_minutes: int | Unset = UNSET
    booking_horizon_days: int | Unset = UNSET
    reschedule_allowed: bool | Unset = UNSET
    reschedule_limit: int | Unset = UNSET
    reschedule_window_hours: int | Unset = UNSET
    cancel_allowed: bool | Unset = UNSET
    cancel_window_hours: int | Unset = UNSET
    full_refund_hours_before: int | Unset = UNSET
    deposit_refundable: bool | Unset = UNSET
    labels: TenantSettingsLabels | Unset = UNSET
    allowed_origins: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        plan: str = self.plan

        timezone = self.timezone

        name = self.name

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language

        owner_email: str | Unset
        if isinstance(self.owner_email, Unset):
            owner_email = UNSET
        else:
            owner_email = self.owner_email

        payments_enabled = self.payments_enabled

        holds_enabled = self.holds_enabled

        hold_minutes = self.hold_minutes

        hold_extensions = self.hold_extensions

        hold_extension_minutes = self.hold_extension_minutes

        max_holds_per_cart = self.max_holds_per_cart

        max_live_holds_per_address = self.max_live_holds_per_address

        max_bookings_per_address_per_day = self.max_bookings_per_address_per_day

        verify_every_email = self.verify_every_email

        payment_window_minutes = self.payment_window_minutes

        minimum_notice_minutes = self.minimum_notice_minutes

        booking_horizon_days = self.booking_horizon_days

        reschedule_allowed = self.reschedule_allowed

        reschedule_limit = self.reschedule_limit

        reschedule_window_hours = self.reschedule_window_hours

        cancel_allowed = self.cancel_allowed

        cancel_window_hours = self.cancel_window_hours

        full_refund_hours_before = self.full_refund_hours_before

        deposit_refundable = self.deposit_refundable

        labels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels.to_dict()

        allowed_origins: list[str] | Unset = UNSET
        if not isinstance(self.allowed_origins, Unset):
            allowed_origins = self.allowed_origins

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "plan": plan,
                "timezone": timezone,
                "name": name,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if owner_email is not UNSET:
            field_dict["owner_email"] = owner_email
        if payments_enabled is not UNSET:
            field_dict["payments_enabled"] = payments_enabled
        if holds_enabled is not UNSET:
            field_dict["holds_enabled"] = holds_enabled
        if hold_minutes is not UNSET:
            field_dict["hold_minutes"] = hold_minutes
        if hold_extensions is not UNSET:
            field_dict["hold_extensions"] = hold_extensions
        if hold_extension_minutes is not UNSET:
            field_dict["hold_extension_minutes"] = hold_extension_minutes
        if max_holds_per_cart is not UNSET:
            field_dict["max_holds_per_cart"] = max_holds_per_cart
        if max_live_holds_per_address is not UNSET:
            field_dict["max_live_holds_per_address"] = max_live_holds_per_address
        if max_bookings_per_address_per_day is not UNSET:
            field_dict["max_bookings_per_address_per_day"] = max_bookings_per_address_per_day
        if verify_every_email is not UNSET:
            field_dict["verify_every_email"] = verify_every_email
        if payment_window_minutes is not UNSET:
            field_dict["payment_window_minutes"] = payment_window_minutes
        if minimum_notice_minutes is not UNSET:
            field_dict["minimum_notice_minutes"] = minimum_notice_minutes
        if booking_horizon_days is not UNSET:
            field_dict["booking_horizon_days"] = booking_horizon_days
        if reschedule_allowed is not UNSET:
            field_dict["reschedule_allowed"] = reschedule_allowed
        if reschedule_limit is not UNSET:
            field_dict["reschedule_limit"] = reschedule_limit
        if reschedule_window_hours is not UNSET:
            field_dict["reschedule_window_hours"] = reschedule_window_hours
        if cancel_allowed is not UNSET:
            field_dict["cancel_allowed"] = cancel_allowed
        if cancel_window_hours is not UNSET:
            field_dict["cancel_window_hours"] = cancel_window_hours
        if full_refund_hours_before is not UNSET:
            field_dict["full_refund_hours_before"] = full_refund_hours_before
        if deposit_refundable is not UNSET:
            field_dict["deposit_refundable"] = deposit_refundable
        if labels is not UNSET:
            field_dict["labels"] = labels
        if allowed_origins is not UNSET:
            field_dict["allowed_origins"] = allowed_origins

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_settings_labels import TenantSettingsLabels  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        plan = check_plan_enum(d.pop("plan"))

        timezone = d.pop("timezone")

        name = d.pop("name")

        _language = d.pop("language", UNSET)
        language: TenantSettingsLanguageEnum | Unset
        if isinstance(_language, Unset):
            language = UNSET
        else:
            language = check_tenant_settings_language_enum(_language)

        def _parse_owner_email(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        owner_email = _parse_owner_email(d.pop("owner_email", UNSET))

        payments_enabled = d.pop("payments_enabled", UNSET)

        holds_enabled = d.pop("holds_enabled", UNSET)

        hold_minutes = d.pop("hold_minutes", UNSET)

        hold_extensions = d.pop("hold_extensions", UNSET)

        hold_extension_minutes = d.pop("hold_extension_minutes", UNSET)

        max_holds_per_cart = d.pop("max_holds_per_cart", UNSET)

        max_live_holds_per_address = d.pop("max_live_holds_per_address", UNSET)

        max_bookings_per_address_per_day = d.pop("max_bookings_per_address_per_day", UNSET)

        verify_every_email = d.pop("verify_every_email", UNSET)

        payment_window_minutes = d.pop("payment_window_minutes", UNSET)

        minimum_notice_minutes = d.pop("minimum_notice_minutes", UNSET)

        booking_horizon_days = d.pop("booking_horizon_days", UNSET)

        reschedule_allowed = d.pop("reschedule_allowed", UNSET)

        reschedule_limit = d.pop("reschedule_limit", UNSET)

        reschedule_window_hours = d.pop("reschedule_window_hours", UNSET)

        cancel_allowed = d.pop("cancel_allowed", UNSET)

        cancel_window_hours = d.pop("cancel_window_hours", UNSET)

        full_refund_hours_before = d.pop("full_refund_hours_before", UNSET)

        deposit_refundable = d.pop("deposit_refundable", UNSET)

        _labels = d.pop("labels", UNSET)
        labels: TenantSettingsLabels | Unset
        if isinstance(_labels, Unset):
            labels = UNSET
        else:
            labels = TenantSettingsLabels.from_dict(_labels)

        allowed_origins = cast(list[str], d.pop("allowed_origins", UNSET))

        tenant_settings = cls(
            slug=slug,
            plan=plan,
            timezone=timezone,
            name=name,
            language=language,
            owner_email=owner_email,
            payments_enabled=payments_enabled,
            holds_enabled=holds_enabled,
            hold_minutes=hold_minutes,
            hold_extensions=hold_extensions,
            hold_extension_minutes=hold_extension_minutes,
            max_holds_per_cart=max_holds_per_cart,
            max_live_holds_per_address=max_live_holds_per_address,
            max_bookings_per_address_per_day=max_bookings_per_address_per_day,
            verify_every_email=verify_every_email,
            payment_window_minutes=payment_window_minutes,
            minimum_notice_minutes=minimum_notice_minutes,
            booking_horizon_days=booking_horizon_days,
            reschedule_allowed=reschedule_allowed,
            reschedule_limit=reschedule_limit,
            reschedule_window_hours=reschedule_window_hours,
            cancel_allowed=cancel_allowed,
            cancel_window_hours=cancel_window_hours,
            full_refund_hours_before=full_refund_hours_before,
            deposit_refundable=deposit_refundable,
            labels=labels,
            allowed_origins=allowed_origins,
        )

        tenant_settings.additional_properties = d
        return tenant_settings

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
