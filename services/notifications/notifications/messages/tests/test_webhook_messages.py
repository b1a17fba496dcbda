"""The owner's email when a webhook endpoint is switched off, in English and German."""

import pytest
from contracts import notifications as contract

from notifications.messages import services

from . import factories
from .test_delivery import delivery


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("en", "A webhook of Studio Lumen was switched off", "switched off at"),
        ("de", "Ein Webhook von Studio Lumen wurde abgeschaltet", "abgeschaltet"),
    ],
)
def test_the_owner_learns_once_that_a_webhook_was_switched_off(
    db, smtp_settings, sink, language, subject, phrase
):
    message = contract.WebhookDisabledMessage(
        dedupe_key="webhook:1:disabled:2030-05-06T08:00:00+00:00",
        tenant=factories.tenant(),
        language=language,
        email="Owner@Studio.test",
        url="https://crm.example.com/hooks",
        failing_since="2030-05-01T08:00:00+00:00",
        disabled_at="2030-05-06T08:00:00+00:00",
        last_error="HTTP 500",
    )

    assert services.webhook_disabled_send(message=message, delivery=delivery()) == [
        "owner@studio.test"
    ]
    assert services.webhook_disabled_send(message=message, delivery=delivery("again")) == []

    email = sink.wait_count(1)[0]
    assert email["Subject"] == subject
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert message.url in text and "HTTP 500" in text and phrase in text
