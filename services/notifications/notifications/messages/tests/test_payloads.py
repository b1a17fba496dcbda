"""Task kwargs back into the contract's dataclasses."""

from dataclasses import asdict

import pytest
from contracts import notifications as contract
from contracts.payloads import payload_parse

from . import factories


def test_a_payload_survives_the_round_trip_through_json_kwargs():
    message = factories.booking_message(previous_appointments=[factories.appointment()])

    parsed = payload_parse(contract.BookingMessage, asdict(message))

    assert parsed == message
    assert isinstance(parsed.appointments[0], contract.Appointment)
    assert isinstance(parsed.tenant, contract.Tenant)


def test_fields_a_newer_producer_adds_are_ignored_and_older_ones_get_defaults():
    kwargs = asdict(factories.booking_message())
    kwargs["gift_wrapping"] = True
    kwargs["tenant"]["brand_colour"] = "#ff0000"
    del kwargs["tenant"]["language"], kwargs["refund_amount"]

    parsed = payload_parse(contract.BookingMessage, kwargs)

    assert parsed.tenant.language == "en"
    assert parsed.refund_amount == 0


def test_a_missing_required_field_fails_loudly():
    kwargs = asdict(factories.verification_code())
    del kwargs["code"]

    with pytest.raises(TypeError):
        payload_parse(contract.SendVerificationCode, kwargs)
