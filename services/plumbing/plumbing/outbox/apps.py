from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "plumbing.outbox"
    label = "outbox"
    verbose_name = "Transactional outbox"
    default_auto_field = "django.db.models.BigAutoField"
