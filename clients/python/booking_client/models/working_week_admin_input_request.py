from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.working_hours_admin_request import WorkingHoursAdminRequest


T = TypeVar("T", bound="WorkingWeekAdminInputRequest")


@_attrs_define
class WorkingWeekAdminInputRequest:
    """
    Attributes:
        intervals (list[WorkingHoursAdminRequest]):
    """

    intervals: list[WorkingHoursAdminRequest]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        intervals = []
        for intervals_item_data in self.intervals:
            intervals_item = intervals_item_data.to_dict()
            intervals.append(intervals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "intervals": intervals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.working_hours_admin_request import WorkingHoursAdminRequest  # noqa: PLC0415

        d = dict(src_dict)
        intervals = []
        _intervals = d.pop("intervals")
        for intervals_item_data in _intervals:
            intervals_item = WorkingHoursAdminRequest.from_dict(intervals_item_data)

            intervals.append(intervals_item)

        working_week_admin_input_request = cls(
            intervals=intervals,
        )

        working_week_admin_input_request.additional_properties = d
        return working_week_admin_input_request

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
