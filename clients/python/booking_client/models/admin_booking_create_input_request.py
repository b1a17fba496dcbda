from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.booking_client_input_request import BookingClientInputRequest


T = TypeVar("T", bound="AdminBookingCreateInputRequest")


@_attrs_define
class AdminBookingCreateInputRequest:
    """
    Attributes:
        service (UUID):
        staff (UUID):
        start (datetime.datetime):
        client (BookingClientInputRequest):
        note (str | Unset):  Default: ''.
        reminder (bool | Unset):  Default: False.
        language (None | str | Unset): en or de; default: the tenant's.
        notify_client (bool | Unset): Send the confirmation email (with the manage link) to the client, the staff member
            and the owner; false sends none. Default: True.
    """

    service: UUID
    staff: UUID
    start: datetime.datetime
    client: BookingClientInputRequest
    note: str | Unset = ""
    reminder: bool | Unset = False
    language: None | str | Unset = UNSET
    notify_client: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = str(self.service)

        staff = str(self.staff)

        start = self.start.isoformat()

        client = self.client.to_dict()

        note = self.note

        reminder = self.reminder

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        notify_client = self.notify_client

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "staff": staff,
                "start": start,
                "client": client,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note
        if reminder is not UNSET:
            field_dict["reminder"] = reminder
        if language is not UNSET:
            field_dict["language"] = language
        if notify_client is not UNSET:
            field_dict["notify_client"] = notify_client

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.booking_client_input_request import BookingClientInputRequest  # noqa: PLC0415

        d = dict(src_dict)
        service = UUID(d.pop("service"))

        staff = UUID(d.pop("staff"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        client = BookingClientInputRequest.from_dict(d.pop("client"))

        note = d.pop("note", UNSET)

        reminder = d.pop("reminder", UNSET)

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        notify_client = d.pop("notify_client", UNSET)

        admin_booking_create_input_request = cls(
            service=service,
            staff=staff,
            start=start,
            client=client,
            note=note,
            reminder=reminder,
            language=language,
            notify_client=notify_client,
        )

        admin_booking_create_input_request.additional_properties = d
        return admin_booking_create_input_request

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
