from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BookingAppointmentOutput")


@_attrs_define
class BookingAppointmentOutput:
    """
    Attributes:
        service (UUID):
        service_name (str):
        staff (UUID):
        staff_name (str):
        start (datetime.datetime):
        end (datetime.datetime):
    """

    service: UUID
    service_name: str
    staff: UUID
    staff_name: str
    start: datetime.datetime
    end: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = str(self.service)

        service_name = self.service_name

        staff = str(self.staff)

        staff_name = self.staff_name

        start = self.start.isoformat()

        end = self.end.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "service_name": service_name,
                "staff": staff,
                "staff_name": staff_name,
                "start": start,
                "end": end,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = UUID(d.pop("service"))

        service_name = d.pop("service_name")

        staff = UUID(d.pop("staff"))

        staff_name = d.pop("staff_name")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        booking_appointment_output = cls(
            service=service,
            service_name=service_name,
            staff=staff,
            staff_name=staff_name,
            start=start,
            end=end,
        )

        booking_appointment_output.additional_properties = d
        return booking_appointment_output

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
