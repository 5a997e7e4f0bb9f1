"""A mail catcher for the Docker test: every mail that arrives over SMTP on port 1025 is
kept in memory and listed on port 8025 in the shape of mailpit's API
(GET /api/v1/messages: {"total": N, "messages": [{"From", "To", "Subject"}, ...]}),
so the test reads this catcher and a real mailpit the same way."""

from __future__ import annotations

import json
import signal
import sys
import threading
from email import message_from_bytes
from email.policy import default
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

MESSAGES: list[dict] = []
LOCK = threading.Lock()


def addresses(value: str | None) -> list[dict[str, str]]:
    return [{"Name": name, "Address": address} for name, address in getaddresses([value or ""])]


class Collect:
    """aiosmtpd handler: parse each mail and keep what the API lists."""

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content, policy=default)
        with LOCK:
            MESSAGES.append({
                "ID": str(len(MESSAGES) + 1),
                "From": (addresses(message["From"]) or [{"Name": "", "Address": ""}])[0],
                "To": addresses(message["To"]),
                "Subject": str(message["Subject"] or ""),
                "Envelope": {"From": envelope.mail_from, "To": list(envelope.rcpt_tos)},
            })
        return "250 Message accepted"


class Api(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/readyz":
            self.reply(200, {"status": "ok"})
        elif self.path.split("?")[0] == "/api/v1/messages":
            with LOCK:
                messages = list(reversed(MESSAGES))  # newest first, as mailpit lists them
            self.reply(200, {"total": len(messages), "messages": messages})
        else:
            self.reply(404, {"error": "not_found"})

    def reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        """Quiet: the healthcheck asks every few seconds."""


if __name__ == "__main__":
    # PID 1 in its container: without a handler SIGTERM is ignored and `docker stop`
    # waits 10 s before it kills.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    smtp = Controller(Collect(), hostname="0.0.0.0", port=1025)  # noqa: S104 (in a container)
    smtp.start()
    ThreadingHTTPServer(("0.0.0.0", 8025), Api).serve_forever()  # noqa: S104
