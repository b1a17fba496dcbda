from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.public_tenant_output_labels import PublicTenantOutputLabels


T = TypeVar("T", bound="PublicTenantOutput")


@_attrs_define
class PublicTenantOutput:
    """
    Attributes:
        name (str):
        slug (str):
        timezone (str):
        language (str):
        labels (PublicTenantOutputLabels):
        holds_enabled (bool):
        hold_minutes (int):
        takes_payments (bool):
    """

    name: str
    slug: str
    timezone: str
    language: str
    labels: PublicTenantOutputLabels
    holds_enabled: bool
    hold_minutes: int
    takes_payments: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        slug = self.slug

        timezone = self.timezone

        language = self.language

        labels = self.labels.to_dict()

        holds_enabled = self.holds_enabled

        hold_minutes = self.hold_minutes

        takes_payments = self.takes_payments

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "slug": slug,
                "timezone": timezone,
                "language": language,
                "labels": labels,
                "holds_enabled": holds_enabled,
                "hold_minutes": hold_minutes,
                "takes_payments": takes_payments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_tenant_output_labels import PublicTenantOutputLabels  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        slug = d.pop("slug")

        timezone = d.pop("timezone")

        language = d.pop("language")

        labels = PublicTenantOutputLabels.from_dict(d.pop("labels"))

        holds_enabled = d.pop("holds_enabled")

        hold_minutes = d.pop("hold_minutes")

        takes_payments = d.pop("takes_payments")

        public_tenant_output = cls(
            name=name,
            slug=slug,
            timezone=timezone,
            language=language,
            labels=labels,
            holds_enabled=holds_enabled,
            hold_minutes=hold_minutes,
            takes_payments=takes_payments,
        )

        public_tenant_output.additional_properties = d
        return public_tenant_output

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
