from django.urls import path

from booking.catalog.api import admin_views as views

urlpatterns = [
    path("services", views.ServiceListApi.as_view(), name="admin-services"),
    path("services/<uuid:service_id>", views.ServiceDetailApi.as_view(), name="admin-service"),
    path("staff", views.StaffListApi.as_view(), name="admin-staff-list"),
    path("staff/<uuid:staff_id>", views.StaffDetailApi.as_view(), name="admin-staff"),
    path(
        "staff/<uuid:staff_id>/working-hours",
        views.WorkingHoursListApi.as_view(),
        name="admin-working-hours",
    ),
    path(
        "staff/<uuid:staff_id>/working-hours/<uuid:working_hours_id>",
        views.WorkingHoursDetailApi.as_view(),
        name="admin-working-hours-detail",
    ),
    path("staff/<uuid:staff_id>/days-off", views.DayOffListApi.as_view(), name="admin-days-off"),
    path(
        "staff/<uuid:staff_id>/days-off/<uuid:day_off_id>",
        views.DayOffDetailApi.as_view(),
        name="admin-day-off",
    ),
]
