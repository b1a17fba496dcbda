import datetime

import factory

from booking.catalog.models import DayOff, Service, Staff, WorkingHours
from booking.tenants.tests.factories import TenantFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    duration_minutes = 60


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Staff {n}")
    slot_interval_minutes = 30

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours

    staff = factory.SubFactory(StaffFactory)
    tenant = factory.SelfAttribute("staff.tenant")
    weekday = 0
    start_time = datetime.time(9)
    end_time = datetime.time(17)


class DayOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DayOff

    staff = factory.SubFactory(StaffFactory)
    tenant = factory.SelfAttribute("staff.tenant")
    start_date = datetime.date(2026, 12, 24)
    end_date = datetime.date(2026, 12, 26)
