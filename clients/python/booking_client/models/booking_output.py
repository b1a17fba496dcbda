from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_enum import PaymentEnum, check_payment_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.booking_appointment_output import BookingAppointmentOutput


T = TypeVar("T", bound="BookingOutput")


@_attrs_define
class BookingOutput:
    """
    Attributes:
        id (UUID):
        status (str): One of awaiting_verification, awaiting_payment, confirmed, cancelled, expired.
        payment (PaymentEnum): * `none` - None
            * `full` - Full
            * `deposit` - Deposit
        currency (str):
        total_amount (int): Minor units.
        payment_amount (int): Minor units charged online.
        amount_paid (int):
        balance_due (int): Minor units still due at the appointment.
        expires_at (datetime.datetime | None): Deadline of verification or payment; null once confirmed.
        server_time (datetime.datetime):
        payment_order (None | str): Signed order for the payments service, while awaiting payment.
        appointments (list[BookingAppointmentOutput]):
        cart_token (None | str | Unset): Only when a direct booking made a new cart: send it as X-Cart-Token to verify.
    """

    id: UUID
    status: str
    payment: PaymentEnum
    currency: str
    total_amount: int
    payment_amount: int
    amount_paid: int
    balance_due: int
    expires_at: datetime.datetime | None
    server_time: datetime.datetime
    payment_order: None | str
    appointments: list[BookingAppointmentOutput]
    cart_token: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        status = self.status

        payment: str = self.payment

        currency = self.currency

        total_amount = self.total_amount

        payment_amount = self.payment_amount

        amount_paid = self.amount_paid

        balance_due = self.balance_due

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        server_time = self.server_time.isoformat()

        payment_order: None | str
        payment_order = self.payment_order

        appointments = []
        for appointments_item_data in self.appointments:
            appointments_item = appointments_item_data.to_dict()
            appointments.append(appointments_item)

        cart_token: None | str | Unset
        if isinstance(self.cart_token, Unset):
            cart_token = UNSET
        else:
            cart_token = self.cart_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "payment": payment,
                "currency": currency,
                "total_amount": total_amount,
                "payment_amount": payment_amount,
                "amount_paid": amount_paid,
                "balance_due": balance_due,
                "expires_at": expires_at,
                "server_time": server_time,
                "payment_order": payment_order,
                "appointments": appointments,
            }
        )
        if cart_token is not UNSET:
            field_dict["cart_token"] = cart_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.booking_appointment_output import BookingAppointmentOutput  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        status = d.pop("status")

        payment = check_payment_enum(d.pop("payment"))

        currency = d.pop("currency")

        total_amount = d.pop("total_amount")

        payment_amount = d.pop("payment_amount")

        amount_paid = d.pop("amount_paid")

        balance_due = d.pop("balance_due")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        server_time = datetime.datetime.fromisoformat(d.pop("server_time"))

        def _parse_payment_order(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_order = _parse_payment_order(d.pop("payment_order"))

        appointments = []
        _appointments = d.pop("appointments")
        for appointments_item_data in _appointments:
            appointments_item = BookingAppointmentOutput.from_dict(appointments_item_data)

            appointments.append(appointments_item)

        def _parse_cart_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cart_token = _parse_cart_token(d.pop("cart_token", UNSET))

        booking_output = cls(
            id=id,
            status=status,
            payment=payment,
            currency=currency,
            total_amount=total_amount,
            payment_amount=payment_amount,
            amount_paid=amount_paid,
            balance_due=balance_due,
            expires_at=expires_at,
            server_time=server_time,
            payment_order=payment_order,
            appointments=appointments,
            cart_token=cart_token,
        )

        booking_output.additional_properties = d
        return booking_output

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
