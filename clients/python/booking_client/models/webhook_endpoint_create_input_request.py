from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_enum import WebhookEventEnum, check_webhook_event_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEndpointCreateInputRequest")


@_attrs_define
class WebhookEndpointCreateInputRequest:
    """
    Attributes:
        url (str): Where events are POSTed: https (plain http only outside production); never a loopback, private, link-
            local, multicast or cloud metadata address, checked again after DNS resolution at every attempt.
        events (list[WebhookEventEnum]): The event types this endpoint receives: booking.created, booking.confirmed,
            booking.rescheduled, booking.cancelled, booking.expired, payment.succeeded, payment.refunded.
        description (str | Unset):  Default: ''.
        active (bool | Unset):  Default: True.
    """

    url: str
    events: list[WebhookEventEnum]
    description: str | Unset = ""
    active: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        events = []
        for events_item_data in self.events:
            events_item: str = events_item_data
            events.append(events_item)

        description = self.description

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
                "events": events,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = check_webhook_event_enum(events_item_data)

            events.append(events_item)

        description = d.pop("description", UNSET)

        active = d.pop("active", UNSET)

        webhook_endpoint_create_input_request = cls(
            url=url,
            events=events,
            description=description,
            active=active,
        )

        webhook_endpoint_create_input_request.additional_properties = d
        return webhook_endpoint_create_input_request

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
