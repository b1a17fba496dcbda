"""The business erases a client's personal data and keeps the bookings (GDPR Art. 17).

A booking is a record the business must keep (invoices, its books), so the client row
stays and what identifies the person goes: name, email, phone, the bookings' notes and
the addresses they came from, also in the event bodies kept for integrators' webhooks. After
the commit, the booking worker deletes the outbox's sent messages that name the address
(FORGET_SENT_MESSAGES: a scan of every tenant's messages of the last days, so not in the
request), and notifications is told to forget the address in its log of sent emails
(contracts.notifications.ForgetClient). A client with a booking
still to come is refused: the business cancels it first (the client would otherwise be sent
reminders nobody reads).
"""

from uuid import UUID

from contracts import notifications
from django.db import transaction

from booking.tenants.models import Tenant
from booking.webhooks.services import deliveries_forget_client

from .. import clock
from ..errors import ClientHasUpcomingBookings, ClientNotFound
from ..events import publish_after_commit
from ..models import Booking, Client, Reservation

ANONYMIZED_NAME = "Anonymized client"
FORGET_SENT_MESSAGES = "booking.clients.forget_sent_messages"


def anonymized_email(client: Client) -> str:
    # Unique per client (the email is unique per tenant) and undeliverable (RFC 2606).
    return f"anonymized-{client.pk.hex}@anonymized.invalid"


@transaction.atomic
def client_anonymize(*, tenant: Tenant, client_id: UUID) -> Client:
    """Erases the client's personal data; a second call changes nothing."""
    now = clock.now()
    client = Client.objects.select_for_update().filter(tenant=tenant, pk=client_id).first()
    if client is None:
        raise ClientNotFound(detail={"client": str(client_id)})
    if client.anonymized_at is not None:
        return client
    upcoming = (
        Reservation.objects.filter(tenant=tenant, booking__client=client, live=True, end__gt=now)
        .exclude(expires_at__lte=now)
        .values_list("booking_id", flat=True)
        .distinct()
    )
    if upcoming:
        raise ClientHasUpcomingBookings(
            detail={"bookings": sorted(str(booking_id) for booking_id in upcoming)}
        )
    bookings = Booking.objects.filter(tenant=tenant, client=client)
    forget = notifications.ForgetClient(
        dedupe_key=f"client:{client.pk}:forget",
        tenant_id=str(tenant.pk),
        email=client.email,
        booking_ids=[str(pk) for pk in bookings.values_list("pk", flat=True)],
    )
    # Bookings before their reservations: the lock order of every booking transition.
    bookings.update(note="", client_address="", updated_at=now)
    Reservation.objects.filter(tenant=tenant, booking__in=bookings).update(
        client_address=None, updated_at=now
    )
    client.name = ANONYMIZED_NAME
    client.email = anonymized_email(client)
    client.phone = ""
    client.anonymized_at = now
    client.full_clean(validate_constraints=False)
    client.save()
    # What this service keeps of the client elsewhere: integrators' event bodies, and (by
    # the worker) the messages already sent.
    deliveries_forget_client(client=client, booking_ids=forget.booking_ids)
    publish_after_commit(FORGET_SENT_MESSAGES, {"email": forget.email})
    publish_after_commit(notifications.FORGET_CLIENT, forget)
    return client
