import factory

from booking.tenants.models import Tenant


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    slug = factory.Sequence(lambda n: f"tenant-{n}")
    name = factory.Sequence(lambda n: f"Studio {n}")
    plan = "professional"
    timezone = "Europe/Zurich"
    # Every test client calls from one address (127.0.0.1): tests of other things must not
    # meet the caps per address, which tests of the caps set themselves (test_address_caps).
    max_live_holds_per_address = 100
    max_bookings_per_address_per_day = 1000
