from django.urls import path

from .views import AdminBookingCancelApi, AdminBookingListApi

urlpatterns = [
    path("bookings", AdminBookingListApi.as_view(), name="admin-bookings-list"),
    path(
        "bookings/<uuid:booking_id>/cancel",
        AdminBookingCancelApi.as_view(),
        name="admin-bookings-cancel",
    ),
]
