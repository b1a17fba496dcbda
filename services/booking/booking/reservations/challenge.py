"""The proof-of-work challenge an address solves past half of its hold cap (issue 16).

ALTCHA's v1 scheme (https://altcha.org/docs/proof-of-work/), self-hosted: no outside
service is called. The challenge is SHA-256(salt + n) for a secret random n up to
HOLD_CHALLENGE_MAX_NUMBER, signed with our HMAC key; the widget finds n by trying
(gateway/widget/js/challenge.js, in a Web Worker) and sends the solution with the hold.
The salt binds the challenge to the tenant, the address and five minutes, and a solution
is taken once (a key in the cache), so one solved challenge buys one hold.
"""

import base64
import binascii
import datetime
import hashlib
import hmac
import json

import altcha
from django.conf import settings
from django.core.cache import cache

from booking.tenants.models import Tenant

from .errors import ChallengeInvalid, ChallengeRequired

ALGORITHM = "SHA-256"
VALID_FOR = datetime.timedelta(minutes=5)
# The widget sends the base64 JSON ALTCHA payload; anything longer is not one of ours.
MAX_PAYLOAD_LENGTH = 2048


def _address_tag(*, tenant: Tenant, client_address: str) -> str:
    # The address does not travel in clear inside the challenge, only a keyed digest.
    message = f"{tenant.id}|{client_address}".encode()
    key = settings.HOLD_CHALLENGE_HMAC_KEY.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


def challenge_create(*, tenant: Tenant, client_address: str) -> dict:
    """A fresh challenge for this tenant and address, as the widget's solver takes it.

    Its expiry is on the wall clock (ALTCHA checks it against time.time()).
    """
    now = datetime.datetime.now(datetime.UTC)
    challenge = altcha.create_challenge_v1(
        algorithm=ALGORITHM,
        max_number=settings.HOLD_CHALLENGE_MAX_NUMBER,
        hmac_key=settings.HOLD_CHALLENGE_HMAC_KEY,
        expires=now + VALID_FOR,
        params={"t": _address_tag(tenant=tenant, client_address=client_address)},
    )
    return challenge.to_dict()


def _decode(payload: str) -> dict | None:
    if len(payload) > MAX_PAYLOAD_LENGTH:
        return None
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    fields = ("algorithm", "challenge", "number", "salt", "signature")
    if any(name not in data for name in fields):
        return None
    if not all(isinstance(data[name], str) for name in fields if name != "number"):
        return None
    if not isinstance(data["number"], int) or isinstance(data["number"], bool):
        return None
    return data


def challenge_redeem(*, tenant: Tenant, client_address: str, payload: str | None) -> None:
    """Takes a solution once, or raises with a new challenge for the widget to solve."""

    def fresh() -> dict:
        return challenge_create(tenant=tenant, client_address=client_address)

    if not payload:
        raise ChallengeRequired(detail={"challenge": fresh()})
    data = _decode(payload)
    reason = None
    if data is None or data["algorithm"] != ALGORITHM:
        reason = "malformed"
    else:
        ok, _ = altcha.verify_solution_v1(data, settings.HOLD_CHALLENGE_HMAC_KEY, True)
        tag = altcha.extract_params_v1(data).get("t", [""])[0]
        expected = _address_tag(tenant=tenant, client_address=client_address)
        if not ok:
            reason = "wrong_or_expired"
        elif not hmac.compare_digest(tag, expected):
            reason = "other_address"
        elif not cache.add(
            f"hold-challenge:{data['challenge']}", 1, timeout=int(VALID_FOR.total_seconds()) + 60
        ):
            reason = "used"
    if reason is not None:
        raise ChallengeInvalid(detail={"reason": reason, "challenge": fresh()})
