from django.apps import AppConfig


class AvailabilityConfig(AppConfig):
    name = "booking.availability"
    label = "availability"
