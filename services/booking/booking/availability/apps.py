from django.apps import AppConfig


class AvailabilityConfig(AppConfig):
    name = "booking.availability"
    label = "availability"

    def ready(self) -> None:
        from .snapshot import connect_signals

        connect_signals()
