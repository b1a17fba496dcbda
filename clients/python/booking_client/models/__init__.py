"""Contains all the data models used in inputs/outputs"""

from .admin_booking_client_output import AdminBookingClientOutput
from .admin_booking_create_input_request import AdminBookingCreateInputRequest
from .admin_booking_list_output import AdminBookingListOutput
from .admin_booking_output import AdminBookingOutput
from .admin_booking_payment_history_output import AdminBookingPaymentHistoryOutput
from .admin_booking_reschedule_input_request import AdminBookingRescheduleInputRequest
from .admin_bookings_list_status import AdminBookingsListStatus
from .admin_client_export_booking_output import AdminClientExportBookingOutput
from .admin_client_export_output import AdminClientExportOutput
from .admin_client_list_output import AdminClientListOutput
from .admin_client_output import AdminClientOutput
from .booking_appointment_output import BookingAppointmentOutput
from .booking_client_input_request import BookingClientInputRequest
from .booking_code_resend_output import BookingCodeResendOutput
from .booking_create_input_request import BookingCreateInputRequest
from .booking_output import BookingOutput
from .booking_verify_input_request import BookingVerifyInputRequest
from .calendar_day_output import CalendarDayOutput
from .calendar_day_status_enum import CalendarDayStatusEnum
from .calendar_output import CalendarOutput
from .cart_payment_options_output import CartPaymentOptionsOutput
from .currency_enum import CurrencyEnum
from .day_off_admin import DayOffAdmin
from .day_off_admin_request import DayOffAdminRequest
from .error import Error
from .hold_create_input_request import HoldCreateInputRequest
from .hold_extend_output import HoldExtendOutput
from .hold_output import HoldOutput
from .manage_booking_output import ManageBookingOutput
from .manage_reschedule_input_request import ManageRescheduleInputRequest
from .options_enum import OptionsEnum
from .patched_service_admin_request import PatchedServiceAdminRequest
from .patched_staff_admin_request import PatchedStaffAdminRequest
from .patched_tenant_settings_request import PatchedTenantSettingsRequest
from .patched_tenant_settings_request_labels import PatchedTenantSettingsRequestLabels
from .patched_webhook_endpoint_update_input_request import PatchedWebhookEndpointUpdateInputRequest
from .payment_enum import PaymentEnum
from .payment_options_output import PaymentOptionsOutput
from .plan_enum import PlanEnum
from .platform_tenant_plan_change_body import PlatformTenantPlanChangeBody
from .public_calendar_get_tz import PublicCalendarGetTz
from .public_down_payment_output import PublicDownPaymentOutput
from .public_money_output import PublicMoneyOutput
from .public_service_list_output import PublicServiceListOutput
from .public_service_output import PublicServiceOutput
from .public_service_staff_list_output import PublicServiceStaffListOutput
from .public_slots_list_tz import PublicSlotsListTz
from .public_staff_output import PublicStaffOutput
from .public_tenant_output import PublicTenantOutput
from .public_tenant_output_labels import PublicTenantOutputLabels
from .service_admin import ServiceAdmin
from .service_admin_request import ServiceAdminRequest
from .slot_output import SlotOutput
from .slot_staff_output import SlotStaffOutput
from .slots_output import SlotsOutput
from .staff_admin import StaffAdmin
from .staff_admin_request import StaffAdminRequest
from .tenant_create_input_language_enum import TenantCreateInputLanguageEnum
from .tenant_create_input_request import TenantCreateInputRequest
from .tenant_created_output import TenantCreatedOutput
from .tenant_output import TenantOutput
from .tenant_settings import TenantSettings
from .tenant_settings_labels import TenantSettingsLabels
from .tenant_settings_language_enum import TenantSettingsLanguageEnum
from .timezone_enum import TimezoneEnum
from .waitlist_entry_output import WaitlistEntryOutput
from .waitlist_join_input_request import WaitlistJoinInputRequest
from .waitlist_offer_open_input_request import WaitlistOfferOpenInputRequest
from .webhook_delivery_list_output import WebhookDeliveryListOutput
from .webhook_delivery_output import WebhookDeliveryOutput
from .webhook_endpoint_create_input_request import WebhookEndpointCreateInputRequest
from .webhook_endpoint_list_output import WebhookEndpointListOutput
from .webhook_endpoint_output import WebhookEndpointOutput
from .webhook_endpoint_secret_output import WebhookEndpointSecretOutput
from .webhook_event_enum import WebhookEventEnum
from .working_hours_admin import WorkingHoursAdmin
from .working_hours_admin_request import WorkingHoursAdminRequest
from .working_week_admin_input_request import WorkingWeekAdminInputRequest

__all__ = (
    "AdminBookingClientOutput",
    "AdminBookingCreateInputRequest",
    "AdminBookingListOutput",
    "AdminBookingOutput",
    "AdminBookingPaymentHistoryOutput",
    "AdminBookingRescheduleInputRequest",
    "AdminBookingsListStatus",
    "AdminClientExportBookingOutput",
    "AdminClientExportOutput",
    "AdminClientListOutput",
    "AdminClientOutput",
    "BookingAppointmentOutput",
    "BookingClientInputRequest",
    "BookingCodeResendOutput",
    "BookingCreateInputRequest",
    "BookingOutput",
    "BookingVerifyInputRequest",
    "CalendarDayOutput",
    "CalendarDayStatusEnum",
    "CalendarOutput",
    "CartPaymentOptionsOutput",
    "CurrencyEnum",
    "DayOffAdmin",
    "DayOffAdminRequest",
    "Error",
    "HoldCreateInputRequest",
    "HoldExtendOutput",
    "HoldOutput",
    "ManageBookingOutput",
    "ManageRescheduleInputRequest",
    "OptionsEnum",
    "PatchedServiceAdminRequest",
    "PatchedStaffAdminRequest",
    "PatchedTenantSettingsRequest",
    "PatchedTenantSettingsRequestLabels",
    "PatchedWebhookEndpointUpdateInputRequest",
    "PaymentEnum",
    "PaymentOptionsOutput",
    "PlanEnum",
    "PlatformTenantPlanChangeBody",
    "PublicCalendarGetTz",
    "PublicDownPaymentOutput",
    "PublicMoneyOutput",
    "PublicServiceListOutput",
    "PublicServiceOutput",
    "PublicServiceStaffListOutput",
    "PublicSlotsListTz",
    "PublicStaffOutput",
    "PublicTenantOutput",
    "PublicTenantOutputLabels",
    "ServiceAdmin",
    "ServiceAdminRequest",
    "SlotOutput",
    "SlotsOutput",
    "SlotStaffOutput",
    "StaffAdmin",
    "StaffAdminRequest",
    "TenantCreatedOutput",
    "TenantCreateInputLanguageEnum",
    "TenantCreateInputRequest",
    "TenantOutput",
    "TenantSettings",
    "TenantSettingsLabels",
    "TenantSettingsLanguageEnum",
    "TimezoneEnum",
    "WaitlistEntryOutput",
    "WaitlistJoinInputRequest",
    "WaitlistOfferOpenInputRequest",
    "WebhookDeliveryListOutput",
    "WebhookDeliveryOutput",
    "WebhookEndpointCreateInputRequest",
    "WebhookEndpointListOutput",
    "WebhookEndpointOutput",
    "WebhookEndpointSecretOutput",
    "WebhookEventEnum",
    "WorkingHoursAdmin",
    "WorkingHoursAdminRequest",
    "WorkingWeekAdminInputRequest",
)
