"""The widget's availability reads: a month's day statuses and one day's slots."""

from collections.abc import Callable

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from booking.availability.selectors import bookable_staff_list, calendar_day_list, slot_list
from booking.availability.snapshot import SnapshotStale, service_for, tenant_unchecked
from booking.reservations.selectors import CART_TOKEN_HEADER, cart_get_by_token
from booking.tenants.models import Tenant
from booking.tenants.selectors import tenant_get_by_slug

from .serializers import (
    ANY_STAFF,
    CalendarOutputSerializer,
    CalendarQueryInputSerializer,
    SlotsOutputSerializer,
    SlotsQueryInputSerializer,
)

COMMON_PARAMETERS = [
    OpenApiParameter(
        CART_TOKEN_HEADER,
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        description="The widget's cart token: its own holds are listed with held_by_you.",
    ),
]


def _read(
    request: Request, tenant_slug: str, query: dict, answer: Callable[[dict, dict], Response]
) -> Response:
    """What the slots and calendar reads share: the tenant, service, staff and zone, and the
    answer's common part. `answer(read, body)` calls the selector with `read` and completes
    `body`.

    It starts from this process's snapshot of the tenant without checking its token first:
    the token comes back with the cached days in the same round trip, and only if it has
    moved is the read done again with a checked snapshot (snapshot.tenant_unchecked).
    """

    def attempt(tenant: Tenant, unchecked_version: str | None) -> Response:
        service = service_for(tenant=tenant, service_id=query["service"])
        staff, staff_members = bookable_staff_list(
            tenant=tenant, service=service, staff_id=query["staff"]
        )
        zone = query.get("tz") or tenant.zone
        now = timezone.now()
        read = {
            "tenant": tenant,
            "service": service,
            "staff": staff,
            "staff_members": staff_members,
            "zone": zone,
            "now": now,
            "cart": cart_get_by_token(tenant=tenant, token=request.headers.get(CART_TOKEN_HEADER)),
            "unchecked_version": unchecked_version,
        }
        body = {
            "service": service.id,
            "staff": str(staff.id) if staff else ANY_STAFF,
            "tz": str(zone),
            "server_time": now,
        }
        return answer(read, body)

    snapshot = tenant_unchecked(tenant_slug)
    if snapshot is not None:
        try:
            return attempt(snapshot.tenant, snapshot.version)
        except SnapshotStale:
            pass
    return attempt(tenant_get_by_slug(slug=tenant_slug), None)


class CalendarGetApi(APIView):
    @extend_schema(
        operation_id="public_calendar_get",
        summary="A month's days with whether they have free starts",
        description="past: before today, or today after its last start; out_of_range: beyond "
        "the booking horizon; off: nobody works; full: working but no free start; available: "
        "at least one start (the caller's own hold counts).",
        parameters=[CalendarQueryInputSerializer, *COMMON_PARAMETERS],
        responses={200: CalendarOutputSerializer},
        tags=["public"],
    )
    def get(self, request: Request, tenant: str) -> Response:
        query = CalendarQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        month = query.validated_data["month"]

        def answer(read: dict, body: dict) -> Response:
            body["month"] = month.strftime("%Y-%m")
            body["days"] = calendar_day_list(month=month, **read)
            return Response(CalendarOutputSerializer(body).data)

        return _read(request, tenant, query.validated_data, answer)


class SlotListApi(APIView):
    @extend_schema(
        operation_id="public_slots_list",
        summary="One day's offered starts",
        description="Starts every slot interval of elapsed time from each working interval's "
        "start (tenant's zone) where the whole service and its buffers fit and no booking or "
        "live hold is in the way; none in the past, within the minimum notice or beyond the "
        "booking horizon. On daylight-saving days the grid keeps running in elapsed time: "
        "no start in the skipped hour, both occurrences of the repeated one. With staff=any "
        "each start names the staff member with the fewest reservations that day, then the "
        "first by name. The caller's own holds are listed with held_by_you=true.",
        parameters=[SlotsQueryInputSerializer, *COMMON_PARAMETERS],
        responses={200: SlotsOutputSerializer},
        tags=["public"],
    )
    def get(self, request: Request, tenant: str) -> Response:
        query = SlotsQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        day = query.validated_data["date"]

        def answer(read: dict, body: dict) -> Response:
            body["date"] = day
            body["slots"] = slot_list(day=day, **read)
            # DRF writes datetimes in the current time zone: the customer's.
            with timezone.override(read["zone"]):
                return Response(SlotsOutputSerializer(body).data)

        return _read(request, tenant, query.validated_data, answer)
