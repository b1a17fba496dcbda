from django.apps import AppConfig


class ReservationsConfig(AppConfig):
    name = "booking.reservations"
    label = "reservations"
