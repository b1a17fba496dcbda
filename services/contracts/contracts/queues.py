"""Queue names and the routing every producer and consumer uses.

Routes live here so that a task lands on the same queue whoever sends it.
"""

NOTIFICATIONS_URGENT = "notifications.urgent"
NOTIFICATIONS_BULK = "notifications.bulk"
NOTIFICATIONS_ENTERPRISE = "notifications.enterprise"
BOOKING_EVENTS = "booking.events"
BOOKING_MAINTENANCE = "booking.maintenance"
PAYMENTS_EVENTS = "payments.events"
# Outgoing webhooks to integrators (booking.webhooks): a worker of its own, so a slow
# receiver never holds up booking's own tasks.
WEBHOOKS = "webhooks"
