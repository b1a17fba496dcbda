from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from booking.common.schema import error_response
from booking.tenants.api.admin_base import TenantAdminApi
from booking.tenants.api.serializers import (
    TenantCreatedOutputSerializer,
    TenantCreateInputSerializer,
    TenantOutputSerializer,
    TenantPlanInputSerializer,
    TenantSettingsSerializer,
)
from booking.tenants.auth import IsPlatformOperator, PlatformTokenAuthentication
from booking.tenants.selectors import tenant_get_by_slug
from booking.tenants.services import tenant_update


class PlatformApi(APIView):
    authentication_classes = [PlatformTokenAuthentication]
    permission_classes = [IsPlatformOperator]


class TenantCreateApi(PlatformApi):
    @extend_schema(
        operation_id="platform_tenant_create",
        request=TenantCreateInputSerializer,
        responses={
            201: TenantCreatedOutputSerializer,
            409: error_response("tenant_slug_taken"),
        },
        tags=["platform"],
    )
    def post(self, request):
        data = TenantCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Its first owner (owner_email) is invited to the back office by email.
        from booking.office.services import tenant_create_with_owner

        tenant, raw_key, _ = tenant_create_with_owner(**data.validated_data)
        tenant.api_key = raw_key
        return Response(TenantCreatedOutputSerializer(tenant).data, status=status.HTTP_201_CREATED)


class TenantPlanChangeApi(PlatformApi):
    @extend_schema(
        operation_id="platform_tenant_plan_change",
        # The plan is the one thing this PATCH changes, so it is required (not the partial
        # body drf-spectacular makes of a PATCH by default).
        request={
            "application/json": {
                "type": "object",
                "properties": {"plan": {"$ref": "#/components/schemas/PlanEnum"}},
                "required": ["plan"],
            }
        },
        responses={200: TenantOutputSerializer},
        tags=["platform"],
    )
    def patch(self, request, slug: str):
        tenant = tenant_get_by_slug(slug=slug)
        data = TenantPlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tenant = tenant_update(tenant=tenant, plan=data.validated_data["plan"])
        return Response(TenantOutputSerializer(tenant).data)


class TenantSettingsApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_settings_get",
        responses={200: TenantSettingsSerializer},
        tags=["admin: settings"],
    )
    def get(self, request):
        return Response(TenantSettingsSerializer(self.tenant).data)

    @extend_schema(
        operation_id="admin_settings_update",
        request=TenantSettingsSerializer,
        responses={200: TenantSettingsSerializer},
        tags=["admin: settings"],
    )
    def patch(self, request):
        data = TenantSettingsSerializer(self.tenant, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        tenant = tenant_update(tenant=self.tenant, **data.validated_data)
        return Response(TenantSettingsSerializer(tenant).data)
