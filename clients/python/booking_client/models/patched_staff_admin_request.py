from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedStaffAdminRequest")


@_attrs_define
class PatchedStaffAdminRequest:
    """
    Attributes:
        name (str | Unset):
        email (str | Unset):
        services (list[UUID] | Unset): Ids of the services this staff member gives.
        slot_interval_minutes (int | Unset):
        active (bool | Unset):
    """

    name: str | Unset = UNSET
    email: str | Unset = UNSET
    services: list[UUID] | Unset = UNSET
    slot_interval_minutes: int | Unset = UNSET
    active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email: str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        services: list[str] | Unset = UNSET
        if not isinstance(self.services, Unset):
            services = []
            for services_item_data in self.services:
                services_item = str(services_item_data)
                services.append(services_item)

        slot_interval_minutes = self.slot_interval_minutes

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if services is not UNSET:
            field_dict["services"] = services
        if slot_interval_minutes is not UNSET:
            field_dict["slot_interval_minutes"] = slot_interval_minutes
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_email(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        _services = d.pop("services", UNSET)
        services: list[UUID] | Unset = UNSET
        if _services is not UNSET:
            services = []
            for services_item_data in _services:
                services_item = UUID(services_item_data)

                services.append(services_item)

        slot_interval_minutes = d.pop("slot_interval_minutes", UNSET)

        active = d.pop("active", UNSET)

        patched_staff_admin_request = cls(
            name=name,
            email=email,
            services=services,
            slot_interval_minutes=slot_interval_minutes,
            active=active,
        )

        patched_staff_admin_request.additional_properties = d
        return patched_staff_admin_request

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
