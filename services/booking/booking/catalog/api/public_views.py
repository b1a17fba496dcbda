"""The widget's catalog reads: the tenant's profile, its services, who gives them."""

import uuid

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from booking.catalog.errors import ServiceNotFound
from booking.catalog.selectors import service_get, service_list, staff_list
from booking.tenants.selectors import tenant_get_by_slug

from .public_serializers import (
    PublicServiceListOutputSerializer,
    PublicServiceStaffListOutputSerializer,
    PublicTenantOutputSerializer,
)


class TenantProfileGetApi(APIView):
    @extend_schema(
        operation_id="public_tenant_get",
        summary="The tenant as the widget shows it",
        responses={200: PublicTenantOutputSerializer},
        tags=["public"],
    )
    def get(self, request: Request, tenant: str) -> Response:
        tenant_obj = tenant_get_by_slug(slug=tenant)
        return Response(PublicTenantOutputSerializer(tenant_obj).data)


class ServiceListApi(APIView):
    @extend_schema(
        operation_id="public_services_list",
        summary="The tenant's active services",
        responses={200: PublicServiceListOutputSerializer},
        tags=["public"],
    )
    def get(self, request: Request, tenant: str) -> Response:
        tenant_obj = tenant_get_by_slug(slug=tenant)
        services = service_list(tenant=tenant_obj, active_only=True)
        return Response(PublicServiceListOutputSerializer({"services": services}).data)


class ServiceStaffListApi(APIView):
    @extend_schema(
        operation_id="public_service_staff_list",
        summary="The active staff members who give a service",
        parameters=[OpenApiParameter("service", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={200: PublicServiceStaffListOutputSerializer},
        tags=["public"],
    )
    def get(self, request: Request, tenant: str, service: str) -> Response:
        tenant_obj = tenant_get_by_slug(slug=tenant)
        try:
            service_id = uuid.UUID(service)
        except ValueError as error:
            # A path that names no service: the same answer as an unknown id.
            raise ServiceNotFound(detail={"service": service}) from error
        service_obj = service_get(tenant=tenant_obj, service_id=service_id, active_only=True)
        members = staff_list(tenant=tenant_obj, service=service_obj, active_only=True)
        return Response(PublicServiceStaffListOutputSerializer({"staff": members}).data)
