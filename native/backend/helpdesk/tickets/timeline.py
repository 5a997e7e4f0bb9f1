"""A ticket's changes of status and assignee, read from the audit trail, for its
conversation: the reporter sees when the ticket was taken on, resolved or reopened."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpdesk.audit.models import AuditEntry
from helpdesk.users.models import User

TIMELINE_LIMIT = 500
KINDS = {"ticket.status": ("status", "status"), "ticket.assign": ("assignee", "assigned_to")}


def ticket_events(*, session: Session, ticket_id: int) -> list[dict[str, Any]]:
    """The newest TIMELINE_LIMIT changes of the ticket, oldest first, as TimelineEvent
    dicts. The caller has checked that the person may see the ticket."""
    entries = list(session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity_type == "ticket", AuditEntry.entity_id == ticket_id,
               AuditEntry.action.in_(KINDS))
        .order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
        .limit(TIMELINE_LIMIT)))[::-1]
    people = _names(session, entries)
    events = []
    for entry in entries:
        kind, field = KINDS[entry.action]
        before, after = (entry.before or {}).get(field), (entry.after or {}).get(field)
        if kind == "assignee":
            before, after = _person(people, before), _person(people, after)
        actor = None if entry.actor_id is None else {
            "id": entry.actor_id, "username": people.get(entry.actor_id, entry.actor_username)}
        events.append({"id": entry.id, "kind": kind, "at": entry.occurred_at, "actor": actor,
                       "before": before, "after": after})
    return events


def _names(session: Session, entries: list[AuditEntry]) -> dict[int, str]:
    """The current usernames of the actors and assignees named in `entries` (one query)."""
    ids: set[int] = {entry.actor_id for entry in entries if entry.actor_id is not None}
    for entry in entries:
        if entry.action == "ticket.assign":
            for values in (entry.before, entry.after):
                if (values or {}).get("assigned_to") is not None:
                    ids.add(values["assigned_to"])
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(ids)))
    return {user_id: username for user_id, username in rows}


def _person(people: dict[int, str], user_id: int | None) -> dict[str, Any] | None:
    if user_id is None:
        return None
    return {"id": user_id, "username": people.get(user_id, f"#{user_id}")}
