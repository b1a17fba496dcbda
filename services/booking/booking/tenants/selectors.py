from .models import ApiKey, Tenant


def tenant_get_by_slug(*, slug: str) -> Tenant:
    """The tenant of a public address (404 tenant_not_found), from this process's catalog
    snapshot while its version token is current (availability/snapshot.py). Read-only: a
    writer takes its own row (tenant_update locks and re-reads it)."""
    from booking.availability.snapshot import tenant_by_slug

    return tenant_by_slug(slug)


def api_key_get_by_hash(*, key_hash: str) -> ApiKey | None:
    return (
        ApiKey.objects.select_related("tenant")
        .filter(key_hash=key_hash, revoked_at__isnull=True)
        .first()
    )
