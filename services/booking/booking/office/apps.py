from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "booking.office"
    label = "office"
    verbose_name = "Back office"
