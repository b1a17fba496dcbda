"""The webhooks admin API (issue 11): endpoints, their secret, a test ping, the delivery log.

Every operation needs a plan with outgoing webhooks (403 feature_not_in_plan) and sees only
the key's tenant: another tenant's endpoint or delivery answers 404.
"""

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from booking.common.schema import error_response
from booking.tenants.api.admin_base import TenantAdminApi
from booking.webhooks import services
from booking.webhooks.selectors import (
    webhook_delivery_get,
    webhook_delivery_page,
    webhook_endpoint_get,
    webhook_endpoint_list,
)

from .serializers import (
    WebhookDeliveryListOutputSerializer,
    WebhookDeliveryListQueryInputSerializer,
    WebhookDeliveryOutputSerializer,
    WebhookEndpointCreateInputSerializer,
    WebhookEndpointListOutputSerializer,
    WebhookEndpointOutputSerializer,
    WebhookEndpointSecretOutputSerializer,
    WebhookEndpointUpdateInputSerializer,
)

TAGS = ["admin: webhooks"]
NOT_IN_PLAN = error_response("feature_not_in_plan: Basic and Professional have no webhooks")
NOT_FOUND = error_response("webhook_not_found")
URL_REFUSED = error_response(
    "invalid_input, webhook_url_refused (scheme, or a refused literal address), "
    "too_many_webhooks (20 a tenant)"
)


class WebhookAdminApi(TenantAdminApi):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        services.plan_check(self.tenant)


def _with_secret(endpoint) -> dict:
    return WebhookEndpointSecretOutputSerializer(endpoint).data


class WebhookListApi(WebhookAdminApi):
    @extend_schema(
        operation_id="admin_webhooks_list",
        summary="The tenant's webhook endpoints",
        responses={200: WebhookEndpointListOutputSerializer, 403: NOT_IN_PLAN},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        endpoints = webhook_endpoint_list(tenant=self.tenant)
        return Response(WebhookEndpointListOutputSerializer({"results": endpoints}).data)

    @extend_schema(
        operation_id="admin_webhooks_create",
        summary="Add a webhook endpoint; its signing secret is shown in this answer only",
        description="Deliveries are signed per Standard Webhooks (webhook-id, "
        "webhook-timestamp, webhook-signature). At most 20 endpoints a tenant.",
        request=WebhookEndpointCreateInputSerializer,
        responses={
            201: WebhookEndpointSecretOutputSerializer,
            400: URL_REFUSED,
            403: NOT_IN_PLAN,
        },
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = WebhookEndpointCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_create(tenant=self.tenant, **data.validated_data)
        return Response(_with_secret(endpoint), status=status.HTTP_201_CREATED)


class WebhookDetailApi(WebhookAdminApi):
    @extend_schema(
        operation_id="admin_webhooks_get",
        responses={200: WebhookEndpointOutputSerializer, 403: NOT_IN_PLAN, 404: NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request: Request, webhook_id: UUID) -> Response:
        endpoint = webhook_endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        return Response(WebhookEndpointOutputSerializer(endpoint).data)

    @extend_schema(
        operation_id="admin_webhooks_update",
        request=WebhookEndpointUpdateInputSerializer,
        responses={
            200: WebhookEndpointOutputSerializer,
            400: URL_REFUSED,
            403: NOT_IN_PLAN,
            404: NOT_FOUND,
        },
        tags=TAGS,
    )
    def patch(self, request: Request, webhook_id: UUID) -> Response:
        endpoint = webhook_endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        data = WebhookEndpointUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_update(endpoint=endpoint, **data.validated_data)
        return Response(WebhookEndpointOutputSerializer(endpoint).data)

    @extend_schema(
        operation_id="admin_webhooks_delete",
        summary="Remove an endpoint and its delivery log",
        responses={204: None, 403: NOT_IN_PLAN, 404: NOT_FOUND},
        tags=TAGS,
    )
    def delete(self, request: Request, webhook_id: UUID) -> Response:
        endpoint = webhook_endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        services.webhook_endpoint_delete(endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookSecretRotateApi(WebhookAdminApi):
    @extend_schema(
        operation_id="admin_webhooks_rotate_secret",
        summary="A new signing secret (shown once); the old one also signs for 24 hours",
        description="Until previous_secret_expires_at, webhook-signature carries two "
        "signatures separated by a space, one per secret; a receiver accepts either.",
        request=None,
        responses={200: WebhookEndpointSecretOutputSerializer, 403: NOT_IN_PLAN, 404: NOT_FOUND},
        tags=TAGS,
    )
    def post(self, request: Request, webhook_id: UUID) -> Response:
        endpoint = webhook_endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        return Response(_with_secret(services.webhook_secret_rotate(endpoint=endpoint)))


class WebhookTestApi(WebhookAdminApi):
    @extend_schema(
        operation_id="admin_webhooks_test",
        summary="Send a ping event to this endpoint now",
        description="Answers at once with the delivery; follow it in the delivery log.",
        request=None,
        responses={202: WebhookDeliveryOutputSerializer, 403: NOT_IN_PLAN, 404: NOT_FOUND},
        tags=TAGS,
    )
    def post(self, request: Request, webhook_id: UUID) -> Response:
        endpoint = webhook_endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        delivery = services.webhook_ping(endpoint=endpoint)
        return Response(
            WebhookDeliveryOutputSerializer(delivery).data, status=status.HTTP_202_ACCEPTED
        )


class WebhookDeliveryListApi(WebhookAdminApi):
    @extend_schema(
        operation_id="admin_webhooks_deliveries_list",
        summary="The endpoint's deliveries of the last 30 days, newest first",
        description="Cursor pages of 1 to 100 (limit, default 50); pass next_cursor as cursor "
        "for the next page (400 invalid_cursor for one this API did not give).",
        parameters=[WebhookDeliveryListQueryInputSerializer],
        responses={
            200: WebhookDeliveryListOutputSerializer,
            400: error_response("invalid_input, invalid_cursor"),
            403: NOT_IN_PLAN,
            404: NOT_FOUND,
        },
        tags=TAGS,
    )
    def get(self, request: Request, webhook_id: UUID) -> Response:
        endpoint = webhook_endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        query = WebhookDeliveryListQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        page, next_cursor = webhook_delivery_page(
            tenant=self.tenant,
            endpoint=endpoint,
            cursor=query.validated_data.get("cursor"),
            limit=query.validated_data["limit"],
        )
        body = {"results": page, "next_cursor": next_cursor}
        return Response(WebhookDeliveryListOutputSerializer(body).data)


class WebhookDeliveryRetryApi(WebhookAdminApi):
    @extend_schema(
        operation_id="admin_webhooks_deliveries_retry",
        summary="Attempt a finished delivery once more now, with the same webhook-id",
        request=None,
        responses={
            202: WebhookDeliveryOutputSerializer,
            403: NOT_IN_PLAN,
            404: error_response("webhook_not_found, webhook_delivery_not_found"),
            409: error_response("webhook_delivery_pending: it is still being attempted"),
        },
        tags=TAGS,
    )
    def post(self, request: Request, webhook_id: UUID, delivery_id: UUID) -> Response:
        webhook_endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        delivery = webhook_delivery_get(
            tenant=self.tenant, endpoint_id=webhook_id, delivery_id=delivery_id
        )
        delivery = services.webhook_delivery_retry(delivery=delivery)
        return Response(
            WebhookDeliveryOutputSerializer(delivery).data, status=status.HTTP_202_ACCEPTED
        )
