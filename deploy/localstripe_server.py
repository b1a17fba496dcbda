"""localstripe, with the one Stripe behaviour our checkout needs that it lacks.

Stripe lets a PaymentIntent whose charge was declined (or whose 3-D Secure is still
pending) take another payment method and be confirmed again: the same intent, a new
charge. localstripe 1.15 keeps the failed charge (or the pending challenge) after
`POST /v1/payment_intents/{id}` with a new `payment_method`, so the intent stays in
`requires_payment_method` and the next confirm is refused; it also accepts a new payment
method on an intent that has already succeeded, which Stripe refuses. This launcher
patches PaymentIntent updates to behave as Stripe's do and then starts localstripe
unchanged: `python deploy/localstripe_server.py --port 8420 --from-scratch`.
"""

from localstripe import resources
from localstripe.errors import UserError
from localstripe.server import start

RETRYABLE = ("requires_payment_method", "requires_confirmation", "requires_action")
_update = resources.PaymentIntent._update


def _payment_intent_update(self, **data):
    method = data.get("payment_method")
    if method is None:
        return _update(self, **data)
    if self.status not in RETRYABLE:
        # Stripe: "You cannot update this PaymentIntent because it has a status of ...".
        raise UserError(400, f"This PaymentIntent's status is {self.status}.")
    resources.PaymentMethod._api_retrieve(method)  # 404 for an unknown one, as Stripe
    _update(self, **data)
    if self.latest_charge is not None and self.latest_charge.status == "failed":
        self.latest_charge = None
    self.next_action = None
    self._authentication_failed = False


resources.PaymentIntent._update = _payment_intent_update

if __name__ == "__main__":
    start()
