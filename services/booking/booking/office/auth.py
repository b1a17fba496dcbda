"""Login throttling (django-axes) and the client address behind the gateway."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request) -> str:
    """The address nginx saw: the last entry of X-Forwarded-For, which the gateway appends
    ($proxy_add_x_forwarded_for); anything before it is what the client claimed."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The same page and status whether or not the email belongs to anyone."""
    from django.utils import translation

    from .access import request_language

    with translation.override(request_language(request)):
        return render(
            request,
            "office/login.html",
            {
                "error": _("Too many failed sign-ins. Wait 15 minutes, or reset your password."),
                "email": "",
            },
            status=429,
        )


def login_username(request, credentials=None) -> str:
    """What django-axes counts failures by: the email as typed, lower case, whether or not
    anyone has it (authenticate() passes it as `username`, the form as `email`)."""
    raw = (credentials or {}).get("username") or request.POST.get("email", "")
    return raw.strip().lower()
