"""Errors of checkout and webhooks, each with a stable code the widget can act on."""

from plumbing.errors import ApiError, Conflict
from rest_framework import status


class InvalidPaymentOrder(ApiError):
    code = "invalid_payment_order"
    message = "The payment order is not valid."


class PaymentOrderExpired(ApiError):
    status_code = status.HTTP_410_GONE
    code = "payment_order_expired"
    message = "The payment order has expired; the booking must be made again."


class PaymentOrderAlreadyPaid(Conflict):
    code = "already_paid"
    message = "This payment order has already been paid; nothing more was charged."


class PaymentInProgress(Conflict):
    code = "payment_in_progress"
    message = (
        "A payment for this order is being made right now (in another tab?); nothing was "
        "charged by this one. Wait for its answer."
    )


class PaymentMethodRejected(ApiError):
    code = "payment_method_rejected"
    message = "The payment provider refused this payment method."


class PaymentProviderUnavailable(ApiError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "payment_provider_unavailable"
    message = "The payment provider cannot be reached. Nothing was charged; please try again."


class PaymentsDisabled(ApiError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "payments_disabled"
    message = "Payments are switched off on this platform."


class InvalidSignature(ApiError):
    code = "invalid_signature"
    message = "The webhook's signature or timestamp does not verify."
