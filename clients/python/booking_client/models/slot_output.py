from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.slot_staff_output import SlotStaffOutput


T = TypeVar("T", bound="SlotOutput")


@_attrs_define
class SlotOutput:
    """
    Attributes:
        start (datetime.datetime): ISO 8601 with the offset of tz.
        end (datetime.datetime): ISO 8601 with the offset of tz.
        staff (SlotStaffOutput):
        held_by_you (bool):
    """

    start: datetime.datetime
    end: datetime.datetime
    staff: SlotStaffOutput
    held_by_you: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        end = self.end.isoformat()

        staff = self.staff.to_dict()

        held_by_you = self.held_by_you

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
                "end": end,
                "staff": staff,
                "held_by_you": held_by_you,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.slot_staff_output import SlotStaffOutput  # noqa: PLC0415

        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        staff = SlotStaffOutput.from_dict(d.pop("staff"))

        held_by_you = d.pop("held_by_you")

        slot_output = cls(
            start=start,
            end=end,
            staff=staff,
            held_by_you=held_by_you,
        )

        slot_output.additional_properties = d
        return slot_output

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
