import hashlib
import secrets

from django.db import IntegrityError, transaction

from booking.availability.cache import availability_changed_for_tenant

from .errors import TenantSlugTaken
from .models import ApiKey, Tenant
from .plans import BUSINESS, ENTERPRISE

API_KEY_PREFIX = "bk_"
VERIFY_EVERY_EMAIL_PLANS = (BUSINESS, ENTERPRISE)


def api_key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(*, tenant: Tenant, name: str = "default") -> tuple[ApiKey, str]:
    """A new key for the tenant. The raw key is returned once and never stored."""
    raw_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey(tenant=tenant, name=name, prefix=raw_key[:10], key_hash=api_key_hash(raw_key))
    api_key.full_clean()
    api_key.save()
    return api_key, raw_key


@transaction.atomic
def tenant_create(
    *, slug: str, name: str, plan: str, timezone: str, **settings
) -> tuple[Tenant, str]:
    """Creates a tenant and its first API key; answers the raw key once.

    Business and Enterprise tenants confirm every booking's email by code unless told
    otherwise: they are the likeliest targets of invented addresses filling a calendar.
    """
    settings.setdefault("verify_every_email", plan in VERIFY_EVERY_EMAIL_PLANS)
    tenant = Tenant(slug=slug, name=name, plan=plan, timezone=timezone, **settings)
    tenant.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            tenant.save()
    except IntegrityError:
        raise TenantSlugTaken(detail={"slug": slug})
    _, raw_key = api_key_create(tenant=tenant)
    return tenant, raw_key


@transaction.atomic
def tenant_update(*, tenant: Tenant, **fields) -> Tenant:
    """Changes a tenant's plan or settings; availability is recomputed for it."""
    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    for name, value in fields.items():
        setattr(tenant, name, value)
    tenant.full_clean(validate_unique=False)
    tenant.save()
    transaction.on_commit(lambda: availability_changed_for_tenant(tenant_id=tenant.id))
    return tenant
