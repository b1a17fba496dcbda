from booking.common.errors import ApiError, NotFound


class TenantNotFound(NotFound):
    code = "tenant_not_found"
    message = "No such tenant."


class TenantSlugTaken(ApiError):
    status_code = 409
    code = "tenant_slug_taken"
    message = "A tenant with this slug exists already."
