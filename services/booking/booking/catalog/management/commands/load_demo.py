"""Loads the demo tenant `make run` shows: a photo studio in Zurich.

Idempotent: what exists is kept as it is, what is missing is created. The tenant's API key
is printed only when the tenant is created now (it is stored hashed and cannot be shown
again); `--new-api-key` issues another one.
"""

import datetime
import json
import os

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from booking.catalog.models import Service, Staff
from booking.catalog.services import (
    day_off_create,
    service_create,
    staff_create,
    working_hours_replace,
)
from booking.office.models import Membership, Role
from booking.office.services import membership_create
from booking.tenants.models import Tenant
from booking.tenants.plans import PROFESSIONAL
from booking.tenants.services import api_key_create, tenant_create

SLUG = "demo"
PORTRAIT = "Portrait session"
CONSULTATION = "Consultation"
MORNING = (datetime.time(9), datetime.time(12))
AFTERNOON = (datetime.time(13), datetime.time(17))
LONG_DAY = (datetime.time(10), datetime.time(18, 30))
# The demo's back-office logins share one development password (printed by make run).
OFFICE_PASSWORD = os.environ.get("DEMO_OFFICE_PASSWORD") or "demo-office-2026"
OFFICE_LOGINS = [
    ("owner@demo-studio.example", Role.OWNER, None),
    ("manager@demo-studio.example", Role.MANAGER, None),
    ("anna@demo-studio.example", Role.STAFF, "Anna Keller"),
    ("marco@demo-studio.example", Role.STAFF, "Marco Rossi"),
]


def next_week_monday(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=7 - today.weekday())


class Command(BaseCommand):
    help = "Creates the demo tenant (photo studio) with its services and photographers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="Print the result as one JSON object."
        )
        parser.add_argument(
            "--new-api-key", action="store_true", help="Issue another API key for the tenant."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        tenant = Tenant.objects.filter(slug=SLUG).first()
        created = tenant is None
        api_key = None
        if created:
            tenant, api_key = tenant_create(
                slug=SLUG,
                name="Demo Photo Studio",
                plan=PROFESSIONAL,
                timezone="Europe/Zurich",
                owner_email="owner@demo-studio.example",
                payments_enabled=True,
                labels={"choose_staff": "Choose photographer", "staff": "Photographer"},
            )
        elif options["new_api_key"]:
            _, api_key = api_key_create(tenant=tenant, name="load_demo")

        services = {s.name: s for s in Service.objects.filter(tenant=tenant)}
        if PORTRAIT not in services:
            services[PORTRAIT] = service_create(
                tenant=tenant,
                name=PORTRAIT,
                description="One hour in the studio or outdoors, 10 edited photos.",
                duration_minutes=60,
                price_amount=15000,
                currency="chf",
                down_payment_percent=30,
            )
        if CONSULTATION not in services:
            services[CONSULTATION] = service_create(
                tenant=tenant,
                name=CONSULTATION,
                description="A free half hour to plan your shoot.",
                duration_minutes=30,
            )
        both = [services[PORTRAIT].id, services[CONSULTATION].id]

        staff = {s.name: s for s in Staff.objects.filter(tenant=tenant)}
        if "Anna Keller" not in staff:
            # Monday to Friday with a lunch break.
            anna = staff_create(
                tenant=tenant,
                name="Anna Keller",
                email="anna@demo-studio.example",
                slot_interval_minutes=30,
                service_ids=both,
            )
            working_hours_replace(
                staff=anna,
                intervals=[(day, *hours) for day in range(5) for hours in (MORNING, AFTERNOON)],
            )
            staff[anna.name] = anna
        if "Marco Rossi" not in staff:
            # Tuesday to Saturday, one long day; on vacation all of next week.
            marco = staff_create(
                tenant=tenant,
                name="Marco Rossi",
                email="marco@demo-studio.example",
                slot_interval_minutes=30,
                service_ids=both,
            )
            working_hours_replace(staff=marco, intervals=[(day, *LONG_DAY) for day in range(1, 6)])
            monday = next_week_monday(timezone.localdate(timezone=tenant.zone))
            day_off_create(
                staff=marco,
                start_date=monday,
                end_date=monday + datetime.timedelta(days=6),
                reason="Vacation",
            )
            staff[marco.name] = marco

        logins = {}
        for email, role, staff_name in OFFICE_LOGINS:
            if not Membership.objects.filter(user__username=email).exists():
                membership_create(
                    tenant=tenant,
                    email=email,
                    role=role,
                    staff=staff.get(staff_name) if staff_name else None,
                    password=OFFICE_PASSWORD,
                )
            logins[email] = role.value

        result = {
            "office": {"path": "/office/", "password": OFFICE_PASSWORD, "logins": logins},
            "tenant": tenant.slug,
            "created": created,
            "api_key": api_key,
            "services": {name: str(s.id) for name, s in sorted(services.items())},
            "staff": {name: str(s.id) for name, s in sorted(staff.items())},
        }
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        if created:
            self.stdout.write(f"Created the demo tenant '{SLUG}'.")
        else:
            self.stdout.write(f"The demo tenant '{SLUG}' exists; kept as it is.")
        if api_key:
            self.stdout.write(f"API key (shown once): {api_key}")
