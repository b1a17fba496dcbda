from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from booking.catalog import services as catalog
from booking.catalog.api.admin_serializers import (
    DayOffAdminSerializer,
    ServiceAdminSerializer,
    StaffAdminSerializer,
    WorkingHoursAdminSerializer,
    WorkingWeekAdminInputSerializer,
)
from booking.catalog.selectors import (
    day_off_get,
    day_off_list,
    service_get,
    service_list,
    staff_get,
    staff_list,
    working_hours_get,
    working_hours_list,
)
from booking.common.schema import error_response
from booking.tenants.api.admin_base import TenantAdminApi

SERVICES = ["admin: services"]
STAFF = ["admin: staff"]


class ServiceListApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_services_list",
        responses={200: ServiceAdminSerializer(many=True)},
        tags=SERVICES,
    )
    def get(self, request):
        return Response(ServiceAdminSerializer(service_list(tenant=self.tenant), many=True).data)

    @extend_schema(
        operation_id="admin_services_create",
        description="A tenant has at most 500 services, active or not (400 too_many_services).",
        request=ServiceAdminSerializer,
        responses={
            201: ServiceAdminSerializer,
            400: error_response("invalid_input, too_many_services"),
            409: error_response("service_name_taken"),
        },
        tags=SERVICES,
    )
    def post(self, request):
        data = ServiceAdminSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = catalog.service_create(tenant=self.tenant, **data.validated_data)
        return Response(ServiceAdminSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceDetailApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_services_get", responses={200: ServiceAdminSerializer}, tags=SERVICES
    )
    def get(self, request, service_id: UUID):
        return Response(
            ServiceAdminSerializer(service_get(tenant=self.tenant, service_id=service_id)).data
        )

    @extend_schema(
        operation_id="admin_services_update",
        request=ServiceAdminSerializer,
        responses={200: ServiceAdminSerializer, 409: error_response("service_name_taken")},
        tags=SERVICES,
    )
    def patch(self, request, service_id: UUID):
        service = service_get(tenant=self.tenant, service_id=service_id)
        data = ServiceAdminSerializer(service, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        service = catalog.service_update(service=service, **data.validated_data)
        return Response(ServiceAdminSerializer(service).data)

    @extend_schema(
        operation_id="admin_services_delete",
        responses={204: None, 409: error_response("service_in_use")},
        tags=SERVICES,
    )
    def delete(self, request, service_id: UUID):
        catalog.service_delete(service=service_get(tenant=self.tenant, service_id=service_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffListApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_staff_list",
        responses={200: StaffAdminSerializer(many=True)},
        tags=STAFF,
    )
    def get(self, request):
        staff = staff_list(tenant=self.tenant).prefetch_related("services")
        return Response(StaffAdminSerializer(staff, many=True).data)

    @extend_schema(
        operation_id="admin_staff_create",
        description="The plan limits active staff members (403 plan_limit_reached); every plan "
        "has at most 500 staff members, active or not (400 too_many_staff). A request names "
        "at most 100 services.",
        request=StaffAdminSerializer,
        responses={
            201: StaffAdminSerializer,
            400: error_response("invalid_input, unknown_services, too_many_staff"),
            403: error_response("plan_limit_reached (detail.limit)"),
        },
        tags=STAFF,
    )
    def post(self, request):
        data = StaffAdminSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        member = catalog.staff_create(
            tenant=self.tenant, service_ids=fields.pop("services", []), **fields
        )
        return Response(StaffAdminSerializer(member).data, status=status.HTTP_201_CREATED)


class StaffDetailApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_staff_get", responses={200: StaffAdminSerializer}, tags=STAFF
    )
    def get(self, request, staff_id: UUID):
        return Response(StaffAdminSerializer(staff_get(tenant=self.tenant, staff_id=staff_id)).data)

    @extend_schema(
        operation_id="admin_staff_update",
        request=StaffAdminSerializer,
        responses={
            200: StaffAdminSerializer,
            400: error_response("invalid_input, unknown_services"),
            403: error_response("plan_limit_reached (detail.limit)"),
        },
        tags=STAFF,
    )
    def patch(self, request, staff_id: UUID):
        member = staff_get(tenant=self.tenant, staff_id=staff_id)
        data = StaffAdminSerializer(member, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        member = catalog.staff_update(
            staff=member, service_ids=fields.pop("services", None), **fields
        )
        return Response(StaffAdminSerializer(member).data)

    @extend_schema(
        operation_id="admin_staff_delete",
        responses={204: None, 409: error_response("staff_in_use")},
        tags=STAFF,
    )
    def delete(self, request, staff_id: UUID):
        catalog.staff_delete(staff=staff_get(tenant=self.tenant, staff_id=staff_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkingHoursListApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_working_hours_list",
        responses={200: WorkingHoursAdminSerializer(many=True)},
        tags=STAFF,
    )
    def get(self, request, staff_id: UUID):
        member = staff_get(tenant=self.tenant, staff_id=staff_id)
        rows = working_hours_list(tenant=self.tenant, staff=member)
        return Response(WorkingHoursAdminSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="admin_working_hours_add",
        description="Times HH:MM in the tenant's zone; at most 8 intervals a weekday "
        "(400 too_many_working_hours), none overlapping.",
        request=WorkingHoursAdminSerializer,
        responses={
            201: WorkingHoursAdminSerializer,
            400: error_response(
                "invalid_input, working_hours_end_before_start, working_hours_overlap, too_many_working_hours"
            ),
        },
        tags=STAFF,
    )
    def post(self, request, staff_id: UUID):
        member = staff_get(tenant=self.tenant, staff_id=staff_id)
        data = WorkingHoursAdminSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = catalog.working_hours_add(staff=member, **data.validated_data)
        return Response(WorkingHoursAdminSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="admin_working_hours_replace",
        description="Replaces the whole week: at most 8 intervals a weekday (56 in all; 400 "
        "too_many_working_hours), none overlapping, times HH:MM in the tenant's zone.",
        request=WorkingWeekAdminInputSerializer,
        responses={
            200: WorkingHoursAdminSerializer(many=True),
            400: error_response(
                "invalid_input, working_hours_end_before_start, working_hours_overlap, too_many_working_hours"
            ),
        },
        tags=STAFF,
    )
    def put(self, request, staff_id: UUID):
        member = staff_get(tenant=self.tenant, staff_id=staff_id)
        data = WorkingWeekAdminInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = catalog.working_hours_replace(
            staff=member,
            intervals=[
                (i["weekday"], i["start_time"], i["end_time"])
                for i in data.validated_data["intervals"]
            ],
        )
        return Response(WorkingHoursAdminSerializer(rows, many=True).data)


class WorkingHoursDetailApi(TenantAdminApi):
    @extend_schema(operation_id="admin_working_hours_delete", responses={204: None}, tags=STAFF)
    def delete(self, request, staff_id: UUID, working_hours_id: UUID):
        member = staff_get(tenant=self.tenant, staff_id=staff_id)
        row = working_hours_get(tenant=self.tenant, staff=member, working_hours_id=working_hours_id)
        catalog.working_hours_delete(working_hours=row)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DayOffListApi(TenantAdminApi):
    @extend_schema(
        operation_id="admin_days_off_list",
        responses={200: DayOffAdminSerializer(many=True)},
        tags=STAFF,
    )
    def get(self, request, staff_id: UUID):
        member = staff_get(tenant=self.tenant, staff_id=staff_id)
        return Response(
            DayOffAdminSerializer(day_off_list(tenant=self.tenant, staff=member), many=True).data
        )

    @extend_schema(
        operation_id="admin_days_off_create",
        description="Dates in the tenant's zone, both inclusive. One day off spans at most 366 "
        "days (400 day_off_too_long) and lies between 366 days before today and 366 days past "
        "the end of the booking horizon (400 day_off_out_of_window; detail names both ends). "
        "A staff member has at most 200 days off ending inside that window (400 "
        "too_many_days_off).",
        request=DayOffAdminSerializer,
        responses={
            201: DayOffAdminSerializer,
            400: error_response(
                "invalid_input, day_off_end_before_start, day_off_too_long, day_off_out_of_window, too_many_days_off"
            ),
        },
        tags=STAFF,
    )
    def post(self, request, staff_id: UUID):
        member = staff_get(tenant=self.tenant, staff_id=staff_id)
        data = DayOffAdminSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        day_off = catalog.day_off_create(staff=member, **data.validated_data)
        return Response(DayOffAdminSerializer(day_off).data, status=status.HTTP_201_CREATED)


class DayOffDetailApi(TenantAdminApi):
    @extend_schema(operation_id="admin_days_off_delete", responses={204: None}, tags=STAFF)
    def delete(self, request, staff_id: UUID, day_off_id: UUID):
        member = staff_get(tenant=self.tenant, staff_id=staff_id)
        day_off = day_off_get(tenant=self.tenant, staff=member, day_off_id=day_off_id)
        catalog.day_off_delete(day_off=day_off)
        return Response(status=status.HTTP_204_NO_CONTENT)
