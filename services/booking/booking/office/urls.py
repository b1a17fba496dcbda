from django.urls import path
from django.views.generic import RedirectView

from .views import account, auth, calendar, catalog, settings, waitlist

urlpatterns = [
    path("", RedirectView.as_view(url="/office/calendar/"), name="office-home"),
    path("login/", auth.login_view, name="office-login"),
    path("logout/", auth.logout_view, name="office-logout"),
    path("language/", auth.language_view, name="office-language"),
    path("password-reset/", auth.password_reset_view, name="office-password-reset"),
    path(
        "password-reset/<str:uidb64>/<str:token>/",
        auth.password_reset_confirm_view,
        name="office-password-reset-confirm",
    ),
    path("invitation/<str:token>/", auth.invitation_view, name="office-invitation"),
    path("two-factor/", auth.two_factor_setup_view, name="office-two-factor"),
    path("two-factor/verify/", auth.two_factor_verify_view, name="office-two-factor-verify"),
    # Signed-in pages: each view names its right (access.office_view).
    path("calendar/", calendar.calendar_view, name="office-calendar"),
    path("bookings/<str:booking_id>/", calendar.booking_view, name="office-booking"),
    path(
        "bookings/<str:booking_id>/cancel/",
        calendar.booking_cancel_view,
        name="office-booking-cancel",
    ),
    path(
        "bookings/<str:booking_id>/reschedule/",
        calendar.booking_reschedule_view,
        name="office-booking-reschedule",
    ),
    path(
        "bookings/<str:booking_id>/<str:outcome>/",
        calendar.booking_outcome_view,
        name="office-booking-outcome",
    ),
    path("services/", catalog.services_view, name="office-services"),
    path("services/new/", catalog.service_edit_view, name="office-service-new"),
    path("services/<str:service_id>/", catalog.service_edit_view, name="office-service"),
    path(
        "services/<str:service_id>/deactivate/",
        catalog.service_deactivate_view,
        name="office-service-deactivate",
    ),
    path("staff/", catalog.staff_view, name="office-staff"),
    path("staff/new/", catalog.staff_edit_view, name="office-staff-new"),
    path("staff/<str:staff_id>/", catalog.staff_edit_view, name="office-staff-edit"),
    path(
        "staff/<str:staff_id>/deactivate/",
        catalog.staff_deactivate_view,
        name="office-staff-deactivate",
    ),
    path(
        "staff/<str:staff_id>/schedule/",
        catalog.staff_schedule_view,
        name="office-staff-schedule",
    ),
    path("staff/<str:staff_id>/days-off/", catalog.day_off_add_view, name="office-day-off-add"),
    path(
        "staff/<str:staff_id>/days-off/<str:day_off_id>/delete/",
        catalog.day_off_delete_view,
        name="office-day-off-delete",
    ),
    path("settings/", settings.settings_view, name="office-settings"),
    path("audit/", settings.audit_view, name="office-audit"),
    path("waitlist/", waitlist.waitlist_view, name="office-waitlist"),
    path("security/", settings.security_view, name="office-security"),
    path("api-keys/", account.api_keys_view, name="office-api-keys"),
    path(
        "api-keys/<str:key_id>/revoke/", account.api_key_revoke_view, name="office-api-key-revoke"
    ),
    path("plan/", account.plan_view, name="office-plan"),
    path("people/", account.people_view, name="office-people"),
    path(
        "people/invitations/<str:invitation_id>/revoke/",
        account.invitation_revoke_view,
        name="office-invitation-revoke",
    ),
    path(
        "people/<str:membership_id>/deactivate/",
        account.membership_deactivate_view,
        name="office-membership-deactivate",
    ),
]
