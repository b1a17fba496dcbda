from django.urls import path

from .manage_views import ManageBookingCancelApi, ManageBookingGetApi, ManageBookingRescheduleApi
from .public_views import (
    BookingCodeResendApi,
    BookingCreateApi,
    BookingGetApi,
    BookingVerifyApi,
    CartPaymentOptionsGetApi,
    HoldCreateApi,
    HoldDeleteApi,
    HoldExtendApi,
    PaymentOptionsGetApi,
)

urlpatterns = [
    path("holds", HoldCreateApi.as_view(), name="public-holds-create"),
    path("holds/<uuid:hold_id>", HoldDeleteApi.as_view(), name="public-holds-delete"),
    path("holds/<uuid:hold_id>/extend", HoldExtendApi.as_view(), name="public-holds-extend"),
    path("bookings", BookingCreateApi.as_view(), name="public-bookings-create"),
    path("bookings/<uuid:booking_id>", BookingGetApi.as_view(), name="public-bookings-get"),
    path("bookings/<uuid:booking_id>/verify", BookingVerifyApi.as_view(), name="public-verify"),
    path(
        "bookings/<uuid:booking_id>/resend-code",
        BookingCodeResendApi.as_view(),
        name="public-resend-code",
    ),
    path("manage/<str:token>", ManageBookingGetApi.as_view(), name="public-manage-get"),
    path(
        "manage/<str:token>/reschedule",
        ManageBookingRescheduleApi.as_view(),
        name="public-manage-reschedule",
    ),
    path(
        "manage/<str:token>/cancel", ManageBookingCancelApi.as_view(), name="public-manage-cancel"
    ),
    path("payment-options", PaymentOptionsGetApi.as_view(), name="public-payment-options"),
    path(
        "cart/payment-options",
        CartPaymentOptionsGetApi.as_view(),
        name="public-cart-payment-options",
    ),
]
