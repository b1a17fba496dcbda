from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "plumbing.outbox"
    label = "outbox"
    verbose_name = "Transactional outbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        service = getattr(settings, "METRICS_SERVICE", "")
        if service:
            # /metrics of a web service also tells its outbox backlog and every Celery
            # queue's length and oldest message (plumbing.metrics).
            from contracts import queues

            from plumbing.metrics import web_metrics

            names = [v for k, v in vars(queues).items() if k.isupper() and isinstance(v, str)]
            web_metrics(
                service=service, redis_url=getattr(settings, "REDIS_URL", ""), queue_names=names
            )
