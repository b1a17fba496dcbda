from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "booking.tenants"
    label = "tenants"
