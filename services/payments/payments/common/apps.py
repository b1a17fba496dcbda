from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "payments.common"
    label = "common"
