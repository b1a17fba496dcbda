"""Standard Webhooks signatures: https://www.standardwebhooks.com/ (the `standardwebhooks`
package signs, so receivers verify with the same code).

webhook-signature is `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; during a rotation it
carries one such signature per valid secret, separated by a space, as the spec allows.
"""

import base64
import datetime
import secrets

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"


def secret_new() -> str:
    """A new signing secret: whsec_ and 32 random bytes in base64, the spec's format."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature_header(
    *, secrets_: list[str], webhook_id: str, timestamp: datetime.datetime, body: str
) -> str:
    return " ".join(
        Webhook(secret).sign(msg_id=webhook_id, timestamp=timestamp, data=body)
        for secret in secrets_
    )


def signed_headers(
    *, secrets_: list[str], webhook_id: str, timestamp: datetime.datetime, body: str
) -> dict[str, str]:
    """The three headers of one attempt (the timestamp is the attempt's, in whole seconds)."""
    moment = timestamp.astimezone(datetime.UTC).replace(microsecond=0)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature_header(
            secrets_=secrets_, webhook_id=webhook_id, timestamp=moment, body=body
        ),
    }
