"""The audit trail: one row per action, in the same transaction as the action."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import g, has_request_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpdesk.audit.models import AuditEntry
from helpdesk.audit.schemas import AuditQuery
from helpdesk.extensions import client_address


def _plain(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {key: value.isoformat() if isinstance(value, date | datetime) else value
            for key, value in values.items()}


def record(
    *, session: Session, action: str, entity_type: str, entity_id: int | None = None,
    actor: Any = None, actor_username: str | None = None,
    before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
) -> None:
    """Add an audit row to the session; it is committed with the change it describes."""
    in_request = has_request_context()
    session.add(AuditEntry(
        action=action, entity_type=entity_type, entity_id=entity_id,
        actor_id=getattr(actor, "id", None),
        actor_username=actor_username or getattr(actor, "username", None),
        before=_plain(before), after=_plain(after),
        client_address=client_address() if in_request else None,
        request_id=g.get("request_id") if in_request else None,
    ))


def list_entries(*, session: Session, query: AuditQuery) -> tuple[list[AuditEntry], int]:
    statement = select(AuditEntry)
    if query.action:
        statement = statement.where(AuditEntry.action == query.action)
    if query.actor_id:
        statement = statement.where(AuditEntry.actor_id == query.actor_id)
    if query.entity_type:
        statement = statement.where(AuditEntry.entity_type == query.entity_type)
    if query.entity_id:
        statement = statement.where(AuditEntry.entity_id == query.entity_id)
    if query.since:
        statement = statement.where(AuditEntry.occurred_at >= query.since)
    if query.until:
        statement = statement.where(AuditEntry.occurred_at < query.until)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(
        statement.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
        .limit(query.per_page).offset((query.page - 1) * query.per_page)
    ).all()
    return list(rows), total
