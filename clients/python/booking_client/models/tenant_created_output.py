from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.plan_enum import PlanEnum, check_plan_enum

T = TypeVar("T", bound="TenantCreatedOutput")


@_attrs_define
class TenantCreatedOutput:
    """
    Attributes:
        id (UUID):
        slug (str):
        name (str):
        plan (PlanEnum): * `basic` - Basic
            * `professional` - Professional
            * `business` - Business
            * `enterprise` - Enterprise
        timezone (str):
        created_at (datetime.datetime):
        api_key (str): Shown once; only its hash is stored.
    """

    id: UUID
    slug: str
    name: str
    plan: PlanEnum
    timezone: str
    created_at: datetime.datetime
    api_key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        slug = self.slug

        name = self.name

        plan: str = self.plan

        timezone = self.timezone

        created_at = self.created_at.isoformat()

        api_key = self.api_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "slug": slug,
                "name": name,
                "plan": plan,
                "timezone": timezone,
                "created_at": created_at,
                "api_key": api_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        slug = d.pop("slug")

        name = d.pop("name")

        plan = check_plan_enum(d.pop("plan"))

        timezone = d.pop("timezone")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        api_key = d.pop("api_key")

        tenant_created_output = cls(
            id=id,
            slug=slug,
            name=name,
            plan=plan,
            timezone=timezone,
            created_at=created_at,
            api_key=api_key,
        )

        tenant_created_output.additional_properties = d
        return tenant_created_output

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
