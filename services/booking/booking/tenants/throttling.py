"""Admin API requests a minute, per key, as the tenant's plan allows (docs/architecture.md §2)."""

import time

from django.core.cache import cache
from rest_framework.throttling import BaseThrottle


class PlanRateThrottle(BaseThrottle):
    """A fixed one-minute window counted in the shared cache, keyed by the API key."""

    def allow_request(self, request, view):
        api_key = request.auth
        if api_key is None or not hasattr(api_key, "tenant"):
            return True
        now = time.time()
        window = int(now // 60)
        key = f"admin-rate:{api_key.pk}:{window}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: start the window again
            cache.set(key, 1, timeout=120)
            count = 1
        self._wait = 60 - (now % 60)
        return count <= api_key.tenant.plan_limits.admin_requests_per_minute

    def wait(self):
        return self._wait
