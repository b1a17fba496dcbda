"""Errors of the waitlist, each with a stable code the widget acts on."""

from plumbing.errors import ApiError, Conflict
from rest_framework import status


class DayNotFull(Conflict):
    code = "day_not_full"
    message = "This day still has free starts: book one instead of waiting."


class WaitlistFull(Conflict):
    code = "waitlist_full"
    message = "The waitlist of this day is full."


class WaitlistLinkInvalid(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "waitlist_link_invalid"
    message = "This waitlist link is not valid."
