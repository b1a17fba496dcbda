from .errors import TenantNotFound
from .models import ApiKey, Tenant


def tenant_get_by_slug(*, slug: str) -> Tenant:
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is None:
        raise TenantNotFound(detail={"tenant": slug})
    return tenant


def api_key_get_by_hash(*, key_hash: str) -> ApiKey | None:
    return (
        ApiKey.objects.select_related("tenant")
        .filter(key_hash=key_hash, revoked_at__isnull=True)
        .first()
    )
