from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AdminClientOutput")


@_attrs_define
class AdminClientOutput:
    """
    Attributes:
        id (UUID):
        name (str):
        email (str):
        phone (str):
        anonymized_at (datetime.datetime | None): When the client's personal data was erased; null if not.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    name: str
    email: str
    phone: str
    anonymized_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        email = self.email

        phone = self.phone

        anonymized_at: None | str
        if isinstance(self.anonymized_at, datetime.datetime):
            anonymized_at = self.anonymized_at.isoformat()
        else:
            anonymized_at = self.anonymized_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "email": email,
                "phone": phone,
                "anonymized_at": anonymized_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        email = d.pop("email")

        phone = d.pop("phone")

        def _parse_anonymized_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                anonymized_at_type_0 = datetime.datetime.fromisoformat(data)

                return anonymized_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        anonymized_at = _parse_anonymized_at(d.pop("anonymized_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        admin_client_output = cls(
            id=id,
            name=name,
            email=email,
            phone=phone,
            anonymized_at=anonymized_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        admin_client_output.additional_properties = d
        return admin_client_output

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
