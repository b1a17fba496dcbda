"""Who is calling: an integrator with a tenant's API key, or the platform operator."""

import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from .selectors import api_key_get_by_hash
from .services import api_key_hash

LAST_USED_TTL = 60 * 60 * 24 * 90


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <api key>`; sets request.auth to the ApiKey (and its tenant)."""

    def authenticate(self, request):
        raw = _bearer(request)
        if raw is None:
            return None
        api_key = api_key_get_by_hash(key_hash=api_key_hash(raw))
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        # The back office lists each key's last use; a cache entry, not a write per request.
        cache.set(f"api-key-last-used:{api_key.pk}", timezone.now(), timeout=LAST_USED_TTL)
        return (None, api_key)

    def authenticate_header(self, request):
        return "Bearer"


class HasApiKey(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.auth is None:
            raise exceptions.NotAuthenticated(
                "An API key is required: Authorization: Bearer <key>."
            )
        return True


class PlatformTokenAuthentication(authentication.BaseAuthentication):
    """The operator's token from the PLATFORM_TOKEN variable."""

    def authenticate(self, request):
        raw = _bearer(request)
        if raw is None:
            return None
        if not hmac.compare_digest(raw.encode(), settings.PLATFORM_TOKEN.encode()):
            raise exceptions.AuthenticationFailed("Invalid platform token.")
        return (None, "platform")

    def authenticate_header(self, request):
        return "Bearer"


class IsPlatformOperator(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.auth != "platform":
            raise exceptions.NotAuthenticated("The platform token is required.")
        return True


def _bearer(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A tenant's API key."}


class PlatformTokenScheme(OpenApiAuthenticationExtension):
    target_class = PlatformTokenAuthentication
    name = "platformToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "The operator's token."}
