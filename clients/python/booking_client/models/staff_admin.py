from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StaffAdmin")


@_attrs_define
class StaffAdmin:
    """
    Attributes:
        id (UUID):
        name (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        email (str | Unset):
        services (list[UUID] | Unset): Ids of the services this staff member gives.
        slot_interval_minutes (int | Unset):
        active (bool | Unset):
    """

    id: UUID
    name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    email: str | Unset = UNSET
    services: list[UUID] | Unset = UNSET
    slot_interval_minutes: int | Unset = UNSET
    active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

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
        field_dict.update(
            {
                "id": id,
                "name": name,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
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
        id = UUID(d.pop("id"))

        name = d.pop("name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        staff_admin = cls(
            id=id,
            name=name,
            created_at=created_at,
            updated_at=updated_at,
            email=email,
            services=services,
            slot_interval_minutes=slot_interval_minutes,
            active=active,
        )

        staff_admin.additional_properties = d
        return staff_admin

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
