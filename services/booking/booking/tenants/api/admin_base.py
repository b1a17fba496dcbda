from rest_framework.views import APIView

from booking.tenants.auth import ApiKeyAuthentication, HasApiKey
from booking.tenants.models import Tenant
from booking.tenants.throttling import PlanRateThrottle


class TenantAdminApi(APIView):
    """Base of every integrator endpoint: a tenant's API key, rate-limited by its plan."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey]
    throttle_classes = [PlanRateThrottle]

    @property
    def tenant(self) -> Tenant:
        return self.request.auth.tenant
