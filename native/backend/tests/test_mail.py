"""Notification mails end to end: the API queues them in Redis, a real RQ worker (burst
mode) delivers them over SMTP to a real server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Iterator
from pathlib import Path

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


CATALOG = Path(__file__).resolve().parents[2] / "frontend" / "src" / "lib" / "messages.ts"
PUBLIC_URL = "http://192.0.2.7:5123"


def spa_words(language: str) -> dict[str, str]:
    """The SPA's question to the reporter and its two answers, from its message catalog."""
    source = CATALOG.read_text(encoding="utf-8")
    block = source.split("export const de")[language == "de"]
    words = dict(re.findall(r"^\s*'(ticket\.\w+)': '([^']*)',$", block, flags=re.MULTILINE))
    question = words["ticket.resolvedQuestion"].rsplit(". ", 1)[1]  # "Is the problem fixed?"
    return {"question": question, "yes": words["ticket.confirmFix"],
            "no": words["ticket.reopen"]}


def text_of(message: email.message.EmailMessage) -> str:
    """The body as written (SMTP carries it with CRLF line ends)."""
    return message.get_content().replace("\r\n", "\n")


@pytest.fixture
def public_url(app, monkeypatch) -> str:
    """The address ./run native passes (a trailing slash must not double the one before
    `tickets`)."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC_URL + "/")
    return PUBLIC_URL


@pytest.mark.parametrize(("language", "subject", "fixed", "answer"), [
    ("en", "Ticket #{id} is resolved, please confirm: Printer jams",
     "support marked the ticket as resolved: the problem should now be fixed.",
     "Answer here: {url}"),
    ("de", "Ticket #{id} ist erledigt, bitte bestätigen: Printer jams",
     "support hat das Ticket als erledigt markiert: Das Problem sollte jetzt behoben sein.",
     "Hier antworten: {url}"),
])
def test_the_resolved_mail_asks_the_reporter_to_confirm(api, inbox, public_url, language,
                                                        subject, fixed, answer):
    api.patch("/api/v1/auth/me", "user", json={"language": language})
    ticket = api.create_ticket(title="Printer jams")
    path = f"/api/v1/tickets/{ticket['id']}"
    api.patch(path, "support", json={"status": "in_progress"})
    deliver()
    inbox.messages.clear()
    # The one support form: a reply and "resolved" in one submission make one mail.
    api.patch(path, "support", json={"status": "resolved",
                                     "reply": {"body": "New toner, please try again."}})
    deliver()

    (mail,) = inbox.to("user@example.com")
    url = f"{public_url}/tickets/{ticket['id']}"
    assert mail["Subject"] == subject.format(id=ticket["id"])
    body = text_of(mail)
    words = spa_words(language)
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[0] == f"Ticket #{ticket['id']}: Printer jams"
    assert paragraphs[2] == "New toner, please try again."  # the reply, above the question
    assert paragraphs[3] == fixed
    # The words the reporter finds on the ticket page, where they answer.
    assert paragraphs[4].startswith(words["question"] + " ")
    assert words["yes"] in paragraphs[4] and words["no"] in paragraphs[4]
    assert paragraphs[5] == answer.format(url=url)
    assert "localhost:3000" not in body


def test_every_mail_is_in_its_recipients_language_with_the_ticket_link(api, inbox,
                                                                      public_url):
    api.patch("/api/v1/auth/me", "user", json={"language": "de"})
    api.patch("/api/v1/auth/me", "support", json={"language": "de"})  # admin stays English
    ticket = api.create_ticket(title="Drucker", description="Papierstau")
    path = f"/api/v1/tickets/{ticket['id']}"
    api.post(path + "/comments", "support", json={"body": "Schaue ich mir an"})
    api.patch(path, "support", json={"status": "in_progress"})
    api.post(path + "/comments", "user", json={"body": "Danke"})
    api.patch(path, "admin", json={"status": "resolved"})
    api.patch(path, "user", json={"status": "closed"})  # the reporter's own: no mail
    deliver()

    url = f"{public_url}/tickets/{ticket['id']}"
    number = ticket["id"]
    expected = {
        "admin@example.com": [(f"New ticket #{number}: Drucker",
                               "user opened the ticket:\n\nPapierstau",
                               f"Open the ticket: {url}")],
        "support@example.com": [
            (f"Neues Ticket #{number}: Drucker", "user hat das Ticket eröffnet:\n\nPapierstau",
             f"Öffnen Sie das Ticket: {url}"),
            (f"Neuer Kommentar zu Ticket #{number}: Drucker",
             "user hat kommentiert:\n\nDanke", f"Öffnen Sie das Ticket: {url}")],
        "user@example.com": [
            (f"Neue Antwort zu Ticket #{number}: Drucker",
             "support hat geantwortet:\n\nSchaue ich mir an", f"Öffnen Sie das Ticket: {url}"),
            (f"Ticket #{number} ist jetzt In Bearbeitung: Drucker",
             "support hat den Status auf „In Bearbeitung“ gesetzt.",
             f"Öffnen Sie das Ticket: {url}"),
            (f"Ticket #{number} ist erledigt, bitte bestätigen: Drucker",
             "admin hat das Ticket als erledigt markiert", f"Hier antworten: {url}")],
    }
    english = "You get these e-mails because notifications are on in your profile."
    german = "Sie erhalten diese E-Mails, weil Benachrichtigungen in Ihrem Profil an sind."
    footers = {"admin@example.com": english, "support@example.com": german,
               "user@example.com": german}
    for address, mails in expected.items():
        received = inbox.to(address)
        assert [m["Subject"] for m in received] == [subject for subject, _, _ in mails]
        for message, (_, event, link) in zip(received, mails, strict=True):
            body = text_of(message)
            assert body.startswith(f"Ticket #{number}: Drucker\n\n{event}")
            assert body.rstrip().endswith(f"\n\n{link}\n\n{footers[address]}")


def test_support_hears_when_the_reporter_says_it_is_still_broken(api, inbox, public_url):
    api.patch("/api/v1/auth/me", "support", json={"language": "de"})
    ticket = api.create_ticket(title="VPN")
    path = f"/api/v1/tickets/{ticket['id']}"
    api.patch(path, "support", json={"status": "in_progress"})  # support takes it
    api.patch(path, "support", json={"status": "resolved"})
    deliver()
    inbox.messages.clear()

    api.patch(path, "user", json={"status": "in_progress"})  # "No, it is still broken"
    deliver()
    (mail,) = inbox.messages  # the assignee only; the admin has nothing to do with it
    assert mail["X-Envelope-To"] == "support@example.com"
    assert mail["Subject"] == f"Ticket #{ticket['id']} ist noch nicht behoben: VPN"
    body = text_of(mail)
    assert f"user hat mit „{spa_words('de')['no']}“ geantwortet: Das Ticket ist wieder " \
           "„In Bearbeitung“." in body
    assert f"Öffnen Sie das Ticket: {public_url}/tickets/{ticket['id']}" in body

    api.patch(path, "support", json={"status": "resolved"})
    api.patch(path, "user", json={"status": "closed"})  # "Yes, close the ticket"
    deliver()
    assert inbox.to("support@example.com") == [mail]
