"""Holds, bookings and payment options for the widget; bookings for integrators.

Views only translate: they read the tenant and the cart token, call one service
or selector and render its result. Every public POST honours Idempotency-Key.
"""

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
from booking.tenants.api.admin_base import TenantAdminApi
from booking.tenants.models import Tenant
from booking.tenants.selectors import tenant_get_by_slug

from .. import clock
from ..client_address import client_address
from ..errors import InvalidCode
from ..models import Booking, Reservation
from ..selectors import (
    CART_TOKEN_HEADER,
    DOWN_PAYMENT,
    booking_effective_status,
    booking_get,
    booking_get_for_cart,
    booking_list,
    payment_options_for,
)
from ..services import bookings, cancellation, holds, manage
from .serializers import (
    AdminBookingListOutputSerializer,
    AdminBookingListQueryInputSerializer,
    AdminBookingOutputSerializer,
    BookingCodeResendOutputSerializer,
    BookingCreateInputSerializer,
    BookingOutputSerializer,
    BookingVerifyInputSerializer,
    HoldCreateInputSerializer,
    HoldExtendOutputSerializer,
    HoldOutputSerializer,
    ManageBookingOutputSerializer,
    ManageRescheduleInputSerializer,
    PaymentOptionsOutputSerializer,
    PaymentOptionsQueryInputSerializer,
)

PUBLIC = ["public: holds and bookings"]
ADMIN = ["admin: bookings"]
MANAGE = ["public: the client's manage link"]

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


def _hold_data(hold: Reservation, tenant: Tenant, cart_token: str | None = None) -> dict:
    return {
        "id": hold.id,
        "cart_token": cart_token,
        "service_id": hold.service_id,
        "staff_id": hold.staff_id,
        "start": hold.start,
        "end": hold.end,
        "expires_at": hold.expires_at,
        "server_time": clock.now(),
        "extensions_left": holds.hold_extensions_left(tenant=tenant, hold=hold),
    }


def _appointments(booking: Booking) -> list[Reservation]:
    return sorted(booking.reservations.all(), key=lambda r: (r.start, str(r.id)))


def _booking_data(booking: Booking) -> dict:
    now = clock.now()
    return {
        "id": booking.id,
        "status": booking_effective_status(booking=booking, now=now),
        "payment": booking.payment,
        "currency": booking.currency,
        "total_amount": booking.total_amount,
        "payment_amount": booking.payment_amount,
        "amount_paid": booking.amount_paid,
        "balance_due": booking.balance_due,
        "expires_at": booking.expires_at,
        "server_time": now,
        "payment_order": bookings.payment_order_token(booking),
        "appointments": _appointments(booking),
    }


