from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.calendar_day_status_enum import CalendarDayStatusEnum, check_calendar_day_status_enum

T = TypeVar("T", bound="CalendarDayOutput")


@_attrs_define
class CalendarDayOutput:
    """
    Attributes:
        date (datetime.date):
        status (CalendarDayStatusEnum): * `available` - available
            * `full` - full
            * `off` - off
            * `past` - past
            * `out_of_range` - out_of_range
    """

    date: datetime.date
    status: CalendarDayStatusEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        status: str = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        status = check_calendar_day_status_enum(d.pop("status"))

        calendar_day_output = cls(
            date=date,
            status=status,
        )

        calendar_day_output.additional_properties = d
        return calendar_day_output

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
