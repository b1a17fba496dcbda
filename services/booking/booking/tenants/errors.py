from plumbing.errors import ApiError, Conflict, NotFound
from rest_framework import status


class TenantNotFound(NotFound):
    code = "tenant_not_found"
    message = "No such tenant."


class TenantSlugTaken(Conflict):
    code = "tenant_slug_taken"
    message = "A tenant with this slug exists already."


class PlanLimitReached(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "plan_limit_reached"
    message = "The tenant's plan does not allow more."


class FeatureNotInPlan(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "feature_not_in_plan"
    message = "The tenant's plan does not include this feature."
