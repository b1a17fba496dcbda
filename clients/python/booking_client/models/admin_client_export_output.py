from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.admin_client_export_booking_output import AdminClientExportBookingOutput
    from ..models.admin_client_output import AdminClientOutput


T = TypeVar("T", bound="AdminClientExportOutput")


@_attrs_define
class AdminClientExportOutput:
    """
    Attributes:
        exported_at (datetime.datetime):
        client (AdminClientOutput):
        bookings (list[AdminClientExportBookingOutput]):
    """

    exported_at: datetime.datetime
    client: AdminClientOutput
    bookings: list[AdminClientExportBookingOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exported_at = self.exported_at.isoformat()

        client = self.client.to_dict()

        bookings = []
        for bookings_item_data in self.bookings:
            bookings_item = bookings_item_data.to_dict()
            bookings.append(bookings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exported_at": exported_at,
                "client": client,
                "bookings": bookings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_client_export_booking_output import AdminClientExportBookingOutput  # noqa: PLC0415
        from ..models.admin_client_output import AdminClientOutput  # noqa: PLC0415

        d = dict(src_dict)
        exported_at = datetime.datetime.fromisoformat(d.pop("exported_at"))

        client = AdminClientOutput.from_dict(d.pop("client"))

        bookings = []
        _bookings = d.pop("bookings")
        for bookings_item_data in _bookings:
            bookings_item = AdminClientExportBookingOutput.from_dict(bookings_item_data)

            bookings.append(bookings_item)

        admin_client_export_output = cls(
            exported_at=exported_at,
            client=client,
            bookings=bookings,
        )

        admin_client_export_output.additional_properties = d
        return admin_client_export_output

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
