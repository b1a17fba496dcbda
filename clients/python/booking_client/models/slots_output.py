from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.slot_output import SlotOutput


T = TypeVar("T", bound="SlotsOutput")


@_attrs_define
class SlotsOutput:
    """
    Attributes:
        service (UUID):
        staff (str): The staff member's id, or 'any'.
        date (datetime.date):
        tz (str):
        server_time (datetime.datetime):
        slots (list[SlotOutput]):
    """

    service: UUID
    staff: str
    date: datetime.date
    tz: str
    server_time: datetime.datetime
    slots: list[SlotOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = str(self.service)

        staff = self.staff

        date = self.date.isoformat()

        tz = self.tz

        server_time = self.server_time.isoformat()

        slots = []
        for slots_item_data in self.slots:
            slots_item = slots_item_data.to_dict()
            slots.append(slots_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "staff": staff,
                "date": date,
                "tz": tz,
                "server_time": server_time,
                "slots": slots,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.slot_output import SlotOutput  # noqa: PLC0415

        d = dict(src_dict)
        service = UUID(d.pop("service"))

        staff = d.pop("staff")

        date = datetime.date.fromisoformat(d.pop("date"))

        tz = d.pop("tz")

        server_time = datetime.datetime.fromisoformat(d.pop("server_time"))

        slots = []
        _slots = d.pop("slots")
        for slots_item_data in _slots:
            slots_item = SlotOutput.from_dict(slots_item_data)

            slots.append(slots_item)

        slots_output = cls(
            service=service,
            staff=staff,
            date=date,
            tz=tz,
            server_time=server_time,
            slots=slots,
        )

        slots_output.additional_properties = d
        return slots_output

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
