"""The widget's waitlist: join a full day; open the hold a waitlist email's link holds."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from booking.common.idempotency import idempotent
from booking.common.schema import error_response
from booking.reservations.api.public_serializers import HoldOutputSerializer
from booking.reservations.api.public_views import IDEMPOTENCY_KEY, PublicApi

from ..services import waitlist_join, waitlist_offer_open
from .serializers import (
    WaitlistEntryOutputSerializer,
    WaitlistJoinInputSerializer,
    WaitlistOfferOpenInputSerializer,
)

TAGS = ["public: waitlist"]


class WaitlistJoinApi(PublicApi):
    @extend_schema(
        operation_id="public_waitlist_join",
        summary="Leave an email for a full day (one staff member, or any)",
        description="Only a full day has a waitlist (409 day_not_full otherwise; the day "
        "is in the business's time zone). When a start of it frees up, the first waiting "
        "entries are emailed a link that holds a start for them for the business's hold "
        "minutes, each entry once. Joining again with the same email keeps the first place. "
        "At most 500 entries a day (409 waitlist_full).",
        parameters=[IDEMPOTENCY_KEY],
        request=WaitlistJoinInputSerializer,
        responses={
            201: WaitlistEntryOutputSerializer,
            404: error_response("service_not_found, staff_not_found, tenant_not_found"),
            409: error_response("day_not_full, waitlist_full"),
            422: error_response("idempotency_key_reused"),
        },
        tags=TAGS,
    )
    @idempotent
    def post(self, request: Request, tenant: str) -> Response:
        data = WaitlistJoinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = waitlist_join(
            tenant=self.tenant,
            service_id=data.validated_data["service"],
            staff_id=data.validated_data["staff"],
            day=data.validated_data["date"],
            email=data.validated_data["email"],
            language=data.validated_data["language"],
        )
        return Response(WaitlistEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class WaitlistOfferOpenApi(PublicApi):
    @extend_schema(
        operation_id="public_waitlist_offer_open",
        summary="The hold a waitlist email's link holds, with its cart token",
        description="Answers the hold like POST /holds does: keep cart_token and go on to "
        "the booking. 404 waitlist_link_invalid for a link that is forged, of another "
        "business or older than two days; 409 hold_expired once its hold ran out.",
        request=WaitlistOfferOpenInputSerializer,
        responses={
            200: HoldOutputSerializer,
            404: error_response("waitlist_link_invalid, tenant_not_found"),
            409: error_response("hold_expired"),
        },
        tags=TAGS,
    )
    def post(self, request: Request, tenant: str) -> Response:
        data = WaitlistOfferOpenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hold, cart_token = waitlist_offer_open(
            tenant=self.tenant, token=data.validated_data["token"]
        )
        context = {"tenant": self.tenant, "cart_token": cart_token}
        return Response(HoldOutputSerializer(hold, context=context).data)
