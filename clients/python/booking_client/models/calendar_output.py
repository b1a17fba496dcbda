from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.calendar_day_output import CalendarDayOutput


T = TypeVar("T", bound="CalendarOutput")


@_attrs_define
class CalendarOutput:
    """
    Attributes:
        service (UUID):
        staff (str): The staff member's id, or 'any'.
        month (str):
        tz (str):
        server_time (datetime.datetime):
        days (list[CalendarDayOutput]):
    """

    service: UUID
    staff: str
    month: str
    tz: str
    server_time: datetime.datetime
    days: list[CalendarDayOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = str(self.service)

        staff = self.staff

        month = self.month

        tz = self.tz

        server_time = self.server_time.isoformat()

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.to_dict()
            days.append(days_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "staff": staff,
                "month": month,
                "tz": tz,
                "server_time": server_time,
                "days": days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.calendar_day_output import CalendarDayOutput  # noqa: PLC0415

        d = dict(src_dict)
        service = UUID(d.pop("service"))

        staff = d.pop("staff")

        month = d.pop("month")

        tz = d.pop("tz")

        server_time = datetime.datetime.fromisoformat(d.pop("server_time"))

        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = CalendarDayOutput.from_dict(days_item_data)

            days.append(days_item)

        calendar_output = cls(
            service=service,
            staff=staff,
            month=month,
            tz=tz,
            server_time=server_time,
            days=days,
        )

        calendar_output.additional_properties = d
        return calendar_output

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
