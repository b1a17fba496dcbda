"""The waiting customer's email when a start of their day is held for them, en and de."""

import pytest
from contracts import notifications as contract

from notifications.messages import services

from . import factories
from .test_delivery import delivery


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("en", "A time is free at Studio Lumen: it is held for you", "yours to book until"),
        ("de", "Ein Termin bei Studio Lumen ist frei: Wir halten ihn für Sie", "buchen"),
    ],
)
def test_a_waiting_customer_gets_the_link_once(db, smtp_settings, sink, language, subject, phrase):
    link = "https://booking.example.com/widget/?tenant=lumen#waitlist/abc:def"
    message = contract.WaitlistOfferMessage(
        dedupe_key="waitlist:1:offer",
        tenant=factories.tenant(),
        language=language,
        email="Waiting@Example.test",
        link=link,
        expires_at="2030-05-06T08:10:00+00:00",
        appointment=contract.Appointment(
            service_name="Portrait",
            staff_name="Anna",
            staff_email="",
            start="2030-05-07T15:00:00+00:00",
            end="2030-05-07T16:00:00+00:00",
        ),
    )

    assert services.waitlist_offer_send(message=message, delivery=delivery()) == [
        "waiting@example.test"
    ]
    assert services.waitlist_offer_send(message=message, delivery=delivery("again")) == []

    email = sink.wait_count(1)[0]
    # An encoded (non-ASCII) subject comes back folded with a leading space.
    assert email["Subject"].strip() == subject
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert link in text and "Portrait" in text and phrase in text
