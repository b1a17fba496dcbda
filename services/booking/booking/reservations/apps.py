from django.apps import AppConfig


class ReservationsConfig(AppConfig):
    name = "booking.reservations"
    label = "reservations"

    def ready(self) -> None:
        from . import metrics

        metrics.connect()
