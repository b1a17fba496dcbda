"""Sign-in, throttling, invitations, password resets, TOTP, and the audited settings form."""

import datetime
import re

from contracts import notifications
from django.core import signing
from django.test import Client as BrowserClient
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from booking.office.models import AuditEntry, Invitation, OfficePolicy, Role
from booking.office.services import invitation_create
from booking.reservations.models import AbuseEvent

from .conftest import PASSWORD, signed_in

WRONG = "not-the-password"


def login(browser, email, password):
    return browser.post("/office/login/", {"email": email, "password": password})


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(business_a):
    browser = BrowserClient()
    known = login(browser, business_a.owner.user.email, WRONG)
    unknown = login(browser, "nobody@alpha.test", WRONG)
    assert known.status_code == unknown.status_code == 400
    assert b"Email or password is wrong." in known.content
    assert b"Email or password is wrong." in unknown.content


def test_five_failures_lock_the_email_out_even_with_the_right_password(business_a):
    browser = BrowserClient()
    email = business_a.owner.user.email
    for _ in range(5):
        login(browser, email, WRONG)
    locked = login(browser, email, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    # An email nobody has is locked out the same way: nothing tells them apart.
    for _ in range(5):
        login(browser, "ghost@alpha.test", WRONG)
    ghost = login(browser, "ghost@alpha.test", WRONG)
    assert ghost.status_code == 429 and _page(ghost) == _page(locked)


def test_session_cookie_is_httponly_and_the_form_needs_csrf(business_a, settings):
    strict = BrowserClient(enforce_csrf_checks=True)
    refused = login(strict, business_a.owner.user.email, PASSWORD)
    assert refused.status_code == 403
    page = strict.get("/office/login/")
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    response = strict.post(
        "/office/login/",
        {"email": business_a.owner.user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["path"] == "/office/"
    assert int(cookie["max-age"] or settings.SESSION_COOKIE_AGE) <= settings.SESSION_COOKIE_AGE


def test_the_settings_form_uses_the_admin_rules_and_audits_each_change(business_a):
    browser = signed_in(business_a.owner)
    page = browser.get("/office/settings/")
    assert page.status_code == 200
    body = page.content.decode()
    # The Calenso pattern: the reservation toggle with its minutes right below it.
    assert body.index('name="holds_enabled"') < body.index('name="hold_minutes"')
    form = _form_values(body)
    form["hold_minutes"] = "3"
    saved = browser.post("/office/settings/", form)
    assert saved.status_code == 302
    business_a.tenant.refresh_from_db()
    assert business_a.tenant.hold_minutes == 3
    entry = AuditEntry.objects.get(tenant=business_a.tenant, field="hold_minutes")
    assert (entry.old_value, entry.new_value, entry.actor_email) == (10, 3, "owner@alpha.test")
    assert "hold_minutes" in browser.get("/office/audit/").content.decode()

    form["hold_minutes"] = "0"  # below the model's minimum: the admin API refuses it too
    refused = browser.post("/office/settings/", form)
    assert refused.status_code == 400
    business_a.tenant.refresh_from_db()
    assert business_a.tenant.hold_minutes == 3


def test_a_manager_cannot_switch_payments(business_a):
    browser = signed_in(business_a.manager)
    body = browser.get("/office/settings/").content.decode()
    assert 'name="payments_enabled"' not in body
    form = _form_values(body) | {"payments_enabled": "on"}
    browser.post("/office/settings/", form)
    business_a.tenant.refresh_from_db()
    assert business_a.tenant.payments_enabled is False


def test_an_invitation_sets_a_password_once(
    business_a, published, django_capture_on_commit_callbacks
):
    owner = signed_in(business_a.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(
            "/office/people/",
            {"email": "New.Staff@alpha.test", "role": "staff", "staff": str(business_a.anna.id)},
        )
    assert response.status_code == 302
    ((name, kwargs),) = [p for p in published if p[0] == notifications.SEND_OFFICE_INVITATION]
    assert kwargs["email"] == "new.staff@alpha.test" and kwargs["role"] == "staff"
    path = re.search(r"/office/invitation/[^/]+/", kwargs["link"]).group(0)
    newcomer = BrowserClient()
    form = {"password": "Fresh-password-2026", "password_again": "Fresh-password-2026"}
    assert newcomer.post(path, form).status_code == 302
    assert newcomer.get("/office/calendar/").status_code == 200
    assert BrowserClient().post(path, form).status_code == 400  # used once
    assert login(BrowserClient(), "new.staff@alpha.test", "Fresh-password-2026").status_code == 302


def test_a_tampered_or_expired_invitation_is_refused(business_a, settings):
    invitation, token = invitation_create(
        tenant=business_a.tenant, email="x@alpha.test", role=Role.MANAGER
    )
    assert BrowserClient().get(f"/office/invitation/{token}x/").status_code == 400
    settings.OFFICE_INVITATION_MAX_AGE = -1
    assert BrowserClient().get(f"/office/invitation/{token}/").status_code == 400
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None
    forged = signing.dumps({"invitation": str(invitation.pk)}, salt="another.salt")
    assert BrowserClient().get(f"/office/invitation/{forged}/").status_code == 400


def test_a_password_reset_link_works_once(
    business_a, published, django_capture_on_commit_callbacks
):
    browser = BrowserClient()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/office/password-reset/", {"email": "nobody@alpha.test"})
        browser.post("/office/password-reset/", {"email": business_a.manager.user.email})
    links = [k["link"] for n, k in published if n == notifications.SEND_OFFICE_PASSWORD_RESET]
    assert len(links) == 1  # the unknown email got the same page and no email
    path = links[0].split("8080", 1)[-1] if "8080" in links[0] else links[0]
    path = re.search(r"/office/password-reset/.+", path).group(0)
    form = {"password": "Another-password-77", "password_again": "Another-password-77"}
    assert browser.post(path, form).status_code == 302
    assert browser.post(path, form).status_code == 400
    assert (
        login(BrowserClient(), business_a.manager.user.email, "Another-password-77").status_code
        == 302
    )


def test_an_enterprise_owner_requires_totp_and_it_is_asked_for(business_a):
    business_a.tenant.plan = "enterprise"
    business_a.tenant.save()
    owner = signed_in(business_a.owner)
    assert owner.post("/office/security/", {"require_two_factor": "on"}).status_code == 302
    assert OfficePolicy.objects.get(tenant=business_a.tenant).require_two_factor

    manager = signed_in(business_a.manager)
    setup = manager.get("/office/calendar/")
    assert setup.status_code == 302 and setup["Location"] == "/office/two-factor/"
    manager.get("/office/two-factor/")
    device = TOTPDevice.objects.get(user=business_a.manager.user)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert manager.post("/office/two-factor/", {"token": code}).status_code == 302
    assert manager.get("/office/calendar/").status_code == 200

    again = signed_in(business_a.manager)  # a new session must give a code again
    assert again.get("/office/calendar/")["Location"] == "/office/two-factor/verify/"


def _page(response) -> str:
    """The page without its per-request CSRF tokens."""
    return re.sub(r'(value=|"X-CSRFToken": )"[^"]*"', "", response.content.decode())


def _form_values(body: str) -> dict:
    values = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body):
        values[name] = value
    for name in re.findall(r'<input type="checkbox"[^>]*name="([^"]+)"[^>]*checked', body):
        values[name] = "on"
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', body):
        values[name] = text
    for name, option in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]*)" selected', body, re.S
    ):
        values[name] = option
    values.pop("csrfmiddlewaretoken", None)
    values.pop("next", None)
    return values


