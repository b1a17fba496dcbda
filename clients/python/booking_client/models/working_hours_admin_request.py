from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkingHoursAdminRequest")


@_attrs_define
class WorkingHoursAdminRequest:
    """
    Attributes:
        weekday (int): 0 is Monday.
        start_time (str): A time of day, HH:MM (24 hours), in the tenant's time zone. Example: 09:00.
        end_time (str): A time of day, HH:MM (24 hours), in the tenant's time zone. Example: 09:00.
    """

    weekday: int
    start_time: str
    end_time: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        weekday = self.weekday

        start_time = self.start_time

        end_time = self.end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "weekday": weekday,
                "start_time": start_time,
                "end_time": end_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        weekday = d.pop("weekday")

        start_time = d.pop("start_time")

        end_time = d.pop("end_time")

        working_hours_admin_request = cls(
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
        )

        working_hours_admin_request.additional_properties = d
        return working_hours_admin_request

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
