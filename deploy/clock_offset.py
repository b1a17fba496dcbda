"""Prints libfaketime's offset (FAKETIME="+N" seconds) that moves this machine's clock to an
ISO 8601 instant with an offset, for `make test-at`."""

import datetime
import sys

instant = datetime.datetime.fromisoformat(sys.argv[1])
if instant.tzinfo is None:
    sys.exit("give the instant with its UTC offset, e.g. 2026-12-31T23:30:00+01:00")
print(f"{(instant - datetime.datetime.now(datetime.UTC)).total_seconds():+.0f}")
