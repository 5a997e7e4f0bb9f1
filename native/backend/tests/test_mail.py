"""Notification mails end to end: the API queues them in Redis, a real RQ worker (burst
mode) delivers them over SMTP to a real server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from redis import Redis
from rq import Queue, SimpleWorker

from helpdesk import worker
from helpdesk.notifications.mail import send_mail

XSS = '"><img src=x onerror=alert(1)><script>alert(1)</script>'


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox(app, monkeypatch) -> Iterator[Inbox]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("REDIS_URL", app.config["REDIS_URL"])
    monkeypatch.setenv("RQ_QUEUE", app.config["RQ_QUEUE"])
    monkeypatch.setenv("MAIL_FROM", "desk@example.com")
    yield handler
    controller.stop()


def deliver() -> None:
    worker.main(["--burst"], worker_class=SimpleWorker)


def test_support_hears_of_new_tickets_and_the_creator_of_replies_and_status(api, inbox):
    ticket = api.create_ticket(title="Laptop " + XSS, description="Body " + XSS)
    path = f"/api/v1/tickets/{ticket['id']}"
    api.post(path + "/comments", "support", json={"body": "Internal " + XSS, "internal": True})
    api.post(path + "/comments", "support", json={"body": "Reply " + XSS})
    api.patch(path, "support", json={"status": "in_progress"})
    api.post(path + "/comments", "user", json={"body": "Thanks"})
    deliver()

    to_support = inbox.to("support@example.com")
    to_admin = inbox.to("admin@example.com")
    to_user = inbox.to("user@example.com")
    assert [m["Subject"].strip().split(":")[0] for m in to_support] == [
        f"New ticket #{ticket['id']}", f"New comment on ticket #{ticket['id']}"]
    # Taking the ticket in progress made support its assignee: the user's comment went to
    # support only, the admin heard of the new ticket alone.
    assert [m["Subject"].strip().split(":")[0] for m in to_admin] == [f"New ticket #{ticket['id']}"]
    assert sorted(m["Subject"].strip().split(":")[0] for m in to_user) == [
        f"New reply on ticket #{ticket['id']}", f"Ticket #{ticket['id']} is now In progress"]
    for message in inbox.messages:
        assert message["From"] == "desk@example.com"
        assert message.get_content_type() == "text/plain"  # no HTML part to run anything
        assert not message.is_multipart()
        assert "Internal" not in message.get_content()  # internal notes are never mailed
    reply = next(m for m in to_user if "reply" in m["Subject"])
    assert "Reply " + XSS in reply.get_content()  # shown as inert text, exactly as typed
    assert "\n" not in reply["Subject"]


def test_mails_follow_language_and_opt_out(api, inbox):
    api.patch("/api/v1/auth/me", "user", json={"language": "de"})
    api.patch("/api/v1/auth/me", "admin", json={"email_notifications": False})
    ticket = api.create_ticket()
    api.post(f"/api/v1/tickets/{ticket['id']}/comments", "support", json={"body": "Hallo"})
    deliver()
    assert inbox.to("admin@example.com") == []
    (german,) = inbox.to("user@example.com")
    assert german["Subject"].startswith("Neue Antwort zu Ticket")
    assert "Öffnen" in german.get_content()


def test_nothing_is_queued_when_the_change_fails(api, app, inbox):
    ticket = api.create_ticket()
    deliver()
    before = len(inbox.messages)
    api.post(f"/api/v1/tickets/{ticket['id']}/comments", "support",
             json={"body": "x", "status": "closed"})  # refused: new -> closed
    queue = Queue(app.config["RQ_QUEUE"], connection=app.extensions["redis"])
    assert queue.count == 0
    deliver()
    assert len(inbox.messages) == before


def test_smtp_failure_raises_so_rq_retries(app):
    settings = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port()}
    with pytest.raises(OSError):
        send_mail({"to": "a@example.com", "subject": "s", "body": "b"}, settings)


def test_jobs_are_queued_with_retries(api, app):
    api.create_ticket()
    connection: Redis = app.extensions["redis"]
    jobs = Queue(app.config["RQ_QUEUE"], connection=connection).get_jobs()
    assert {job.args[0]["to"] for job in jobs} == {"admin@example.com", "support@example.com"}
    assert all(job.retries_left == 3 for job in jobs)
