"""Errors of holds and bookings, each with a stable code the widget acts on."""

from plumbing.errors import ApiError, Conflict, NotFound
from rest_framework import status

from booking.tenants.errors import PlanLimitReached


class SlotUnavailable(Conflict):
    code = "slot_unavailable"
    message = "This start is no longer available."


class HoldsDisabled(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "holds_disabled"
    message = "This business does not hold slots; book the start directly."


class TooManyHolds(ApiError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "too_many_holds"
    message = "This cart holds as many slots as allowed."


class TooManyHoldsFromAddress(ApiError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "too_many_holds_from_address"
    message = (
        "Too many times are held from your network for this business right now. Finish a "
        "booking or release a held time, or wait until one runs out."
    )


class ChallengeRequired(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "challenge_required"
    message = "Many times are held from this address: solve the challenge in detail.challenge."


class ChallengeInvalid(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "challenge_invalid"
    message = "The challenge's solution is wrong, expired or used; solve detail.challenge."


class HoldNotFound(NotFound):
    code = "hold_not_found"
    message = "No such hold in this cart."


class HoldExpired(Conflict):
    code = "hold_expired"
    message = "The hold has expired."


class NoExtensionLeft(Conflict):
    code = "no_extension_left"
    message = "The hold cannot be extended any more."


class CartEmpty(Conflict):
    code = "cart_empty"
    message = "The cart holds nothing to book."


class PaymentNotOffered(ApiError):
    code = "payment_not_offered"
    message = "This payment choice is not offered for what is booked."


class BookingNotFound(NotFound):
    code = "booking_not_found"
    message = "No such booking."


class BookingExpired(Conflict):
    code = "booking_expired"
    message = "The booking ran out before it was completed."


class BookingNotPending(Conflict):
    code = "booking_not_pending"
    message = "The booking does not wait for this step."


class BookingNotCancellable(Conflict):
    code = "booking_not_cancellable"
    message = "The booking can no longer be cancelled."


class InvalidCode(ApiError):
    code = "invalid_code"
    message = "The code is wrong or has expired."


class TooManyAttempts(ApiError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "too_many_attempts"
    message = "Too many wrong codes; the booking can no longer be verified."


class TooManyResends(ApiError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "too_many_resends"
    message = "The code has been sent as often as allowed."


class MonthlyBookingsReached(PlanLimitReached):
    message = "The tenant's plan allows no more bookings this month."


class IdempotencyKeyReused(ApiError):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    code = "idempotency_key_reused"
    message = "This Idempotency-Key was used for a different request."


class IdempotencyKeyInvalid(ApiError):
    code = "idempotency_key_invalid"
    message = "An Idempotency-Key is 1 to 255 printable characters."


class ManageLinkInvalid(NotFound):
    code = "manage_link_invalid"
    message = "This link is not valid for a booking of this business."


class RescheduleNotAllowed(Conflict):
    code = "reschedule_not_allowed"
    message = "This business does not let clients move bookings online."


class RescheduleLimitReached(Conflict):
    code = "reschedule_limit_reached"
    message = "The booking has been moved as often as allowed."


class RescheduleWindowPassed(Conflict):
    code = "reschedule_window_passed"
    message = "It is too close to the appointment to move it online."


class BookingNotConfirmed(Conflict):
    code = "booking_not_confirmed"
    message = "Only a confirmed booking can be moved."


class RescheduleOtherService(ApiError):
    status_code = status.HTTP_400_BAD_REQUEST
    code = "reschedule_other_service"
    message = "The new start must be for a service of the booking."


class CancelNotAllowed(Conflict):
    code = "cancel_not_allowed"
    message = "This business does not let clients cancel online."


class CancelWindowPassed(Conflict):
    code = "cancel_window_passed"
    message = "It is too close to the appointment to cancel online."


class ClientNotFound(NotFound):
    code = "client_not_found"
    message = "No such client."


class ClientHasUpcomingBookings(Conflict):
    code = "client_has_upcoming_bookings"
    message = "The client has bookings still to come; cancel them before erasing the client's data."


class InvalidCursor(ApiError):
    code = "invalid_cursor"
    message = "The cursor is not one this API gave."
