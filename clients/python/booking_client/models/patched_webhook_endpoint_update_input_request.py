from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_enum import WebhookEventEnum, check_webhook_event_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedWebhookEndpointUpdateInputRequest")


@_attrs_define
class PatchedWebhookEndpointUpdateInputRequest:
    """
    Attributes:
        url (str | Unset):
        events (list[WebhookEventEnum] | Unset): The event types this endpoint receives: booking.created,
            booking.confirmed, booking.rescheduled, booking.cancelled, booking.expired, payment.succeeded, payment.refunded.
        description (str | Unset):
        active (bool | Unset): Switching a disabled endpoint on again starts its failure window afresh.
    """

    url: str | Unset = UNSET
    events: list[WebhookEventEnum] | Unset = UNSET
    description: str | Unset = UNSET
    active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item: str = events_item_data
                events.append(events_item)

        description = self.description

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if events is not UNSET:
            field_dict["events"] = events
        if description is not UNSET:
            field_dict["description"] = description
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        _events = d.pop("events", UNSET)
        events: list[WebhookEventEnum] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = check_webhook_event_enum(events_item_data)

                events.append(events_item)

        description = d.pop("description", UNSET)

        active = d.pop("active", UNSET)

        patched_webhook_endpoint_update_input_request = cls(
            url=url,
            events=events,
            description=description,
            active=active,
        )

        patched_webhook_endpoint_update_input_request.additional_properties = d
        return patched_webhook_endpoint_update_input_request

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
