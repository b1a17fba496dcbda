"""CORS for the public API, answered from each tenant's own allow-list.

The widget itself is served from the gateway's origin and needs none of this; a
tenant's own site calling the public API from a browser does. nginx passes Origin
through; the allow-list lives in tenant settings, so the service answers.
"""

import re

from django.http import HttpResponse

from booking.tenants.models import Tenant

PUBLIC_PATH = re.compile(r"^/api/booking/v1/public/(?P<slug>[a-z0-9-]+)(/|$)")
ALLOWED_HEADERS = "Content-Type, X-Cart-Token, Idempotency-Key, Accept-Language"
ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS"


class TenantCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.headers.get("Origin")
        match = PUBLIC_PATH.match(request.path) if origin else None
        if match is None:
            return self.get_response(request)
        allowed = self._origin_allowed(match["slug"], origin)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204 if allowed else 403)
        else:
            response = self.get_response(request)
        response["Vary"] = "Origin"
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Expose-Headers"] = "X-Request-ID"
            response["Access-Control-Max-Age"] = "600"
        return response

    @staticmethod
    def _origin_allowed(slug: str, origin: str) -> bool:
        origins = Tenant.objects.filter(slug=slug).values_list("allowed_origins", flat=True).first()
        return bool(origins) and origin in origins
