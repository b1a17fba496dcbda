from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WaitlistJoinInputRequest")


@_attrs_define
class WaitlistJoinInputRequest:
    """
    Attributes:
        service (UUID):
        date (datetime.date): The full day, in the business's time zone.
        email (str):
        staff (str | Unset): A staff member's id, or "any". Default: 'any'.
        language (str | Unset): en or de: the email's language. Default: 'en'.
    """

    service: UUID
    date: datetime.date
    email: str
    staff: str | Unset = "any"
    language: str | Unset = "en"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = str(self.service)

        date = self.date.isoformat()

        email = self.email

        staff = self.staff

        language = self.language

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "date": date,
                "email": email,
            }
        )
        if staff is not UNSET:
            field_dict["staff"] = staff
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = UUID(d.pop("service"))

        date = datetime.date.fromisoformat(d.pop("date"))

        email = d.pop("email")

        staff = d.pop("staff", UNSET)

        language = d.pop("language", UNSET)

        waitlist_join_input_request = cls(
            service=service,
            date=date,
            email=email,
            staff=staff,
            language=language,
        )

        waitlist_join_input_request.additional_properties = d
        return waitlist_join_input_request

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