class PublicApi(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def tenant_from(self, slug: str) -> Tenant:
        return tenant_get_by_slug(slug=slug)

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
        tenant_obj = self.tenant_from(tenant)
        data = HoldCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = holds.hold_create(
            tenant=tenant_obj,
            service_id=data.validated_data["service"],
            staff_id=data.validated_data["staff"],
            start=data.validated_data["start"],
            cart_token=self.cart_token(request),
            client_address=client_address(request.META),
            challenge=data.validated_data.get("altcha"),
        )
        body = _hold_data(created.hold, tenant_obj, created.cart_token)
        return Response(HoldOutputSerializer(body).data, status=status.HTTP_201_CREATED)


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
        tenant_obj = self.tenant_from(tenant)
        hold = holds.hold_extend(
            tenant=tenant_obj, hold_id=hold_id, cart_token=self.cart_token(request)
        )
        return Response(HoldExtendOutputSerializer(_hold_data(hold, tenant_obj)).data)


class HoldDeleteApi(PublicApi):
    @extend_schema(
        operation_id="public_holds_delete",
        summary="Release a hold; the start is offered again at once",
        parameters=[CART_TOKEN],
        responses={204: None, 404: error_response("hold_not_found (also for another cart's hold)")},
        tags=PUBLIC,
    )
    def delete(self, request: Request, tenant: str, hold_id: UUID) -> Response:
        holds.hold_release(
            tenant=self.tenant_from(tenant), hold_id=hold_id, cart_token=self.cart_token(request)
        )
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
        tenant_obj = self.tenant_from(tenant)
        data = BookingCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        slot = values.get("slot")
        created = bookings.booking_create(
            tenant=tenant_obj,
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
        booking = booking_get(tenant=tenant_obj, booking_id=created.booking.id)
        body = {**_booking_data(booking), "cart_token": created.cart_token}
        return Response(BookingOutputSerializer(body).data, status=status.HTTP_201_CREATED)


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
            tenant=self.tenant_from(tenant),
            booking_id=booking_id,
            cart_token=self.cart_token(request),
        )
        return Response(BookingOutputSerializer(_booking_data(booking)).data)


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
        tenant_obj = self.tenant_from(tenant)
        data = BookingVerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = bookings.booking_verify(
            tenant=tenant_obj,
            booking_id=booking_id,
            cart_token=self.cart_token(request),
            code=data.validated_data["code"],
        )
        if not outcome.verified:
            # Raised after the service committed, so the wrong try stays counted.
            raise InvalidCode(detail={"attempts_left": outcome.attempts_left})
        booking = booking_get(tenant=tenant_obj, booking_id=booking_id)
        return Response(BookingOutputSerializer(_booking_data(booking)).data)


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
            tenant=self.tenant_from(tenant),
            booking_id=booking_id,
            cart_token=self.cart_token(request),
        )
        body = {
            "id": booking.id,
            "status": booking.status,
            "expires_at": booking.expires_at,
            "server_time": clock.now(),
        }
        return Response(
            BookingCodeResendOutputSerializer(body).data, status=status.HTTP_202_ACCEPTED
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
        tenant_obj = self.tenant_from(tenant)
        query = PaymentOptionsQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        service = service_get(
            tenant=tenant_obj, service_id=query.validated_data["service"], active_only=True
        )
        options = payment_options_for(tenant=tenant_obj, services=[service])
        body = {
            "service": service.id,
            "options": options,
            "price_amount": service.price_amount,
            "down_payment_amount": service.down_payment_amount if DOWN_PAYMENT in options else None,
            "currency": service.currency,
        }
        return Response(PaymentOptionsOutputSerializer(body).data)


def _admin_booking_data(booking: Booking) -> dict:
    return {
        "id": booking.id,
        "status": booking_effective_status(booking=booking, now=clock.now()),
        "client": booking.client,
        "note": booking.note,
        "reminder": booking.reminder,
        "language": booking.language,
        "payment": booking.payment,
        "currency": booking.currency,
        "total_amount": booking.total_amount,
        "amount_paid": booking.amount_paid,
        "amount_refunded": booking.amount_refunded,
        "balance_due": booking.balance_due,
        "payment_history": booking.payment_history,
        "first_start": booking.first_start,
        "expires_at": booking.expires_at,
        "confirmed_at": booking.confirmed_at,
        "cancelled_at": booking.cancelled_at,
        "created_at": booking.created_at,
        "appointments": _appointments(booking),
    }


class AdminBookingListApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_bookings_list",
        summary="The tenant's bookings by first start (dates in the tenant's time zone)",
        description="Pages of at most 500 (limit, default 100) from an offset of at most "
        "10,000; filter by dates (1970-01-01 to 9000-12-31, inclusive) to reach further. Out "
        "of bounds: 400 invalid_input naming the parameter.",
        parameters=[AdminBookingListQueryInputSerializer],
        responses={200: AdminBookingListOutputSerializer},
        tags=ADMIN,
    )
    def get(self, request: Request) -> Response:
        query = AdminBookingListQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        q = query.validated_data
        bookings_qs = booking_list(
            tenant=self.tenant,
            status=q.get("status"),
            date_from=q.get("date_from"),
            date_to=q.get("date_to"),
        )
        page = bookings_qs[q["offset"] : q["offset"] + q["limit"]]
        body = {
            "count": bookings_qs.count(),
            "results": [_admin_booking_data(b) for b in page],
        }
        return Response(AdminBookingListOutputSerializer(body).data)


class AdminBookingCancelApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_bookings_cancel",
        summary="Cancel a booking: the slot is free again, a payment is refunded by policy",
        request=None,
        responses={
            200: AdminBookingOutputSerializer,
            404: error_response("booking_not_found"),
            409: error_response("booking_not_cancellable"),
        },
        tags=ADMIN,
    )
    def post(self, request: Request, booking_id: UUID) -> Response:
        cancellation.booking_cancel(tenant=self.tenant, booking_id=booking_id)
        booking = booking_get(tenant=self.tenant, booking_id=booking_id)
        return Response(AdminBookingOutputSerializer(_admin_booking_data(booking)).data)


