from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookDeliveryOutput")


@_attrs_define
class WebhookDeliveryOutput:
    """
    Attributes:
        id (UUID):
        webhook_id (str): The webhook-id header: the same every attempt.
        event (str):
        state (str): pending, succeeded or failed (final).
        attempts (int):
        last_status_code (int | None):
        last_error (str):
        latency_ms (int | None): Of the last attempt.
        last_attempt_at (datetime.datetime | None):
        next_attempt_at (datetime.datetime | None): The next retry; null once final.
        finished_at (datetime.datetime | None):
        created_at (datetime.datetime):
    """

    id: UUID
    webhook_id: str
    event: str
    state: str
    attempts: int
    last_status_code: int | None
    last_error: str
    latency_ms: int | None
    last_attempt_at: datetime.datetime | None
    next_attempt_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        webhook_id = self.webhook_id

        event = self.event

        state = self.state

        attempts = self.attempts

        last_status_code: int | None
        last_status_code = self.last_status_code

        last_error = self.last_error

        latency_ms: int | None
        latency_ms = self.latency_ms

        last_attempt_at: None | str
        if isinstance(self.last_attempt_at, datetime.datetime):
            last_attempt_at = self.last_attempt_at.isoformat()
        else:
            last_attempt_at = self.last_attempt_at

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "webhook_id": webhook_id,
                "event": event,
                "state": state,
                "attempts": attempts,
                "last_status_code": last_status_code,
                "last_error": last_error,
                "latency_ms": latency_ms,
                "last_attempt_at": last_attempt_at,
                "next_attempt_at": next_attempt_at,
                "finished_at": finished_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        webhook_id = d.pop("webhook_id")

        event = d.pop("event")

        state = d.pop("state")

        attempts = d.pop("attempts")

        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))

        last_error = d.pop("last_error")

        def _parse_latency_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms"))

        def _parse_last_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_attempt_at = _parse_last_attempt_at(d.pop("last_attempt_at"))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        webhook_delivery_output = cls(
            id=id,
            webhook_id=webhook_id,
            event=event,
            state=state,
            attempts=attempts,
            last_status_code=last_status_code,
            last_error=last_error,
            latency_ms=latency_ms,
            last_attempt_at=last_attempt_at,
            next_attempt_at=next_attempt_at,
            finished_at=finished_at,
            created_at=created_at,
        )

        webhook_delivery_output.additional_properties = d
        return webhook_delivery_output

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
