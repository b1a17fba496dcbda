from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AdminBookingPaymentHistoryOutput")


@_attrs_define
class AdminBookingPaymentHistoryOutput:
    """
    Attributes:
        type_ (str): payment or refund.
        payment_intent (str): The Stripe PaymentIntent charged.
        refund (str): The refund's id; empty for a payment.
        amount (int): Minor units, in `currency`.
        currency (str):
        reason (str): For a refund: cancelled, booking_expired or duplicate_payment (a second charge for the same order,
            refunded in full; it never counts in amount_paid or amount_refunded). A duplicate charge itself also says
            duplicate_payment.
        at (datetime.datetime):
    """

    type_: str
    payment_intent: str
    refund: str
    amount: int
    currency: str
    reason: str
    at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        payment_intent = self.payment_intent

        refund = self.refund

        amount = self.amount

        currency = self.currency

        reason = self.reason

        at = self.at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "payment_intent": payment_intent,
                "refund": refund,
                "amount": amount,
                "currency": currency,
                "reason": reason,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        payment_intent = d.pop("payment_intent")

        refund = d.pop("refund")

        amount = d.pop("amount")

        currency = d.pop("currency")

        reason = d.pop("reason")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        admin_booking_payment_history_output = cls(
            type_=type_,
            payment_intent=payment_intent,
            refund=refund,
            amount=amount,
            currency=currency,
            reason=reason,
            at=at,
        )

        admin_booking_payment_history_output.additional_properties = d
        return admin_booking_payment_history_output

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
