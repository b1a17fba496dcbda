from django.apps import AppConfig
from rest_framework import fields


def _strict(field_class, accepts):
    """JSON says what type a value is: a string field takes strings, a boolean field true or
    false. DRF would also convert numbers and words (0 -> "0", 1 or "yes" -> true), letting
    through requests the OpenAPI document calls invalid. Query strings are strings, and no
    query parameter is a boolean."""
    convert = field_class.to_internal_value

    def to_internal_value(self, data):
        if not accepts(data):
            self.fail("invalid")
        return convert(self, data)

    field_class.to_internal_value = to_internal_value


class PlumbingConfig(AppConfig):
    """Installed by every service with an API: its requests are read as strictly as the
    OpenAPI document describes them."""

    name = "plumbing"

    def ready(self):
        _strict(fields.CharField, lambda data: isinstance(data, str))
        _strict(fields.BooleanField, lambda data: isinstance(data, bool))
