"""The widget's holds, bookings and payment options.

Views only translate: they call one service or selector and let the output serializer
render the object it returns. Every POST honours Idempotency-Key.
"""

from functools import cached_property
from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from booking.catalog.selectors import service_get
from booking.common.idempotency import HEADER as IDEMPOTENCY_HEADER
from booking.common.idempotency import KEY_PATTERN as IDEMPOTENCY_KEY_PATTERN
from booking.common.idempotency import idempotent
from booking.common.schema import error_response
from booking.tenants.models import Tenant
from booking.tenants.selectors import tenant_get_by_slug

from ..client_address import client_address
from ..errors import InvalidCode
from ..selectors import (
    CART_TOKEN_HEADER,
    booking_get,
    booking_get_for_cart,
    cart_held_services,
    cart_payment,
    payment_options_for,
)
from ..services import bookings, holds
from .public_serializers import (
    BookingCodeResendOutputSerializer,
    BookingCreateInputSerializer,
    BookingOutputSerializer,
    BookingVerifyInputSerializer,
    CartPaymentOptionsOutputSerializer,
    HoldCreateInputSerializer,
    HoldExtendOutputSerializer,
    HoldOutputSerializer,
    PaymentOptionsOutputSerializer,
    PaymentOptionsQueryInputSerializer,
)

PUBLIC = ["public: holds and bookings"]

CART_TOKEN = OpenApiParameter(
    CART_TOKEN_HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="The widget's cart token, as returned by the first hold.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    {"type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN, "maxLength": 255},
    location=OpenApiParameter.HEADER,
    description="A retry with the same key and body gets the first answer again; "
    "the same key with another body gets 422 idempotency_key_reused.",
)


