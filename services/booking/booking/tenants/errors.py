from booking.common.errors import Conflict, NotFound


class TenantNotFound(NotFound):
    code = "tenant_not_found"
    message = "No such tenant."


class TenantSlugTaken(Conflict):
    code = "tenant_slug_taken"
    message = "A tenant with this slug exists already."