def _manage_data(tenant: Tenant, booking: Booking) -> dict:
    view = manage.manage_view(tenant=tenant, booking=booking)
    return {
        "id": booking.id,
        "status": view.status,
        "payment": booking.payment,
        "currency": booking.currency,
        "total_amount": booking.total_amount,
        "amount_paid": booking.amount_paid,
        "amount_refunded": booking.amount_refunded,
        "balance_due": booking.balance_due,
        "first_start": booking.first_start,
        "cancelled_at": booking.cancelled_at,
        "appointments": view.appointments,
        "can_reschedule": view.can_reschedule,
        "reschedule_blocked_reason": view.reschedule_blocked_reason,
        "reschedules": booking.reschedules,
        "reschedules_left": view.reschedules_left,
        "can_cancel": view.can_cancel,
        "cancel_blocked_reason": view.cancel_blocked_reason,
        "refund": view.refund,
        "refund_amount": view.refund_amount,
        "server_time": clock.now(),
    }


class ManageBookingGetApi(PublicApi):
    @extend_schema(
        operation_id="public_manage_get",
        summary="The booking behind a manage link, and whether it may be moved or cancelled",
        responses={
            200: ManageBookingOutputSerializer,
            404: error_response("manage_link_invalid (tampered, or another business's booking)"),
        },
        tags=MANAGE,
    )
    def get(self, request: Request, tenant: str, token: str) -> Response:
        tenant_obj = self.tenant_from(tenant)
        booking = manage.booking_get_by_manage_token(tenant=tenant_obj, token=token)
        return Response(ManageBookingOutputSerializer(_manage_data(tenant_obj, booking)).data)


class ManageBookingRescheduleApi(PublicApi):
    @extend_schema(
        operation_id="public_manage_reschedule",
        summary="Move the booking to a new start the caller holds (POST /holds first)",
        description="The old start is offered again at once and the hold becomes the "
        "booking's, in one transaction. The client, the staff member and the owner are told.",
        parameters=[CART_TOKEN, IDEMPOTENCY_KEY],
        request=ManageRescheduleInputSerializer,
        responses={
            200: ManageBookingOutputSerializer,
            400: error_response("invalid_input, reschedule_other_service"),
            404: error_response("manage_link_invalid, hold_not_found (also another cart's hold)"),
            403: error_response("holds_disabled (moving needs a hold of the new start)"),
            409: error_response(
                "booking_not_confirmed, reschedule_not_allowed, "
                "reschedule_limit_reached, reschedule_window_passed, slot_unavailable"
            ),
            422: error_response("idempotency_key_reused"),
        },
        tags=MANAGE,
    )
    @idempotent
    def post(self, request: Request, tenant: str, token: str) -> Response:
        tenant_obj = self.tenant_from(tenant)
        booking_id = manage.booking_get_by_manage_token(tenant=tenant_obj, token=token).id
        data = ManageRescheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        manage.booking_reschedule(
            tenant=tenant_obj,
            booking_id=booking_id,
            hold_id=data.validated_data["hold"],
            cart_token=self.cart_token(request),
        )
        booking = booking_get(tenant=tenant_obj, booking_id=booking_id)
        return Response(ManageBookingOutputSerializer(_manage_data(tenant_obj, booking)).data)


class ManageBookingCancelApi(PublicApi):
    @extend_schema(
        operation_id="public_manage_cancel",
        summary="Cancel the booking; a payment is refunded by the business's policy",
        description="The start is offered again at once. A second cancel answers the same. "
        "`refund` and `refund_amount` say what is refunded.",
        parameters=[IDEMPOTENCY_KEY],
        request=None,
        responses={
            200: ManageBookingOutputSerializer,
            404: error_response("manage_link_invalid"),
            409: error_response(
                "cancel_not_allowed, cancel_window_passed, booking_not_cancellable"
            ),
            422: error_response("idempotency_key_reused"),
        },
        tags=MANAGE,
    )
    @idempotent
    def post(self, request: Request, tenant: str, token: str) -> Response:
        tenant_obj = self.tenant_from(tenant)
        booking_id = manage.booking_get_by_manage_token(tenant=tenant_obj, token=token).id
        manage.booking_cancel_by_client(tenant=tenant_obj, booking_id=booking_id)
        booking = booking_get(tenant=tenant_obj, booking_id=booking_id)
        return Response(ManageBookingOutputSerializer(_manage_data(tenant_obj, booking)).data)
