"""The integrators' bookings and clients, with the tenant's API key.

Every operation is scoped to the key's tenant: another tenant's booking or client answers
404 as an unknown id does.
"""

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from booking.common.schema import error_response
from booking.tenants.api.admin_base import TenantAdminApi

from ..cursor import page_after
from ..selectors import booking_get, booking_list, client_get, client_list
from ..services import bookings, cancellation, clients, move
from .admin_serializers import (
    AdminBookingCreateInputSerializer,
    AdminBookingListOutputSerializer,
    AdminBookingListQueryInputSerializer,
    AdminBookingOutputSerializer,
    AdminBookingRescheduleInputSerializer,
    AdminClientExportOutputSerializer,
    AdminClientListOutputSerializer,
    AdminClientListQueryInputSerializer,
    AdminClientOutputSerializer,
)

ADMIN = ["admin: bookings"]
CLIENTS = ["admin: clients"]


class AdminBookingListApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_bookings_list",
        summary="The tenant's bookings by first start (dates in the tenant's time zone)",
        description="Pages of at most 500 (limit, default 100). Go on with next_cursor as "
        "cursor (stable while bookings are added), or with an offset of at most 10,000; "
        "filter by dates (1970-01-01 to 9000-12-31, inclusive) to reach further. Filters: "
        "status, staff, service, date_from/date_to (the tenant's days), start_after/"
        "start_before (the first start) and updated_since (changed since, for syncing). Out "
        "of bounds: 400 invalid_input naming the parameter.",
        parameters=[AdminBookingListQueryInputSerializer],
        responses={
            200: AdminBookingListOutputSerializer,
            400: error_response("invalid_input, invalid_cursor"),
        },
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
            staff_id=q.get("staff"),
            service_id=q.get("service"),
            start_after=q.get("start_after"),
            start_before=q.get("start_before"),
            updated_since=q.get("updated_since"),
        )
        page, next_cursor = page_after(
            bookings_qs,
            field="first_start",
            cursor=q.get("cursor"),
            limit=q["limit"],
            offset=q["offset"],
        )
        body = {"count": bookings_qs.count(), "results": page, "next_cursor": next_cursor}
        return Response(AdminBookingListOutputSerializer(body).data)

    @extend_schema(
        operation_id="admin_bookings_create",
        summary="Book a start on a client's behalf (staff booking for a client)",
        description="The same guard as every booking: the schedule must offer the start "
        "(minimum notice, horizon, working hours) and nobody may hold or have booked it "
        "(409 slot_unavailable, detail.reason taken | not_offered); the plan's bookings a "
        "month count (403 plan_limit_reached). No code is asked and nothing is paid "
        "online: the booking is confirmed at once, payment none, the price due at the "
        "appointment. notify_client (default true) sends the confirmation emails.",
        request=AdminBookingCreateInputSerializer,
        responses={
            201: AdminBookingOutputSerializer,
            400: error_response("invalid_input"),
            403: error_response("plan_limit_reached (detail.limit)"),
            404: error_response("service_not_found, staff_not_found"),
            409: error_response("slot_unavailable"),
        },
        tags=ADMIN,
    )
    def post(self, request: Request) -> Response:
        data = AdminBookingCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        created = bookings.booking_create(
            tenant=self.tenant,
            cart_token=None,
            client_name=values["client"]["name"],
            client_email=values["client"]["email"],
            client_phone=values["client"]["phone"],
            note=values["note"],
            reminder=values["reminder"],
            language=values.get("language"),
            slot=bookings.Slot(
                service_id=values["service"], staff_id=values["staff"], start=values["start"]
            ),
            by_staff=True,
            notify_client=values["notify_client"],
        )
        booking = booking_get(tenant=self.tenant, booking_id=created.booking.id)
        return Response(AdminBookingOutputSerializer(booking).data, status=status.HTTP_201_CREATED)


class AdminBookingGetApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_bookings_get",
        summary="One booking, as the list shows it",
        responses={200: AdminBookingOutputSerializer, 404: error_response("booking_not_found")},
        tags=ADMIN,
    )
    def get(self, request: Request, booking_id: UUID) -> Response:
        booking = booking_get(tenant=self.tenant, booking_id=booking_id)
        return Response(AdminBookingOutputSerializer(booking).data)


class AdminBookingRescheduleApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_bookings_reschedule",
        summary="Move a confirmed booking's first appointment to another start",
        description="The same guard as every booking; the old start is offered again at "
        "once, in the same transaction. The client, the staff member and the owner are "
        "told. The client's own reschedule limit and window bind the manage link only.",
        request=AdminBookingRescheduleInputSerializer,
        responses={
            200: AdminBookingOutputSerializer,
            400: error_response("invalid_input"),
            404: error_response("booking_not_found, staff_not_found (not giving the service)"),
            409: error_response("booking_not_confirmed, slot_unavailable"),
        },
        tags=ADMIN,
    )
    def post(self, request: Request, booking_id: UUID) -> Response:
        data = AdminBookingRescheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        move.booking_move(
            tenant=self.tenant,
            booking_id=booking_id,
            start=data.validated_data["start"],
            staff_id=data.validated_data.get("staff"),
        )
        booking = booking_get(tenant=self.tenant, booking_id=booking_id)
        return Response(AdminBookingOutputSerializer(booking).data)


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


class AdminClientListApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_clients_list",
        summary="The tenant's clients, oldest first",
        description="Pages of at most 500 (limit, default 100); go on with next_cursor as cursor.",
        parameters=[AdminClientListQueryInputSerializer],
        responses={
            200: AdminClientListOutputSerializer,
            400: error_response("invalid_input, invalid_cursor"),
        },
        tags=CLIENTS,
    )
    def get(self, request: Request) -> Response:
        query = AdminClientListQueryInputSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        q = query.validated_data
        page, next_cursor = page_after(
            client_list(tenant=self.tenant, search=q.get("search")),
            field="created_at",
            cursor=q.get("cursor"),
            limit=q["limit"],
        )
        body = {"results": page, "next_cursor": next_cursor}
        return Response(AdminClientListOutputSerializer(body).data)


class AdminClientDetailApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_clients_get",
        responses={200: AdminClientOutputSerializer, 404: error_response("client_not_found")},
        tags=CLIENTS,
    )
    def get(self, request: Request, client_id: UUID) -> Response:
        return Response(
            AdminClientOutputSerializer(client_get(tenant=self.tenant, client_id=client_id)).data
        )

    @extend_schema(
        operation_id="admin_clients_delete",
        summary="Erase the client's personal data and keep the bookings (GDPR Art. 17)",
        description="Name, email and phone, the bookings' notes and the network addresses "
        "they came from are erased; the bookings and their payments stay for the books, "
        "under the anonymized client. Refused while the client has a booking still to "
        "come (409 client_has_upcoming_bookings, detail.bookings): cancel it first. A "
        "second call answers 204 again.",
        request=None,
        responses={
            204: None,
            404: error_response("client_not_found"),
            409: error_response("client_has_upcoming_bookings"),
        },
        tags=CLIENTS,
    )
    def delete(self, request: Request, client_id: UUID) -> Response:
        clients.client_anonymize(tenant=self.tenant, client_id=client_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AdminClientExportApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_clients_export",
        summary="Everything stored about a client, as JSON (GDPR Art. 15 and 20)",
        description="The client and every booking of theirs, with its appointments, "
        "payments and refunds, note and the network address it came from.",
        responses={
            200: AdminClientExportOutputSerializer,
            404: error_response("client_not_found"),
        },
        tags=CLIENTS,
    )
    def get(self, request: Request, client_id: UUID) -> Response:
        client = client_get(tenant=self.tenant, client_id=client_id)
        body = {
            "client": client,
            "bookings": booking_list(tenant=self.tenant, client_id=client.id),
        }
        return Response(AdminClientExportOutputSerializer(body).data)
