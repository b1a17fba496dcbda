"""The client's manage link: see, move or cancel one booking without an account."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from booking.common.idempotency import idempotent
from booking.common.schema import error_response
from booking.tenants.models import Tenant

from ..models import Booking
from ..selectors import booking_get
from ..services import manage
from .manage_serializers import ManageBookingOutputSerializer, ManageRescheduleInputSerializer
from .public_views import CART_TOKEN, IDEMPOTENCY_KEY, PublicApi

MANAGE = ["public: the client's manage link"]


def _manage_answer(tenant: Tenant, booking: Booking) -> Response:
    return Response(
        ManageBookingOutputSerializer(manage.manage_view(tenant=tenant, booking=booking)).data
    )


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
        booking = manage.booking_get_by_manage_token(tenant=self.tenant, token=token)
        return _manage_answer(self.tenant, booking)


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
        booking_id = manage.booking_get_by_manage_token(tenant=self.tenant, token=token).id
        data = ManageRescheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        manage.booking_reschedule(
            tenant=self.tenant,
            booking_id=booking_id,
            hold_id=data.validated_data["hold"],
            cart_token=self.cart_token(request),
        )
        return _manage_answer(self.tenant, booking_get(tenant=self.tenant, booking_id=booking_id))


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
        booking_id = manage.booking_get_by_manage_token(tenant=self.tenant, token=token).id
        manage.booking_cancel_by_client(tenant=self.tenant, booking_id=booking_id)
        return _manage_answer(self.tenant, booking_get(tenant=self.tenant, booking_id=booking_id))
