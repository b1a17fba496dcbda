from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_enum import PaymentEnum, check_payment_enum

if TYPE_CHECKING:
    from ..models.admin_booking_client_output import AdminBookingClientOutput
    from ..models.admin_booking_payment_history_output import AdminBookingPaymentHistoryOutput
    from ..models.booking_appointment_output import BookingAppointmentOutput


T = TypeVar("T", bound="AdminBookingOutput")


@_attrs_define
class AdminBookingOutput:
    """
    Attributes:
        id (UUID):
        status (str): One of awaiting_verification, awaiting_payment, confirmed, cancelled, expired.
        client (AdminBookingClientOutput):
        note (str):
        reminder (bool):
        language (str):
        payment (PaymentEnum): * `none` - None
            * `full` - Full
            * `deposit` - Deposit
        currency (str):
        total_amount (int):
        amount_paid (int):
        amount_refunded (int):
        balance_due (int):
        payment_history (list[AdminBookingPaymentHistoryOutput]): Every charge and refund, oldest first.
        first_start (datetime.datetime):
        expires_at (datetime.datetime | None):
        confirmed_at (datetime.datetime | None):
        cancelled_at (datetime.datetime | None):
        created_at (datetime.datetime):
        appointments (list[BookingAppointmentOutput]):
    """

    id: UUID
    status: str
    client: AdminBookingClientOutput
    note: str
    reminder: bool
    language: str
    payment: PaymentEnum
    currency: str
    total_amount: int
    amount_paid: int
    amount_refunded: int
    balance_due: int
    payment_history: list[AdminBookingPaymentHistoryOutput]
    first_start: datetime.datetime
    expires_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    created_at: datetime.datetime
    appointments: list[BookingAppointmentOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        status = self.status

        client = self.client.to_dict()

        note = self.note

        reminder = self.reminder

        language = self.language

        payment: str = self.payment

        currency = self.currency

        total_amount = self.total_amount

        amount_paid = self.amount_paid

        amount_refunded = self.amount_refunded

        balance_due = self.balance_due

        payment_history = []
        for payment_history_item_data in self.payment_history:
            payment_history_item = payment_history_item_data.to_dict()
            payment_history.append(payment_history_item)

        first_start = self.first_start.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        confirmed_at: None | str
        if isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        created_at = self.created_at.isoformat()

        appointments = []
        for appointments_item_data in self.appointments:
            appointments_item = appointments_item_data.to_dict()
            appointments.append(appointments_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "client": client,
                "note": note,
                "reminder": reminder,
                "language": language,
                "payment": payment,
                "currency": currency,
                "total_amount": total_amount,
                "amount_paid": amount_paid,
                "amount_refunded": amount_refunded,
                "balance_due": balance_due,
                "payment_history": payment_history,
                "first_start": first_start,
                "expires_at": expires_at,
                "confirmed_at": confirmed_at,
                "cancelled_at": cancelled_at,
                "created_at": created_at,
                "appointments": appointments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_booking_client_output import AdminBookingClientOutput  # noqa: PLC0415
        from ..models.admin_booking_payment_history_output import AdminBookingPaymentHistoryOutput  # noqa: PLC0415
        from ..models.booking_appointment_output import BookingAppointmentOutput  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        status = d.pop("status")

        client = AdminBookingClientOutput.from_dict(d.pop("client"))

        note = d.pop("note")

        reminder = d.pop("reminder")

        language = d.pop("language")

        payment = check_payment_enum(d.pop("payment"))

        currency = d.pop("currency")

        total_amount = d.pop("total_amount")

        amount_paid = d.pop("amount_paid")

        amount_refunded = d.pop("amount_refunded")

        balance_due = d.pop("balance_due")

        payment_history = []
        _payment_history = d.pop("payment_history")
        for payment_history_item_data in _payment_history:
            payment_history_item = AdminBookingPaymentHistoryOutput.from_dict(payment_history_item_data)

            payment_history.append(payment_history_item)

        first_start = datetime.datetime.fromisoformat(d.pop("first_start"))

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

        def _parse_confirmed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        appointments = []
        _appointments = d.pop("appointments")
        for appointments_item_data in _appointments:
            appointments_item = BookingAppointmentOutput.from_dict(appointments_item_data)

            appointments.append(appointments_item)

        admin_booking_output = cls(
            id=id,
            status=status,
            client=client,
            note=note,
            reminder=reminder,
            language=language,
            payment=payment,
            currency=currency,
            total_amount=total_amount,
            amount_paid=amount_paid,
            amount_refunded=amount_refunded,
            balance_due=balance_due,
            payment_history=payment_history,
            first_start=first_start,
            expires_at=expires_at,
            confirmed_at=confirmed_at,
            cancelled_at=cancelled_at,
            created_at=created_at,
            appointments=appointments,
        )

        admin_booking_output.additional_properties = d
        return admin_booking_output

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
