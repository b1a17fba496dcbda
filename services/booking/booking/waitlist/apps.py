from django.apps import AppConfig


class WaitlistConfig(AppConfig):
    name = "booking.waitlist"
    label = "waitlist"
