from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "booking.common"
    label = "common"
