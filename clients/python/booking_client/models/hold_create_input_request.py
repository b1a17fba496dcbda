from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HoldCreateInputRequest")


@_attrs_define
class HoldCreateInputRequest:
    """
    Attributes:
        service (UUID):
        staff (UUID):
        start (datetime.datetime):
        altcha (str | Unset): The solved proof-of-work challenge (ALTCHA payload: base64 of JSON algorithm, challenge,
            number, salt, signature), needed once the address holds half of its cap; a 403 challenge_required answer carries
            the challenge to solve.
    """

    service: UUID
    staff: UUID
    start: datetime.datetime
    altcha: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = str(self.service)

        staff = str(self.staff)

        start = self.start.isoformat()

        altcha = self.altcha

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "staff": staff,
                "start": start,
            }
        )
        if altcha is not UNSET:
            field_dict["altcha"] = altcha

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = UUID(d.pop("service"))

        staff = UUID(d.pop("staff"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        altcha = d.pop("altcha", UNSET)

        hold_create_input_request = cls(
            service=service,
            staff=staff,
            start=start,
            altcha=altcha,
        )

        hold_create_input_request.additional_properties = d
        return hold_create_input_request

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
