from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.options_enum import OptionsEnum, check_options_enum
from ..models.payment_enum import PaymentEnum, check_payment_enum

T = TypeVar("T", bound="PaymentOptionsOutput")


@_attrs_define
class PaymentOptionsOutput:
    """
    Attributes:
        service (UUID):
        options (list[OptionsEnum]): The summary page's names of the choices (`payments` names the same ones).
        payments (list[PaymentEnum]): The choices as POST /bookings takes them in `payment`, in the order to offer them:
            full (options: pay), deposit (down_payment), none (finish).
        price_amount (int | None):
        down_payment_amount (int | None):
        currency (str):
    """

    service: UUID
    options: list[OptionsEnum]
    payments: list[PaymentEnum]
    price_amount: int | None
    down_payment_amount: int | None
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = str(self.service)

        options = []
        for options_item_data in self.options:
            options_item: str = options_item_data
            options.append(options_item)

        payments = []
        for payments_item_data in self.payments:
            payments_item: str = payments_item_data
            payments.append(payments_item)

        price_amount: int | None
        price_amount = self.price_amount

        down_payment_amount: int | None
        down_payment_amount = self.down_payment_amount

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "options": options,
                "payments": payments,
                "price_amount": price_amount,
                "down_payment_amount": down_payment_amount,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = UUID(d.pop("service"))

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

        def _parse_price_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        price_amount = _parse_price_amount(d.pop("price_amount"))

        def _parse_down_payment_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        down_payment_amount = _parse_down_payment_amount(d.pop("down_payment_amount"))

        currency = d.pop("currency")

        payment_options_output = cls(
            service=service,
            options=options,
            payments=payments,
            price_amount=price_amount,
            down_payment_amount=down_payment_amount,
            currency=currency,
        )

        payment_options_output.additional_properties = d
        return payment_options_output

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
