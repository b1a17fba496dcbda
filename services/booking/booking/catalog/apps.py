from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "booking.catalog"
    label = "catalog"
