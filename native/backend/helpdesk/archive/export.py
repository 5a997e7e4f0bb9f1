"""Native's tables as archive records, streamed in id order (server-side cursors).

The field history is Native's audit log: every `ticket.status`, `ticket.assign` and
`ticket.update` entry of an existing ticket gives one change per status, priority,
category or assignee it changed. Native keeps no separate id per field change, so a
change's id is its position in that history (an import writes one entry per change, in
id order, so the positions come back). Read state is what the badge shows: the tickets
`notifications.unread_condition` finds for each person."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpdesk.archive.format import optional_timestamp, timestamp
from helpdesk.archive.writer import ArchiveWriter, Progress
from helpdesk.attachments.models import Attachment
from helpdesk.audit.models import AuditEntry
from helpdesk.comments.models import Comment
from helpdesk.notifications.service import unread_condition
from helpdesk.tickets.models import Ticket
from helpdesk.users.models import User

CHANGE_ACTIONS = ("ticket.status", "ticket.assign", "ticket.update")
CHANGE_FIELDS = ("status", "priority", "category", "assigned_to")
BATCH = {"yield_per": 2000}


@dataclass(frozen=True)
class Person:
    """The two things unread_condition asks of a person."""

    id: int
    role: str


def users(session: Session) -> Iterator[dict[str, Any]]:
    for user in session.scalars(select(User).order_by(User.id), execution_options=BATCH):
        yield {"id": user.id, "username": user.username, "email": user.email,
               "role": user.role, "active": user.is_active,
               "password_hash": user.password_hash,
               "default_password": user.has_default_password, "language": user.language,
               "email_notifications": user.email_notifications,
               "created_at": timestamp(user.created_at)}


TICKET_COLUMNS = (Ticket.id, Ticket.title, Ticket.description, Ticket.category,
                  Ticket.priority, Ticket.status, Ticket.created_by, Ticket.assigned_to,
                  Ticket.last_updated_by, Ticket.created_at, Ticket.updated_at,
                  Ticket.resolved_at)


def tickets(session: Session) -> Iterator[dict[str, Any]]:
    rows = session.execute(select(*TICKET_COLUMNS).order_by(Ticket.id), execution_options=BATCH)
    for row in rows:
        record = row._asdict()
        record["created_at"] = timestamp(row.created_at)
        record["updated_at"] = timestamp(row.updated_at)
        record["resolved_at"] = optional_timestamp(row.resolved_at)
        yield record


def comments(session: Session) -> Iterator[dict[str, Any]]:
    rows = session.execute(select(Comment.id, Comment.ticket_id, Comment.author_id,
                                  Comment.body, Comment.internal, Comment.created_at)
                           .order_by(Comment.id), execution_options=BATCH)
    for row in rows:
        yield {**row._asdict(), "created_at": timestamp(row.created_at)}


def code(value: Any) -> str | None:
    """A field's value as the archive writes it: codes as they are, an assignee's id in
    decimal, None for none."""
    return None if value is None else str(value)


def changes(session: Session) -> Iterator[dict[str, Any]]:
    entries = session.execute(
        select(AuditEntry.entity_id, AuditEntry.actor_id, AuditEntry.before, AuditEntry.after,
               AuditEntry.occurred_at)
        .join(Ticket, Ticket.id == AuditEntry.entity_id)
        .join(User, User.id == AuditEntry.actor_id)
        .where(AuditEntry.entity_type == "ticket", AuditEntry.action.in_(CHANGE_ACTIONS))
        .order_by(AuditEntry.id), execution_options=BATCH)
    position = 0
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        for field in CHANGE_FIELDS:
            if field not in after:
                continue
            position += 1
            yield {"id": position, "ticket_id": entry.entity_id, "actor_id": entry.actor_id,
                   "field": field, "old_value": code(before.get(field)),
                   "new_value": code(after[field]),
                   "created_at": timestamp(entry.occurred_at)}


def unread(session: Session) -> Iterator[dict[str, Any]]:
    people = session.execute(select(User.id, User.role).order_by(User.id)).all()
    for person in people:
        condition = unread_condition(Person(person.id, person.role))  # type: ignore[arg-type]
        for ticket_id in session.scalars(select(Ticket.id).where(condition).order_by(Ticket.id)):
            yield {"user_id": person.id, "ticket_id": ticket_id}


ATTACHMENT_COLUMNS = (Attachment.id, Attachment.ticket_id, Attachment.uploaded_by,
                      Attachment.filename, Attachment.content_type, Attachment.size,
                      Attachment.sha256, Attachment.created_at)


def attachments(session: Session) -> Iterator[dict[str, Any]]:
    rows = session.execute(select(*ATTACHMENT_COLUMNS).order_by(Attachment.id),
                           execution_options=BATCH)
    for row in rows:
        yield {**row._asdict(), "created_at": timestamp(row.created_at)}


def attachment_bytes(session: Session) -> Iterator[tuple[int, bytes]]:
    """One file at a time: the bytes of all of them need not fit in memory."""
    ids = session.scalars(select(Attachment.id).order_by(Attachment.id)).all()
    for attachment_id in ids:
        yield attachment_id, session.scalar(
            select(Attachment.data).where(Attachment.id == attachment_id))


RECORD_SOURCES = {"users": users, "tickets": tickets, "comments": comments,
                  "changes": changes, "unread": unread, "attachments": attachments}


def export_archive(session: Session, target: str | Path | IO[bytes],
                   progress: Progress | None = None) -> dict[str, Any]:
    """Write the whole help desk to `target`; the manifest is returned. Run it in one
    REPEATABLE READ transaction so every member shows the same moment."""
    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    writer = ArchiveWriter(target, progress)
    for record_type, source in RECORD_SOURCES.items():
        writer.write_records(record_type, source(session))
    for attachment_id, data in attachment_bytes(session):
        writer.write_attachment(attachment_id, data)
    return writer.finish()
