"""The waitlist of full days (booking.waitlist): who waits for which day, who was offered."""

from django.shortcuts import render
from django.utils import timezone

from booking.waitlist.selectors import waitlist_entry_list

from ..access import office_view

SHOWN = 500


@office_view("services")
def waitlist_view(request):
    tenant = request.office.tenant
    today = timezone.now().astimezone(tenant.zone).date()
    entries = waitlist_entry_list(tenant=tenant, from_day=today)[:SHOWN]
    return render(request, "office/waitlist.html", {"entries": entries, "shown": SHOWN})
