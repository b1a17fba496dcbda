"""Payloads as the booking service publishes them (contracts.notifications), for tests."""

import uuid
from dataclasses import asdict

from contracts import notifications as contract

ZURICH = "Europe/Zurich"
# 1 December 2026 16:00 UTC is 17:00 in Zurich (CET, UTC+1).
START = "2026-12-01T16:00:00+00:00"
END = "2026-12-01T17:00:00+00:00"


def tenant(**overrides) -> contract.Tenant:
    values = {
        "id": str(uuid.uuid4()),
        "name": "Studio Lumen",
        "plan": "professional",
        "timezone": ZURICH,
        "owner_email": "owner@studio.test",
    }
    return contract.Tenant(**(values | overrides))


def appointment(**overrides) -> contract.Appointment:
    values = {
        "service_name": "Portrait session",
        "staff_name": "Anna Keller",
        "staff_email": "anna@studio.test",
        "start": START,
        "end": END,
    }
    return contract.Appointment(**(values | overrides))


def booking_message(**overrides) -> contract.BookingMessage:
    booking_id = str(uuid.uuid4())
    values = {
        "dedupe_key": f"booking:{booking_id}:confirmed",
        "tenant": tenant(),
        "booking_id": booking_id,
        "language": "en",
        "client_name": "Max Muster",
        "client_email": "max@client.test",
        "client_phone": "+41 79 000 00 00",
        "note": "Bring the dog",
        "manage_url": f"http://localhost:8080/widget/?tenant=studio#manage/{booking_id}",
        "appointments": [appointment()],
    }
    return contract.BookingMessage(**(values | overrides))


def verification_code(**overrides) -> contract.SendVerificationCode:
    booking_id = str(uuid.uuid4())
    values = {
        "dedupe_key": f"booking:{booking_id}:code:1",
        "tenant": tenant(),
        "booking_id": booking_id,
        "language": "en",
        "client_name": "Max Muster",
        "email": "max@client.test",
        "code": "482913",
        "expires_at": "2026-12-01T15:10:00+00:00",
    }
    return contract.SendVerificationCode(**(values | overrides))


def payment_message(**overrides) -> contract.PaymentMessage:
    booking_id = str(uuid.uuid4())
    values = {
        "dedupe_key": f"booking:{booking_id}:paid",
        "tenant": tenant(),
        "booking_id": booking_id,
        "language": "en",
        "client_name": "Max Muster",
        "client_email": "max@client.test",
        "amount": 12050,
        "currency": "chf",
        "kind": "deposit",
        "balance_due": 8000,
        "appointments": [appointment()],
    }
    return contract.PaymentMessage(**(values | overrides))


def kwargs(payload) -> dict:
    """The task kwargs a producer sends: the payload as JSON-able dict."""
    return asdict(payload)
