from django.urls import path

from . import admin_views as views

urlpatterns = [
    path("bookings", views.AdminBookingListApi.as_view(), name="admin-bookings-list"),
    path("bookings/<uuid:booking_id>", views.AdminBookingGetApi.as_view(), name="admin-booking"),
    path(
        "bookings/<uuid:booking_id>/cancel",
        views.AdminBookingCancelApi.as_view(),
        name="admin-bookings-cancel",
    ),
    path(
        "bookings/<uuid:booking_id>/reschedule",
        views.AdminBookingRescheduleApi.as_view(),
        name="admin-bookings-reschedule",
    ),
    path("clients", views.AdminClientListApi.as_view(), name="admin-clients-list"),
    path("clients/<uuid:client_id>", views.AdminClientDetailApi.as_view(), name="admin-client"),
    path(
        "clients/<uuid:client_id>/export",
        views.AdminClientExportApi.as_view(),
        name="admin-clients-export",
    ),
]
