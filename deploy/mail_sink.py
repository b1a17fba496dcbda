#!/usr/bin/env python
"""The local SMTP sink: accepts every message on loopback and keeps it as an .eml file.

    python deploy/mail_sink.py --host 127.0.0.1 --port 8025 --dir var/mail

Each message is written to a hidden temporary file and renamed into place, so a reader
polling the folder never sees half a message; one line per message goes to stdout.
`--delay` makes the server slow to accept each recipient (for failure tests: a worker
killed during it has nothing accepted yet).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import signal
import time
import uuid
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session


class MailDirHandler:
    """aiosmtpd handler writing each accepted message to `directory` as <time>-<id>.eml."""

    def __init__(self, directory: Path | str, *, delay: float = 0.0, quiet: bool = False) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.delay = delay
        self.quiet = quiet

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options
    ) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        path = self.store(envelope)
        if not self.quiet:
            headers = BytesHeaderParser().parsebytes(envelope.original_content or b"")
            subject = str(make_header(decode_header(headers.get("Subject", ""))))
            stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
            print(
                f"{stamp} {path.name} from={envelope.mail_from} "
                f"to={','.join(envelope.rcpt_tos)} subject={subject!r}",
                flush=True,
            )
        return "250 Message accepted for delivery"

    def store(self, envelope: Envelope) -> Path:
        # The bytes as received, whatever aiosmtpd decoded into `content`.
        content = envelope.original_content or b""
        # The envelope is what a mail server delivers by (Bcc never shows in the headers).
        envelope_headers = (
            f"X-Envelope-From: {envelope.mail_from}\r\n"
            f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n"
        ).encode()
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        temporary = self.directory / f".{name}.tmp"
        with temporary.open("wb") as file:
            file.write(envelope_headers + content)
            file.flush()
            os.fsync(file.fileno())
        final = self.directory / name
        os.replace(temporary, final)
        return final


async def serve(host: str, port: int, handler: MailDirHandler) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="mail-sink"), host, port)
    stopped = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    print(f"mail sink on {host}:{port}, keeping messages in {handler.directory}", flush=True)
    async with server:
        await stopped.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", default="var/mail", help="folder for the .eml files")
    parser.add_argument(
        "--delay", type=float, default=0.0, help="seconds before accepting each recipient"
    )
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port, MailDirHandler(args.dir, delay=args.delay)))


if __name__ == "__main__":
    main()
