from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency_enum import CurrencyEnum, check_currency_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="ServiceAdminRequest")


@_attrs_define
class ServiceAdminRequest:
    """
    Attributes:
        name (str):
        duration_minutes (int):
        description (str | Unset):
        price_amount (int | None | Unset):
        currency (CurrencyEnum | Unset):
        down_payment_percent (int | None | Unset):
        buffer_before_minutes (int | Unset):
        buffer_after_minutes (int | Unset):
        active (bool | Unset):
    """

    name: str
    duration_minutes: int
    description: str | Unset = UNSET
    price_amount: int | None | Unset = UNSET
    currency: CurrencyEnum | Unset = UNSET
    down_payment_percent: int | None | Unset = UNSET
    buffer_before_minutes: int | Unset = UNSET
    buffer_after_minutes: int | Unset = UNSET
    active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        duration_minutes = self.duration_minutes

        description = self.description

        price_amount: int | None | Unset
        if isinstance(self.price_amount, Unset):
            price_amount = UNSET
        else:
            price_amount = self.price_amount

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency

        down_payment_percent: int | None | Unset
        if isinstance(self.down_payment_percent, Unset):
            down_payment_percent = UNSET
        else:
            down_payment_percent = self.down_payment_percent

        buffer_before_minutes = self.buffer_before_minutes

        buffer_after_minutes = self.buffer_after_minutes

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "duration_minutes": duration_minutes,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if price_amount is not UNSET:
            field_dict["price_amount"] = price_amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if down_payment_percent is not UNSET:
            field_dict["down_payment_percent"] = down_payment_percent
        if buffer_before_minutes is not UNSET:
            field_dict["buffer_before_minutes"] = buffer_before_minutes
        if buffer_after_minutes is not UNSET:
            field_dict["buffer_after_minutes"] = buffer_after_minutes
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        duration_minutes = d.pop("duration_minutes")

        description = d.pop("description", UNSET)

        def _parse_price_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        price_amount = _parse_price_amount(d.pop("price_amount", UNSET))

        _currency = d.pop("currency", UNSET)
        currency: CurrencyEnum | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = check_currency_enum(_currency)

        def _parse_down_payment_percent(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        down_payment_percent = _parse_down_payment_percent(d.pop("down_payment_percent", UNSET))

        buffer_before_minutes = d.pop("buffer_before_minutes", UNSET)

        buffer_after_minutes = d.pop("buffer_after_minutes", UNSET)

        active = d.pop("active", UNSET)

        service_admin_request = cls(
            name=name,
            duration_minutes=duration_minutes,
            description=description,
            price_amount=price_amount,
            currency=currency,
            down_payment_percent=down_payment_percent,
            buffer_before_minutes=buffer_before_minutes,
            buffer_after_minutes=buffer_after_minutes,
            active=active,
        )

        service_admin_request.additional_properties = d
        return service_admin_request

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