# Base of the widget's and the manage link's endpoints, under /public/{tenant}/.
#
# The tenant of the path is looked up once per request, when a handler first asks for
# it (inside @idempotent, as before: an unknown tenant's 404 is an answer like others).
class PublicApi(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    @cached_property
    def tenant(self) -> Tenant:
        return tenant_get_by_slug(slug=self.kwargs["tenant"])

    def cart_token(self, request: Request) -> str | None:
        return request.headers.get(CART_TOKEN_HEADER) or None


class HoldCreateApi(PublicApi):
    @extend_schema(
        operation_id="public_holds_create",
        summary="Hold a start for the cart (creates the cart without X-Cart-Token)",
        description="The slot is refused with 409 slot_unavailable when it is taken or the "
        "schedule does not offer it (detail.reason: taken | not_offered). With holds switched "
        "off (403 holds_disabled) the widget books the start directly: it skips the hold "
        "and the countdown, and sends the start as `slot` with POST /bookings.\n\n"
        "One client address (as the gateway saw it; an IPv6 client per /64) keeps at most "
        "the tenant's max_live_holds_per_address unconfirmed holds and pending bookings "
        "(429 too_many_holds_from_address, detail.limit). From half of that on, a hold needs "
        "`altcha`, a solved ALTCHA proof-of-work challenge: 403 challenge_required (none "
        "sent) or challenge_invalid (wrong, expired, used or another address's; "
        "detail.reason) carry a new one in detail.challenge (algorithm, challenge, "
        "maxNumber, salt, signature). Send the solution with a new Idempotency-Key.",
        parameters=[CART_TOKEN, IDEMPOTENCY_KEY],
        request=HoldCreateInputSerializer,
        responses={
            201: HoldOutputSerializer,
            403: error_response("holds_disabled, challenge_required, challenge_invalid"),
            404: error_response("service_not_found, staff_not_found, tenant_not_found"),
            409: error_response("slot_unavailable"),
            422: error_response("idempotency_key_reused"),
            429: error_response("too_many_holds, too_many_holds_from_address"),
        },
        tags=PUBLIC,
    )
    @idempotent
    def post(self, request: Request, tenant: str) -> Response:
        data = HoldCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = holds.hold_create(
            tenant=self.tenant,
            service_id=data.validated_data["service"],
            staff_id=data.validated_data["staff"],
            start=data.validated_data["start"],
            cart_token=self.cart_token(request),
            client_address=client_address(request.META),
            challenge=data.validated_data.get("altcha"),
        )
        context = {"tenant": self.tenant, "cart_token": created.cart_token}
        return Response(
            HoldOutputSerializer(created.hold, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class HoldExtendApi(PublicApi):
    @extend_schema(
        operation_id="public_holds_extend",
        summary="Give a live hold more time (a limited number of times)",
        parameters=[CART_TOKEN, IDEMPOTENCY_KEY],
        request=None,
        responses={
            200: HoldExtendOutputSerializer,
            404: error_response("hold_not_found (also for another cart's hold)"),
            409: error_response("no_extension_left, hold_expired"),
            422: error_response("idempotency_key_reused"),
        },
        tags=PUBLIC,
    )
    @idempotent
    def post(self, request: Request, tenant: str, hold_id: UUID) -> Response:
        hold = holds.hold_extend(
            tenant=self.tenant, hold_id=hold_id, cart_token=self.cart_token(request)
        )
        return Response(HoldExtendOutputSerializer(hold, context={"tenant": self.tenant}).data)


class HoldDeleteApi(PublicApi):
    @extend_schema(
        operation_id="public_holds_delete",
        summary="Release a hold; the start is offered again at once",
        parameters=[CART_TOKEN],
        responses={204: None, 404: error_response("hold_not_found (also for another cart's hold)")},
        tags=PUBLIC,
    )
    def delete(self, request: Request, tenant: str, hold_id: UUID) -> Response:
        holds.hold_release(tenant=self.tenant, hold_id=hold_id, cart_token=self.cart_token(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BookingCreateApi(PublicApi):
    @extend_schema(
        operation_id="public_bookings_create",
        summary="Book every live hold of the cart, all or none",
        description="A known email answers awaiting_verification (a code is emailed); a "
        "payment choice answers awaiting_payment with a signed payment_order; otherwise "
        "confirmed. Every booking waits for a code when the tenant verifies every email, or "
        "once the client address made the tenant's max_bookings_per_address_per_day bookings "
        "that day. The holds keep blocking their time throughout. With `slot` one start is "
        "booked directly, no hold first: what the widget does when a tenant has holds off "
        "(POST /holds answers 403 holds_disabled); the answer is then 409 slot_unavailable "
        "if the start was taken meanwhile.",
        parameters=[CART_TOKEN, IDEMPOTENCY_KEY],
        request=BookingCreateInputSerializer,
        responses={
            201: BookingOutputSerializer,
            400: error_response("invalid_input, payment_not_offered"),
            403: error_response("plan_limit_reached (detail.limit)"),
            404: error_response("service_not_found, staff_not_found (direct slot)"),
            409: error_response("cart_empty, hold_expired, slot_unavailable (nothing is booked)"),
            422: error_response("idempotency_key_reused"),
        },
        tags=PUBLIC,
    )
    @idempotent
    def post(self, request: Request, tenant: str) -> Response:
        data = BookingCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        slot = values.get("slot")
        created = bookings.booking_create(
            tenant=self.tenant,
            cart_token=self.cart_token(request),
            client_name=values["client"]["name"],
            client_email=values["client"]["email"],
            client_phone=values["client"]["phone"],
            note=values["note"],
            reminder=values["reminder"],
            payment=values["payment"],
            language=values.get("language"),
            slot=bookings.Slot(
                service_id=slot["service"], staff_id=slot["staff"], start=slot["start"]
            )
            if slot
            else None,
            client_address=client_address(request.META),
        )
        booking = booking_get(tenant=self.tenant, booking_id=created.booking.id)
        context = {"cart_token": created.cart_token}
        return Response(
            BookingOutputSerializer(booking, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class BookingGetApi(PublicApi):
    @extend_schema(
        operation_id="public_bookings_get",
        summary="The cart's booking and its status (the widget polls it while a payment "
        "is confirmed by the webhook)",
        parameters=[CART_TOKEN],
        responses={
            200: BookingOutputSerializer,
            404: error_response("booking_not_found (also for another cart's booking)"),
        },
        tags=PUBLIC,
    )
    def get(self, request: Request, tenant: str, booking_id: UUID) -> Response:
        booking = booking_get_for_cart(
            tenant=self.tenant, booking_id=booking_id, cart_token=self.cart_token(request)
        )
        return Response(BookingOutputSerializer(booking).data)


class BookingVerifyApi(PublicApi):
    @extend_schema(
        operation_id="public_bookings_verify",
        summary="Confirm the emailed code",
        parameters=[CART_TOKEN, IDEMPOTENCY_KEY],
        request=BookingVerifyInputSerializer,
        responses={
            200: BookingOutputSerializer,
            400: error_response("invalid_code (detail.attempts_left)"),
            404: error_response("booking_not_found (also for another cart's booking)"),
            409: error_response("booking_expired, booking_not_pending"),
            422: error_response("idempotency_key_reused"),
            429: error_response("too_many_attempts"),
        },
        tags=PUBLIC,
    )
    @idempotent
    def post(self, request: Request, tenant: str, booking_id: UUID) -> Response:
        data = BookingVerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = bookings.booking_verify(
            tenant=self.tenant,
            booking_id=booking_id,
            cart_token=self.cart_token(request),
            code=data.validated_data["code"],
        )
        if not outcome.verified:
            # Raised after the service committed, so the wrong try stays counted.
            raise InvalidCode(detail={"attempts_left": outcome.attempts_left})
        booking = booking_get(tenant=self.tenant, booking_id=booking_id)
        return Response(BookingOutputSerializer(booking).data)


class BookingCodeResendApi(PublicApi):
    @extend_schema(
        operation_id="public_bookings_resend_code",
        summary="Send a new code (at most 3 times; wrong tries still count)",
        parameters=[CART_TOKEN, IDEMPOTENCY_KEY],
        request=None,
        responses={
            202: BookingCodeResendOutputSerializer,
            404: error_response("booking_not_found"),
            409: error_response("booking_expired, booking_not_pending"),
            422: error_response("idempotency_key_reused"),
            429: error_response("too_many_resends, too_many_attempts"),
        },
        tags=PUBLIC,
    )
    @idempotent
    def post(self, request: Request, tenant: str, booking_id: UUID) -> Response:
        booking = bookings.booking_code_resend(
            tenant=self.tenant, booking_id=booking_id, cart_token=self.cart_token(request)
        )
        return Response(
            BookingCodeResendOutputSerializer(booking).data, status=status.HTTP_202_ACCEPTED
        )


class PaymentOptionsGetApi(PublicApi):
    @extend_schema(
        operation_id="public_payment_options_get",
        summary="Which of pay, down_payment and finish the summary page offers",
        parameters=[
            OpenApiParameter("service", OpenApiTypes.UUID, required=True, description="A service.")
        ],
        responses={200: PaymentOptionsOutputSerializer, 404: error_response("service_not_found")},
        tags=PUBLIC,
    )
    def get(self, request: Request, tenant: str) -> Response:
        query = PaymentOptionsQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        service = service_get(
            tenant=self.tenant, service_id=query.validated_data["service"], active_only=True
        )
        options = payment_options_for(tenant=self.tenant, services=[service])
        return Response(PaymentOptionsOutputSerializer(service, context={"options": options}).data)


class CartPaymentOptionsGetApi(PublicApi):
    @extend_schema(
        operation_id="public_cart_payment_options_get",
        summary="What the cart's held starts together may be paid with, and what each charges",
        description="The choices and amounts POST /bookings takes for a booking of the cart's "
        "live holds. No token, an unknown one or a cart without live holds: nothing online "
        "(none).",
        parameters=[CART_TOKEN],
        responses={200: CartPaymentOptionsOutputSerializer},
        tags=PUBLIC,
    )
    def get(self, request: Request, tenant: str) -> Response:
        services = cart_held_services(tenant=self.tenant, token=self.cart_token(request))
        due = cart_payment(tenant=self.tenant, services=services)
        return Response(CartPaymentOptionsOutputSerializer(due).data)
