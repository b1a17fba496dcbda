"""Signing in and out, invitations, password resets, the second factor, the language."""

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import (
    LANGUAGE_SESSION_KEY,
    LANGUAGES,
    has_device,
    membership_of,
    two_factor_required,
    with_language,
)
from ..errors import InvitationInvalid
from ..services import (
    invitation_accept,
    invitation_get_by_token,
    normalize_email,
    password_reset_request,
    password_reset_user,
    password_set,
)

HOME = "/office/calendar/"


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or HOME
    if url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith(
        "/office/"
    ):
        return target
    return HOME


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@with_language
def login_view(request):
    if request.method == "GET":
        return render(request, "office/login.html", {"next": _safe_next(request)})
    email = normalize_email(request.POST.get("email", ""))
    password = request.POST.get("password", "")
    user = authenticate(request, username=email, password=password) if email else None
    if user is None or membership_of(user) is None:
        # One answer for an unknown email, a wrong password and a login without a tenant.
        return render(
            request,
            "office/login.html",
            {
                "error": _("Email or password is wrong."),
                "email": email,
                "next": _safe_next(request),
            },
            status=400,
        )
    login(request, user)
    if has_device(user) or two_factor_required(membership_of(user)):
        request.session["office_next"] = _safe_next(request)
        return HttpResponseRedirect(
            "/office/two-factor/verify/" if has_device(user) else "/office/two-factor/"
        )
    return HttpResponseRedirect(_safe_next(request))


@require_POST
def logout_view(request):
    logout(request)
    return HttpResponseRedirect("/office/login/")


@require_POST
def language_view(request):
    language = request.POST.get("language")
    if language in LANGUAGES:
        request.session[LANGUAGE_SESSION_KEY] = language
    return HttpResponseRedirect(_safe_next(request))


def _password_errors(request, password: str, user=None) -> list[str]:
    if password != request.POST.get("password_again", ""):
        return [_("The two passwords differ.")]
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return list(error.messages)
    return []


@never_cache
@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "POST"])
@with_language
def invitation_view(request, token: str):
    try:
        invitation = invitation_get_by_token(token=token)
    except InvitationInvalid:
        return render(request, "office/link_invalid.html", status=400)
    context = {"invitation": invitation}
    if request.method == "POST":
        password = request.POST.get("password", "")
        errors = _password_errors(request, password)
        if not errors:
            try:
                membership = invitation_accept(token=token, password=password)
            except InvitationInvalid:
                return render(request, "office/link_invalid.html", status=400)
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(HOME)
        context["errors"] = errors
        return render(request, "office/set_password.html", context, status=400)
    return render(request, "office/set_password.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@with_language
def password_reset_view(request):
    if request.method == "POST":
        password_reset_request(email=request.POST.get("email", ""))
        return render(request, "office/password_reset.html", {"sent": True})
    return render(request, "office/password_reset.html")


@never_cache
@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "POST"])
@with_language
def password_reset_confirm_view(request, uidb64: str, token: str):
    user = password_reset_user(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "office/link_invalid.html", status=400)
    context = {"reset": True}
    if request.method == "POST":
        password = request.POST.get("password", "")
        errors = _password_errors(request, password, user)
        if not errors:
            password_set(user=user, password=password)
            return HttpResponseRedirect("/office/login/?reset=1")
        context["errors"] = errors
        return render(request, "office/set_password.html", context, status=400)
    return render(request, "office/set_password.html", context)


def _signed_in_membership(request):
    if not request.user.is_authenticated:
        return None
    return membership_of(request.user)


@never_cache
@require_http_methods(["GET", "POST"])
@with_language
def two_factor_setup_view(request):
    """Adds a TOTP device: shows the secret (and a QR code), confirms it with one code."""
    membership = _signed_in_membership(request)
    if membership is None:
        return HttpResponseRedirect("/office/login/")
    if has_device(request.user) and not request.user.is_verified():
        return HttpResponseRedirect("/office/two-factor/verify/")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="office", confirmed=False)
    context = {"device": device, "secret": _base32(device), "qr": _qr_svg(device.config_url)}
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return HttpResponseRedirect(request.session.pop("office_next", HOME))
        context["error"] = _("That code is not right. Try the current one.")
        return render(request, "office/two_factor_setup.html", context, status=400)
    return render(request, "office/two_factor_setup.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@with_language
def two_factor_verify_view(request):
    membership = _signed_in_membership(request)
    if membership is None:
        return HttpResponseRedirect("/office/login/")
    if request.method == "POST":
        token = request.POST.get("token", "").strip()
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(request, device)
                update_session_auth_hash(request, request.user)
                return HttpResponseRedirect(request.session.pop("office_next", HOME))
        return render(
            request,
            "office/two_factor_verify.html",
            {"error": _("That code is not right. Try the current one.")},
            status=400,
        )
    return render(request, "office/two_factor_verify.html")


def _base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _qr_svg(uri: str) -> str:
    import segno

    return segno.make(uri, error="m").svg_inline(scale=4, dark="#111", light="#fff")
