"""The tasks the notifications workers consume, by the names in contracts.notifications.

Thin: parse the payload, call the service. Retries with exponential backoff and full
jitter on SMTP and network errors; after the last one the task is recorded as failed
(FailedTask) for `manage.py retry_failed`.
"""

import smtplib
from typing import Any

from celery import Task, shared_task
from contracts import notifications as contract
from contracts.payloads import payload_parse
from django.conf import settings

from . import services


class NotificationTask(Task):
    # smtplib's errors, and OSError for refused connections and timeouts.
    autoretry_for = (smtplib.SMTPException, OSError)
    max_retries = settings.NOTIFICATIONS_MAX_RETRIES
    retry_backoff = settings.NOTIFICATIONS_RETRY_BACKOFF
    retry_backoff_max = settings.NOTIFICATIONS_RETRY_BACKOFF_MAX
    retry_jitter = True

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        services.failed_task_record(
            task_name=self.name,
            task_id=task_id,
            payload=kwargs,
            error=f"{type(exc).__name__}: {exc}",
            retries=self.request.retries,
        )


def _run(task: Task, service, payload_class: type, kwargs: dict[str, Any]) -> list[str]:
    delivery = services.Delivery(
        task_id=task.request.id,
        worker=task.request.hostname or "",
        queue=(task.request.delivery_info or {}).get("routing_key") or "",
    )
    try:
        return service(message=payload_parse(payload_class, kwargs), delivery=delivery)
    except services.MessageBusy as busy:
        # Another delivery of the same message is sending it: look again once its
        # claim runs out (it is sent by then, or free to take over).
        raise task.retry(exc=busy, countdown=busy.retry_after)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_VERIFICATION_CODE)
def send_verification_code(self, **kwargs) -> list[str]:
    return _run(self, services.verification_code_send, contract.SendVerificationCode, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_BOOKING_CONFIRMATION)
def send_booking_confirmation(self, **kwargs) -> list[str]:
    return _run(self, services.booking_confirmation_send, contract.BookingMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_REMINDER)
def send_reminder(self, **kwargs) -> list[str]:
    return _run(self, services.reminder_send, contract.BookingMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_BOOKING_RESCHEDULED)
def send_booking_rescheduled(self, **kwargs) -> list[str]:
    return _run(self, services.booking_rescheduled_send, contract.BookingMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_BOOKING_CANCELLED)
def send_booking_cancelled(self, **kwargs) -> list[str]:
    return _run(self, services.booking_cancelled_send, contract.BookingMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_PAYMENT_RECEIPT)
def send_payment_receipt(self, **kwargs) -> list[str]:
    return _run(self, services.payment_receipt_send, contract.PaymentMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_PAYMENT_REFUNDED)
def send_payment_refunded(self, **kwargs) -> list[str]:
    return _run(self, services.payment_refunded_send, contract.PaymentMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_OFFICE_INVITATION)
def send_office_invitation(self, **kwargs) -> list[str]:
    return _run(self, services.office_invitation_send, contract.OfficeAccessMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_OFFICE_PASSWORD_RESET)
def send_office_password_reset(self, **kwargs) -> list[str]:
    return _run(self, services.office_password_reset_send, contract.OfficeAccessMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_WEBHOOK_DISABLED)
def send_webhook_disabled(self, **kwargs) -> list[str]:
    return _run(self, services.webhook_disabled_send, contract.WebhookDisabledMessage, kwargs)


@shared_task(bind=True, base=NotificationTask, name=contract.FORGET_CLIENT)
def forget_client(self, **kwargs) -> int:
    return services.client_forget(message=payload_parse(contract.ForgetClient, kwargs))


@shared_task(bind=True, base=NotificationTask, name=contract.SEND_WAITLIST_OFFER)
def send_waitlist_offer(self, **kwargs) -> list[str]:
    return _run(self, services.waitlist_offer_send, contract.WaitlistOfferMessage, kwargs)
