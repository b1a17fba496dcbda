from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.options_enum import OptionsEnum, check_options_enum
from ..models.payment_enum import PaymentEnum, check_payment_enum

T = TypeVar("T", bound="CartPaymentOptionsOutput")


@_attrs_define
class CartPaymentOptionsOutput:
    """What the summary page offers for the cart's held starts together, as POST /bookings
    checks a booking of them, and what each choice charges now.

        Attributes:
            options (list[OptionsEnum]): The summary page's names of the choices (`payments` names the same ones).
            payments (list[PaymentEnum]): The choices as POST /bookings takes them in `payment`, in the order to offer them:
                full (options: pay), deposit (down_payment), none (finish). Paid when any held service is; a down payment only
                when every paid one takes one; nothing online for an empty cart or paid services in two currencies.
            full_amount (int | None): What paying in full charges now (the prices' sum), when offered; else null.
            down_payment_amount (int | None): What the down payment charges now (the down payments' sum), when offered; else
                null.
            currency (str): Of the amounts; empty when none.
    """

    options: list[OptionsEnum]
    payments: list[PaymentEnum]
    full_amount: int | None
    down_payment_amount: int | None
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        options = []
        for options_item_data in self.options:
            options_item: str = options_item_data
            options.append(options_item)

        payments = []
        for payments_item_data in self.payments:
            payments_item: str = payments_item_data
            payments.append(payments_item)

        full_amount: int | None
        full_amount = self.full_amount

        down_payment_amount: int | None
        down_payment_amount = self.down_payment_amount

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "options": options,
                "payments": payments,
                "full_amount": full_amount,
                "down_payment_amount": down_payment_amount,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        options = []
        _options = d.pop("options")
        for options_item_data in _options:
            options_item = check_options_enum(options_item_data)

            options.append(options_item)

        payments = []
        _payments = d.pop("payments")
        for payments_item_data in _payments:
            payments_item = check_payment_enum(payments_item_data)

            payments.append(payments_item)

        def _parse_full_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        full_amount = _parse_full_amount(d.pop("full_amount"))

        def _parse_down_payment_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        down_payment_amount = _parse_down_payment_amount(d.pop("down_payment_amount"))

        currency = d.pop("currency")

        cart_payment_options_output = cls(
            options=options,
            payments=payments,
            full_amount=full_amount,
            down_payment_amount=down_payment_amount,
            currency=currency,
        )

        cart_payment_options_output.additional_properties = d
        return cart_payment_options_output

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
