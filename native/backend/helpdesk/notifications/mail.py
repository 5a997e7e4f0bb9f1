"""E-mail notifications: queued during the request, handed to RQ after the commit, sent
over SMTP by the worker. Plain text only, so no user text can ever become markup."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from flask import current_app, g, has_app_context
from redis import Redis
from rq import Queue, Retry

from helpdesk.config import from_env

log = logging.getLogger(__name__)

# Everything a mail says, in each language a user can choose (users.language). The
# "resolved" mail asks the SPA's own question and names its two answers, and "reopened"
# quotes the second (native/frontend/src/lib/messages.ts: ticket.resolvedQuestion,
# ticket.confirmFix, ticket.reopen).
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject.ticket_created": "New ticket #{id}: {title}",
        "subject.status_changed": "Ticket #{id} is now {status}: {title}",
        "subject.resolved": "Ticket #{id} is resolved, please confirm: {title}",
        "subject.reopened": "Ticket #{id} is not fixed yet: {title}",
        "subject.reply": "New reply on ticket #{id}: {title}",
        "subject.user_comment": "New comment on ticket #{id}: {title}",
        "ticket_created": "{actor} opened the ticket:\n\n{text}",
        "reply": "{actor} replied:\n\n{text}",
        "user_comment": "{actor} commented:\n\n{text}",
        "status_changed": "{actor} set the status to “{status}”.",
        "resolved": "{actor} marked the ticket as resolved: the problem should now be fixed."
                    "\n\nIs the problem fixed? Please answer on the ticket with “Yes, close "
                    "the ticket” or “No, it is still broken”.",
        "reopened": "{actor} answered “No, it is still broken”: the ticket is “{status}” "
                    "again.",
        "open": "Open the ticket: {url}",
        "answer": "Answer here: {url}",
        "footer": "You get these e-mails because notifications are on in your profile.",
    },
    "de": {
        "subject.ticket_created": "Neues Ticket #{id}: {title}",
        "subject.status_changed": "Ticket #{id} ist jetzt {status}: {title}",
        "subject.resolved": "Ticket #{id} ist erledigt, bitte bestätigen: {title}",
        "subject.reopened": "Ticket #{id} ist noch nicht behoben: {title}",
        "subject.reply": "Neue Antwort zu Ticket #{id}: {title}",
        "subject.user_comment": "Neuer Kommentar zu Ticket #{id}: {title}",
        "ticket_created": "{actor} hat das Ticket eröffnet:\n\n{text}",
        "reply": "{actor} hat geantwortet:\n\n{text}",
        "user_comment": "{actor} hat kommentiert:\n\n{text}",
        "status_changed": "{actor} hat den Status auf „{status}“ gesetzt.",
        "resolved": "{actor} hat das Ticket als erledigt markiert: Das Problem sollte jetzt "
                    "behoben sein.\n\nIst das Problem behoben? Bitte antworten Sie im Ticket "
                    "mit „Ja, Ticket schließen“ oder „Nein, besteht weiterhin“.",
        "reopened": "{actor} hat mit „Nein, besteht weiterhin“ geantwortet: Das Ticket ist "
                    "wieder „{status}“.",
        "open": "Öffnen Sie das Ticket: {url}",
        "answer": "Hier antworten: {url}",
        "footer": "Sie erhalten diese E-Mails, weil Benachrichtigungen in Ihrem Profil an sind.",
    },
}
STATUS_LABELS = {
    "en": {"new": "New", "in_progress": "In progress", "resolved": "Resolved",
           "closed": "Closed"},
    "de": {"new": "Neu", "in_progress": "In Bearbeitung", "resolved": "Erledigt",
           "closed": "Geschlossen"},
}
STATUS_KINDS = ("resolved", "reopened", "status_changed")


@dataclass
class Draft:
    """One person's mail about one ticket: everything the request did to it, copied when
    it happened (the objects are not read again after the commit)."""

    to: str
    language: str
    ticket_id: int
    title: str
    actor: str
    # (kind, text): a comment's body, the new ticket's description, or the new status.
    events: list[tuple[str, str]] = field(default_factory=list)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:150]


def compose(draft: Draft, public_url: str) -> dict[str, str]:
    """The mail in the recipient's language: the ticket, then what happened, then its link.
    A reply and a status change made in one action are one mail with the status in its
    subject (the reply above the status line, as in the conversation)."""
    texts = TEXTS[draft.language]
    labels = STATUS_LABELS[draft.language]
    kinds = [kind for kind, _ in draft.events]
    lead = next((kind for kind in STATUS_KINDS if kind in kinds), kinds[0])
    values = {"id": draft.ticket_id, "title": _one_line(draft.title), "actor": draft.actor}
    status = next((text for kind, text in draft.events if kind in STATUS_KINDS), "")
    subject = texts["subject." + lead].format(**values, status=labels.get(status, status))
    paragraphs = [f"Ticket #{draft.ticket_id}: {values['title']}"]
    paragraphs += [texts[kind].format(**values, text=text, status=labels.get(text, text))
                   for kind, text in draft.events]
    url = f"{public_url.rstrip('/')}/tickets/{draft.ticket_id}"
    paragraphs.append(texts["answer" if lead == "resolved" else "open"].format(url=url))
    paragraphs.append(texts["footer"])
    return {"to": draft.to, "subject": subject, "body": "\n\n".join(paragraphs)}


def queue(recipient: Any, kind: str, *, ticket: Any, actor: Any, comment: Any = None) -> None:
    """Remember a mail for this request; nothing is sent unless the request commits."""
    if recipient is None or not recipient.email_notifications or not recipient.is_active:
        return
    if not has_app_context() or not current_app.config["MAIL_ENABLED"]:
        return
    if kind in STATUS_KINDS:
        event = ("resolved" if ticket.status == "resolved" else kind, ticket.status)
    else:
        event = (kind, comment.body if comment is not None else ticket.description)
    drafts: dict[tuple[int, int], Draft] = g.setdefault("outbox", {})
    draft = drafts.setdefault((recipient.id, ticket.id), Draft(
        to=recipient.email, language=recipient.language if recipient.language in TEXTS else "en",
        ticket_id=ticket.id, title=ticket.title, actor=actor.username))
    draft.title = ticket.title  # a reply's PATCH may rename the ticket after the reply
    draft.events.append(event)


def flush_outbox() -> None:
    """After the commit: hand the queued mails to the worker (RQ, with retries)."""
    outbox: dict[tuple[int, int], Draft] = g.pop("outbox", {})
    if not outbox:
        return
    mail_queue = Queue(current_app.config["RQ_QUEUE"], connection=current_app.extensions["redis"])
    for draft in outbox.values():
        message = compose(draft, current_app.config["PUBLIC_URL"])
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
