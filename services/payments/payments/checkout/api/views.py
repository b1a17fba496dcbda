"""The widget's checkout and Stripe's webhook. Views translate and call services."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services, stripe_gateway
from ..errors import InvalidSignature, PaymentsDisabled
from .serializers import (
    CheckoutCreateInputSerializer,
    CheckoutCreateOutputSerializer,
    ErrorSerializer,
    PaymentConfigOutputSerializer,
    StripeWebhookOutputSerializer,
)


def _payments_enabled() -> None:
    if not settings.PAYMENTS_ENABLED:
        raise PaymentsDisabled()


class PaymentConfigGetApi(APIView):
    @extend_schema(
        operation_id="payment_config_get",
        responses={200: PaymentConfigOutputSerializer, 503: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        _payments_enabled()
        data = {
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": settings.STRIPE_JS_URL,
        }
        return Response(PaymentConfigOutputSerializer(data).data)


class CheckoutCreateApi(APIView):
    @extend_schema(
        operation_id="checkout_create",
        request=CheckoutCreateInputSerializer,
        responses={
            201: CheckoutCreateOutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="invalid_payment_order, payment_method_rejected or invalid_input",
            ),
            409: OpenApiResponse(
                ErrorSerializer,
                description="already_paid: the order is paid, nothing more was charged; "
                "payment_in_progress: another checkout of this order (another tab) is "
                "talking to Stripe right now, nothing was charged by this one",
            ),
            410: OpenApiResponse(ErrorSerializer, description="payment_order_expired"),
            503: OpenApiResponse(
                ErrorSerializer,
                description="payment_provider_unavailable: nothing was charged or recorded",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        _payments_enabled()
        serializer = CheckoutCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = services.checkout_create(
            token=serializer.validated_data["payment_order"],
            payment_method_id=serializer.validated_data["payment_method"],
        )
        return Response(CheckoutCreateOutputSerializer(answer).data, status=status.HTTP_201_CREATED)


class StripeWebhookReceiveApi(APIView):
    @extend_schema(
        operation_id="stripe_webhook_receive",
        request={"application/json": {"type": "object"}},
        responses={
            200: StripeWebhookOutputSerializer,
            400: OpenApiResponse(ErrorSerializer, description="invalid_signature"),
        },
        description="Stripe's signed events (Stripe-Signature header, t=...,v1=...).",
    )
    def post(self, request: Request) -> Response:
        # The signature covers the exact bytes, so the body is read raw, never parsed first.
        try:
            event = stripe_gateway.event_construct(
                payload=request.body, signature=request.headers.get("Stripe-Signature", "")
            )
        except stripe_gateway.InvalidSignature as exc:
            raise InvalidSignature(detail={"reason": str(exc)})
        processed = services.webhook_event_process(event=event)
        return Response(
            StripeWebhookOutputSerializer({"received": True, "duplicate": not processed}).data
        )
