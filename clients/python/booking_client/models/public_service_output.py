from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.public_down_payment_output import PublicDownPaymentOutput
    from ..models.public_money_output import PublicMoneyOutput


T = TypeVar("T", bound="PublicServiceOutput")


@_attrs_define
class PublicServiceOutput:
    """
    Attributes:
        id (UUID):
        name (str):
        description (str):
        duration_minutes (int):
        price (None | PublicMoneyOutput):
        down_payment (None | PublicDownPaymentOutput):
    """

    id: UUID
    name: str
    description: str
    duration_minutes: int
    price: None | PublicMoneyOutput
    down_payment: None | PublicDownPaymentOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.public_down_payment_output import PublicDownPaymentOutput  # noqa: PLC0415
        from ..models.public_money_output import PublicMoneyOutput  # noqa: PLC0415

        id = str(self.id)

        name = self.name

        description = self.description

        duration_minutes = self.duration_minutes

        price: dict[str, Any] | None
        if isinstance(self.price, PublicMoneyOutput):
            price = self.price.to_dict()
        else:
            price = self.price

        down_payment: dict[str, Any] | None
        if isinstance(self.down_payment, PublicDownPaymentOutput):
            down_payment = self.down_payment.to_dict()
        else:
            down_payment = self.down_payment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "duration_minutes": duration_minutes,
                "price": price,
                "down_payment": down_payment,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_down_payment_output import PublicDownPaymentOutput  # noqa: PLC0415
        from ..models.public_money_output import PublicMoneyOutput  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        description = d.pop("description")

        duration_minutes = d.pop("duration_minutes")

        def _parse_price(data: object) -> None | PublicMoneyOutput:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                price_type_1 = PublicMoneyOutput.from_dict(data)

                return price_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PublicMoneyOutput, data)

        price = _parse_price(d.pop("price"))

        def _parse_down_payment(data: object) -> None | PublicDownPaymentOutput:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                down_payment_type_1 = PublicDownPaymentOutput.from_dict(data)

                return down_payment_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PublicDownPaymentOutput, data)

        down_payment = _parse_down_payment(d.pop("down_payment"))

        public_service_output = cls(
            id=id,
            name=name,
            description=description,
            duration_minutes=duration_minutes,
            price=price,
            down_payment=down_payment,
        )

        public_service_output.additional_properties = d
        return public_service_output

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
