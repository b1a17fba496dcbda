from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HoldOutput")


@_attrs_define
class HoldOutput:
    """
    Attributes:
        id (UUID):
        cart_token (str): Keep it and send it as X-Cart-Token with every later call.
        service (UUID):
        staff (UUID):
        start (datetime.datetime):
        end (datetime.datetime):
        expires_at (datetime.datetime):
        server_time (datetime.datetime): The server's clock, for the countdown.
        extensions_left (int):
    """

    id: UUID
    cart_token: str
    service: UUID
    staff: UUID
    start: datetime.datetime
    end: datetime.datetime
    expires_at: datetime.datetime
    server_time: datetime.datetime
    extensions_left: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        cart_token = self.cart_token

        service = str(self.service)

        staff = str(self.staff)

        start = self.start.isoformat()

        end = self.end.isoformat()

        expires_at = self.expires_at.isoformat()

        server_time = self.server_time.isoformat()

        extensions_left = self.extensions_left

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "cart_token": cart_token,
                "service": service,
                "staff": staff,
                "start": start,
                "end": end,
                "expires_at": expires_at,
                "server_time": server_time,
                "extensions_left": extensions_left,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        cart_token = d.pop("cart_token")

        service = UUID(d.pop("service"))

        staff = UUID(d.pop("staff"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        server_time = datetime.datetime.fromisoformat(d.pop("server_time"))

        extensions_left = d.pop("extensions_left")

        hold_output = cls(
            id=id,
            cart_token=cart_token,
            service=service,
            staff=staff,
            start=start,
            end=end,
            expires_at=expires_at,
            server_time=server_time,
            extensions_left=extensions_left,
        )

        hold_output.additional_properties = d
        return hold_output

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
