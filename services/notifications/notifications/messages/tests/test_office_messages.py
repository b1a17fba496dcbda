"""The back office's invitation and password reset emails, in English and German."""

import pytest
from contracts import notifications as contract

from notifications.messages import services

from . import factories
from .test_delivery import delivery


def access_message(**overrides) -> contract.OfficeAccessMessage:
    fields = {
        "dedupe_key": "office:invitation:1",
        "tenant": factories.tenant(),
        "language": "en",
        "email": "New.Manager@Studio.test",
        "link": "http://localhost:8080/office/invitation/signed-token/",
        "expires_at": "2030-05-01T08:00:00+00:00",
        "role": "manager",
        "invited_by": "owner@studio.test",
    }
    return contract.OfficeAccessMessage(**(fields | overrides))


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("en", "You are invited to the back office of Studio Lumen", "works once"),
        ("de", "Einladung in den Verwaltungsbereich von Studio Lumen", "funktioniert einmal"),
    ],
)
def test_an_invitation_carries_its_link_once(db, smtp_settings, sink, language, subject, phrase):
    message = access_message(language=language)

    assert services.office_invitation_send(message=message, delivery=delivery()) == [
        "new.manager@studio.test"
    ]
    assert services.office_invitation_send(message=message, delivery=delivery("again")) == []

    email = sink.wait_count(1)[0]
    assert email["Subject"] == subject
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert message.link in text and phrase in text


def test_a_password_reset_names_the_login(db, smtp_settings, sink):
    message = access_message(dedupe_key="office:password-reset:1:t", role="", invited_by="")

    services.office_password_reset_send(message=message, delivery=delivery())

    email = sink.wait_count(1)[0]
    assert email["Subject"] == "Reset your password for Studio Lumen"
    assert "New.Manager@Studio.test" in email.get_body(preferencelist=("plain",)).get_content()
