from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WaitlistEntryOutput")


@_attrs_define
class WaitlistEntryOutput:
    """
    Attributes:
        id (UUID):
        service (UUID):
        staff (str):
        date (datetime.date):
    """

    id: UUID
    service: UUID
    staff: str
    date: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        service = str(self.service)

        staff = self.staff

        date = self.date.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "service": service,
                "staff": staff,
                "date": date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        service = UUID(d.pop("service"))

        staff = d.pop("staff")

        date = datetime.date.fromisoformat(d.pop("date"))

        waitlist_entry_output = cls(
            id=id,
            service=service,
            staff=staff,
            date=date,
        )

        waitlist_entry_output.additional_properties = d
        return waitlist_entry_output

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
