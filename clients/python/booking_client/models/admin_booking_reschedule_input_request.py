from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AdminBookingRescheduleInputRequest")


@_attrs_define
class AdminBookingRescheduleInputRequest:
    """
    Attributes:
        start (datetime.datetime): The new start of the booking's first appointment.
        staff (UUID | Unset): Who gives it from then on; default: the same staff member.
    """

    start: datetime.datetime
    staff: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        staff: str | Unset = UNSET
        if not isinstance(self.staff, Unset):
            staff = str(self.staff)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
            }
        )
        if staff is not UNSET:
            field_dict["staff"] = staff

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))

        _staff = d.pop("staff", UNSET)
        staff: UUID | Unset
        if isinstance(_staff, Unset):
            staff = UNSET
        else:
            staff = UUID(_staff)

        admin_booking_reschedule_input_request = cls(
            start=start,
            staff=staff,
        )

        admin_booking_reschedule_input_request.additional_properties = d
        return admin_booking_reschedule_input_request

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
