from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_enum import PaymentEnum, check_payment_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.booking_client_input_request import BookingClientInputRequest
    from ..models.hold_create_input_request import HoldCreateInputRequest


T = TypeVar("T", bound="BookingCreateInputRequest")


@_attrs_define
class BookingCreateInputRequest:
    """
    Attributes:
        client (BookingClientInputRequest):
        slot (HoldCreateInputRequest | Unset):
        note (str | Unset):  Default: ''.
        reminder (bool | Unset):  Default: False.
        payment (PaymentEnum | Unset): * `none` - None
            * `full` - Full
            * `deposit` - Deposit Default: 'none'.
        language (None | str | Unset): en or de; default: the tenant's.
    """

    client: BookingClientInputRequest
    slot: HoldCreateInputRequest | Unset = UNSET
    note: str | Unset = ""
    reminder: bool | Unset = False
    payment: PaymentEnum | Unset = "none"
    language: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client = self.client.to_dict()

        slot: dict[str, Any] | Unset = UNSET
        if not isinstance(self.slot, Unset):
            slot = self.slot.to_dict()

        note = self.note

        reminder = self.reminder

        payment: str | Unset = UNSET
        if not isinstance(self.payment, Unset):
            payment = self.payment

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client": client,
            }
        )
        if slot is not UNSET:
            field_dict["slot"] = slot
        if note is not UNSET:
            field_dict["note"] = note
        if reminder is not UNSET:
            field_dict["reminder"] = reminder
        if payment is not UNSET:
            field_dict["payment"] = payment
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.booking_client_input_request import BookingClientInputRequest  # noqa: PLC0415
        from ..models.hold_create_input_request import HoldCreateInputRequest  # noqa: PLC0415

        d = dict(src_dict)
        client = BookingClientInputRequest.from_dict(d.pop("client"))

        _slot = d.pop("slot", UNSET)
        slot: HoldCreateInputRequest | Unset
        if isinstance(_slot, Unset):
            slot = UNSET
        else:
            slot = HoldCreateInputRequest.from_dict(_slot)

        note = d.pop("note", UNSET)

        reminder = d.pop("reminder", UNSET)

        _payment = d.pop("payment", UNSET)
        payment: PaymentEnum | Unset
        if isinstance(_payment, Unset):
            payment = UNSET
        else:
            payment = check_payment_enum(_payment)

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        booking_create_input_request = cls(
            client=client,
            slot=slot,
            note=note,
            reminder=reminder,
            payment=payment,
            language=language,
        )

        booking_create_input_request.additional_properties = d
        return booking_create_input_request

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
