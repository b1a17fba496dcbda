"""The waitlist of full days (issue 14 part 3).

A customer leaves an email for a full day of a service (with one staff member, or anyone).
When a start of that day frees up, the first waiting entry is offered it: the start is held
for them (a hold in a cart of its own, for the tenant's hold minutes) and they get an email
whose signed link opens that hold in the widget. An unused hold runs out like any other and
the start goes to the next entry.
"""

from django.db import models

from booking.catalog.models import Service, Staff
from booking.common.models import TenantOwnedModel
from booking.reservations.models import Reservation


class WaitlistEntry(TenantOwnedModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    # None: any staff member who gives the service.
    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField()  # in the tenant's time zone
    email = models.EmailField(max_length=254)
    language = models.CharField(max_length=2, default="en")

    class Meta(TenantOwnedModel.Meta):
        ordering = ["created_at", "id"]
        constraints = [
            # Leaving the same email twice for the same day keeps one place in the line.
            models.UniqueConstraint(
                fields=["tenant", "service", "staff", "day", "email"],
                name="waitlist_entry_once",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index(fields=["tenant", "day", "created_at"], name="waitlist_day")]


class WaitlistOffer(TenantOwnedModel):
    """The one time an entry was offered a freed start: the hold made for it."""

    # One offer per entry: nobody is notified twice, whoever races.
    entry = models.OneToOneField(WaitlistEntry, on_delete=models.CASCADE, related_name="offer")
    # One freed start reaches one entry.
    hold = models.OneToOneField(Reservation, on_delete=models.PROTECT, related_name="+")
