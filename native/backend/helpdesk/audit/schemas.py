from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import StringConstraints

from helpdesk.schemas import Id, Output, PageQuery, Timestamp


class AuditQuery(PageQuery):
    action: Annotated[str, StringConstraints(max_length=64)] | None = None
    actor_id: Id | None = None
    entity_type: Annotated[str, StringConstraints(max_length=32)] | None = None
    entity_id: Id | None = None
    since: Timestamp | None = None
    until: Timestamp | None = None


class AuditRead(Output):
    id: int
    occurred_at: datetime
    actor_id: int | None
    actor_username: str | None
    action: str
    entity_type: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    client_address: str | None
    request_id: str | None


class AuditPage(Output):
    items: list[AuditRead]
    total: int
    page: int
    per_page: int
