"""The integrators' bookings: list and cancel, with the tenant's API key."""

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from booking.common.schema import error_response
from booking.tenants.api.admin_base import TenantAdminApi

from ..selectors import booking_get, booking_list
from ..services import cancellation
from .admin_serializers import (
    AdminBookingListOutputSerializer,
    AdminBookingListQueryInputSerializer,
    AdminBookingOutputSerializer,
)

ADMIN = ["admin: bookings"]


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
            "results": page,
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
        return Response(AdminBookingOutputSerializer(booking).data)