def test_the_owner_sees_which_caps_client_addresses_hit_this_week(business_a, business_b):
    tenant = business_a.tenant
    kinds = AbuseEvent.Kind
    for kind, times in ((kinds.HOLD_CAP, 3), (kinds.CHALLENGE_FAILED, 1)):
        for _ in range(times):
            AbuseEvent.objects.create(
                tenant=tenant, kind=kind, client_address="203.0.113.7", limit=4, count=4
            )
    # Another business's signals and last month's are not this owner's week.
    AbuseEvent.objects.create(
        tenant=business_b.tenant,
        kind=kinds.HOLD_CAP,
        client_address="198.51.100.1",
        limit=4,
        count=4,
    )
    old = AbuseEvent.objects.create(
        tenant=tenant, kind=kinds.BOOKING_CAP, client_address="203.0.113.7", limit=10, count=10
    )
    AbuseEvent.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )

    page = signed_in(business_a.owner).get("/office/plan/").content.decode()

    def shown(element_id: str) -> str:
        return re.search(rf'id="{element_id}">(\d+)<', page).group(1)

    assert (
        shown("abuse-hold-cap"),
        shown("abuse-booking-cap"),
        shown("abuse-challenge-failed"),
    ) == (
        "3",
        "0",
        "1",
    )
