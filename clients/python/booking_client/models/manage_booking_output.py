from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_enum import PaymentEnum, check_payment_enum

if TYPE_CHECKING:
    from ..models.booking_appointment_output import BookingAppointmentOutput


T = TypeVar("T", bound="ManageBookingOutput")


@_attrs_define
class ManageBookingOutput:
    """
    Attributes:
        id (UUID):
        status (str): One of awaiting_verification, awaiting_payment, confirmed, cancelled, expired.
        payment (PaymentEnum): * `none` - None
            * `full` - Full
            * `deposit` - Deposit
        currency (str):
        total_amount (int): Minor units.
        amount_paid (int):
        amount_refunded (int):
        balance_due (int): Minor units still due at the appointment.
        first_start (datetime.datetime):
        cancelled_at (datetime.datetime | None):
        appointments (list[BookingAppointmentOutput]):
        can_reschedule (bool):
        reschedule_blocked_reason (str): Why not, as the error code a reschedule would get: booking_not_confirmed,
            reschedule_not_allowed, holds_disabled, reschedule_limit_reached, reschedule_window_passed; empty when it may.
        reschedules (int): How often it was moved already.
        reschedules_left (int):
        can_cancel (bool):
        cancel_blocked_reason (str): Why not: booking_not_cancellable, cancel_not_allowed, cancel_window_passed; empty
            when it may.
        refund (str): full, none, or empty when nothing was paid: for a cancelled booking what its cancellation refunds,
            otherwise what cancelling now would.
        refund_amount (int): Minor units, in `currency`.
        server_time (datetime.datetime):
    """

    id: UUID
    status: str
    payment: PaymentEnum
    currency: str
    total_amount: int
    amount_paid: int
    amount_refunded: int
    balance_due: int
    first_start: datetime.datetime
    cancelled_at: datetime.datetime | None
    appointments: list[BookingAppointmentOutput]
    can_reschedule: bool
    reschedule_blocked_reason: str
    reschedules: int
    reschedules_left: int
    can_cancel: bool
    cancel_blocked_reason: str
    refund: str
    refund_amount: int
    server_time: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        status = self.status

        payment: str = self.payment

        currency = self.currency

        total_amount = self.total_amount

        amount_paid = self.amount_paid

        amount_refunded = self.amount_refunded

        balance_due = self.balance_due

        first_start = self.first_start.isoformat()

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        appointments = []
        for appointments_item_data in self.appointments:
            appointments_item = appointments_item_data.to_dict()
            appointments.append(appointments_item)

        can_reschedule = self.can_reschedule

        reschedule_blocked_reason = self.reschedule_blocked_reason

        reschedules = self.reschedules

        reschedules_left = self.reschedules_left

        can_cancel = self.can_cancel

        cancel_blocked_reason = self.cancel_blocked_reason

        refund = self.refund

        refund_amount = self.refund_amount

        server_time = self.server_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "payment": payment,
                "currency": currency,
                "total_amount": total_amount,
                "amount_paid": amount_paid,
                "amount_refunded": amount_refunded,
                "balance_due": balance_due,
                "first_start": first_start,
                "cancelled_at": cancelled_at,
                "appointments": appointments,
                "can_reschedule": can_reschedule,
                "reschedule_blocked_reason": reschedule_blocked_reason,
                "reschedules": reschedules,
                "reschedules_left": reschedules_left,
                "can_cancel": can_cancel,
                "cancel_blocked_reason": cancel_blocked_reason,
                "refund": refund,
                "refund_amount": refund_amount,
                "server_time": server_time,
            }
        )

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

        amount_paid = d.pop("amount_paid")

        amount_refunded = d.pop("amount_refunded")

        balance_due = d.pop("balance_due")

        first_start = datetime.datetime.fromisoformat(d.pop("first_start"))

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

        appointments = []
        _appointments = d.pop("appointments")
        for appointments_item_data in _appointments:
            appointments_item = BookingAppointmentOutput.from_dict(appointments_item_data)

            appointments.append(appointments_item)

        can_reschedule = d.pop("can_reschedule")

        reschedule_blocked_reason = d.pop("reschedule_blocked_reason")

        reschedules = d.pop("reschedules")

        reschedules_left = d.pop("reschedules_left")

        can_cancel = d.pop("can_cancel")

        cancel_blocked_reason = d.pop("cancel_blocked_reason")

        refund = d.pop("refund")

        refund_amount = d.pop("refund_amount")

        server_time = datetime.datetime.fromisoformat(d.pop("server_time"))

        manage_booking_output = cls(
            id=id,
            status=status,
            payment=payment,
            currency=currency,
            total_amount=total_amount,
            amount_paid=amount_paid,
            amount_refunded=amount_refunded,
            balance_due=balance_due,
            first_start=first_start,
            cancelled_at=cancelled_at,
            appointments=appointments,
            can_reschedule=can_reschedule,
            reschedule_blocked_reason=reschedule_blocked_reason,
            reschedules=reschedules,
            reschedules_left=reschedules_left,
            can_cancel=can_cancel,
            cancel_blocked_reason=cancel_blocked_reason,
            refund=refund,
            refund_amount=refund_amount,
            server_time=server_time,
        )

        manage_booking_output.additional_properties = d
        return manage_booking_output

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
