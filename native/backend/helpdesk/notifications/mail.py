"""E-mail notifications: queued during the request, handed to RQ after the commit, sent
over SMTP by the worker. Plain text only, so no user text can ever become markup."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Any

from flask import current_app, g, has_app_context
from redis import Redis
from rq import Queue, Retry

from helpdesk.config import from_env

log = logging.getLogger(__name__)

SUBJECTS = {
    "en": {
        "ticket_created": "New ticket #{id}: {title}",
        "status_changed": "Ticket #{id} is now {status}: {title}",
        "reply": "New reply on ticket #{id}: {title}",
        "user_comment": "New comment on ticket #{id}: {title}",
    },
    "de": {
        "ticket_created": "Neues Ticket #{id}: {title}",
        "status_changed": "Ticket #{id} ist jetzt {status}: {title}",
        "reply": "Neue Antwort zu Ticket #{id}: {title}",
        "user_comment": "Neuer Kommentar zu Ticket #{id}: {title}",
    },
}
STATUS_LABELS = {
    "en": {"new": "New", "in_progress": "In progress", "resolved": "Resolved",
           "closed": "Closed"},
    "de": {"new": "Neu", "in_progress": "In Bearbeitung", "resolved": "Erledigt",
           "closed": "Geschlossen"},
}
BODY = {
    "en": "{actor} wrote or changed something on ticket #{id}.\n\n{text}\n\nOpen it: {url}\n\n"
          "You get these e-mails because notifications are on in your profile.",
    "de": "{actor} hat Ticket #{id} kommentiert oder geändert.\n\n{text}\n\nÖffnen: {url}\n\n"
          "Sie erhalten diese E-Mails, weil Benachrichtigungen in Ihrem Profil an sind.",
}


def _one_line(text: str) -> str:
    return " ".join(text.split())[:150]


def compose(recipient: Any, kind: str, *, ticket: Any, actor: Any,
            comment: Any = None) -> dict[str, str]:
    language = recipient.language if recipient.language in SUBJECTS else "en"
    status = STATUS_LABELS[language][ticket.status]
    subject = SUBJECTS[language][kind].format(id=ticket.id, title=_one_line(ticket.title),
                                              status=status)
    text = comment.body if comment is not None else (
        f"{status}" if kind == "status_changed" else ticket.description)
    url = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/tickets/{ticket.id}"
    body = BODY[language].format(actor=actor.username, id=ticket.id, text=text, url=url)
    return {"to": recipient.email, "subject": subject, "body": body}


def queue(recipient: Any, kind: str, **context: Any) -> None:
    """Remember a mail for this request; nothing is sent unless the request commits."""
    if recipient is None or not recipient.email_notifications or not recipient.is_active:
        return
    if not has_app_context() or not current_app.config["MAIL_ENABLED"]:
        return
    g.setdefault("outbox", []).append(compose(recipient, kind, **context))


def flush_outbox() -> None:
    """After the commit: hand the queued mails to the worker (RQ, with retries)."""
    outbox = g.pop("outbox", [])
    if not outbox:
        return
    mail_queue = Queue(current_app.config["RQ_QUEUE"], connection=current_app.extensions["redis"])
    for message in outbox:
        try:
            mail_queue.enqueue(send_mail, message, retry=Retry(max=3, interval=[10, 60, 300]))
        except Exception:  # the change is saved; a lost mail must not turn it into an error
            log.exception("could not queue a notification mail")


def discard_outbox() -> None:
    g.pop("outbox", None)


def send_mail(message: dict[str, str], settings: dict[str, Any] | None = None) -> None:
    """The worker's job: deliver one message over SMTP (raises so RQ retries)."""
    config = settings or from_env()
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message["to"]
    email["Subject"] = message["subject"]
    email.set_content(message["body"])
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(email)


def redis_connection(url: str) -> Redis:
    return Redis.from_url(url)
