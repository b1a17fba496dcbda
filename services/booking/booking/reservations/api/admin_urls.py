from django.urls import path

from . import admin_views as views

urlpatterns = [
    path("bookings", views.AdminBookingListApi.as_view(), name="admin-bookings-list"),
    path(
        "bookings/<uuid:booking_id>/cancel",
        views.AdminBookingCancelApi.as_view(),
        name="admin-bookings-cancel",
    ),
]
