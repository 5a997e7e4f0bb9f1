from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, request, stream_with_context
from flask_jwt_extended import current_user
from sqlalchemy import RowMapping

from helpdesk import words
from helpdesk.api import ApiBlueprint
from helpdesk.audit import service as audit
from helpdesk.comments import service as comments
from helpdesk.database import get_session
from helpdesk.errors import ApiError
from helpdesk.notifications import service as notifications
from helpdesk.schemas import INT4_MAX
from helpdesk.tickets import export, service, timeline
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.schemas import (
    ExportQuery,
    TicketCreate,
    TicketPage,
    TicketQuery,
    TicketRead,
    TicketUpdate,
    Timeline,
)

api = ApiBlueprint("tickets", "/api/v1")
EXPORT_LIMIT = 100_000


def read(ticket: Ticket, unread: bool = False) -> TicketRead:
    result = TicketRead.model_validate(ticket)
    result.unread = unread
    return result


def with_etag(ticket: TicketRead) -> Response:
    """The ticket as JSON with its version as ETag, for a later PATCH with If-Match."""
    response = Response(ticket.model_dump_json(), mimetype="application/json")
    response.set_etag(str(ticket.version))
    return response


# One entity tag: the version as digits, quoted or not ([0-9]: ASCII digits only).
ENTITY_TAG = re.compile(r'\s*(?:"([0-9]{1,9})"|([0-9]{1,9}))\s*')


def if_match() -> int | None:
    """The version an If-Match header expects; None without the header or for `*` (any
    version). Anything else than one version number is a 400, never read as a number."""
    value = request.headers.get("If-Match")
    if value is None or value.strip() == "*":
        return None
    match = ENTITY_TAG.fullmatch(value)
    if match is None or int(match.group(1) or match.group(2)) > INT4_MAX:
        raise ApiError("If-Match must be the ticket's version number.", code="invalid_header",
                       fields={"If-Match": "not a version number"})
    return int(match.group(1) or match.group(2))


@api.endpoint("GET", "/tickets", summary="Tickets you may see, filtered, sorted and paged",
              query=TicketQuery, response=TicketPage)
def list_tickets(query: TicketQuery) -> TicketPage:
    rows, total, capped = service.list_tickets(session=get_session(), actor=current_user,
                                               query=query)
    # Plain rows, validated once as a whole page: no ORM objects for a read-only list.
    return TicketPage.model_validate({
        "items": [listed(row) for row in rows], "total": total, "total_capped": capped,
        "page": query.page, "per_page": query.per_page})


def listed(row: RowMapping) -> dict[str, Any]:
    def person(prefix: str) -> dict[str, Any] | None:
        user_id = row[prefix + "_id"]
        return None if user_id is None else {"id": user_id, "username": row[prefix + "_name"]}

    return {"id": row["id"], "title": row["title"], "description": row["description"],
            "category": row["category"], "priority": row["priority"], "status": row["status"],
            "creator": person("creator"), "assignee": person("assignee"),
            "updater": person("updater"), "created_at": row["created_at"],
            "updated_at": row["updated_at"], "version": row["version"],
            "unread": row.get("unread", False)}


@api.endpoint("POST", "/tickets", summary="Report a problem (you are always the creator)",
              body=TicketCreate, response=TicketRead, status=201)
def create_ticket(body: TicketCreate) -> TicketRead:
    return read(service.create_ticket(session=get_session(), actor=current_user, data=body))


@api.endpoint("GET", "/tickets/export.csv", summary="The filtered list as CSV (UTF-8, BOM)",
              query=ExportQuery, content="text/csv")
def export_tickets(query: ExportQuery) -> Response:
    session = get_session()
    audit.record(session=session, action="ticket.export", entity_type="ticket", actor=current_user,
                 after=query.model_dump(exclude_none=True, exclude={"lang", "tz"}))
    language = words.language_of(query.lang or current_user.language)
    zone = ZoneInfo(query.tz) if query.tz else UTC
    statement = service.filtered(current_user, query).limit(EXPORT_LIMIT)

    def rows() -> Iterator[bytes]:
        # Streamed in chunks, so a large export never sits in the worker's memory at once.
        tickets = session.scalars(statement.execution_options(yield_per=500))
        try:
            for line in export.csv_lines(tickets, language, zone):
                yield line.encode("utf-8")
        finally:
            tickets.close()
            session.close()  # hand the connection back as soon as the last row is out

    return Response(stream_with_context(rows()), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="tickets.csv"'})


@api.endpoint("GET", "/tickets/<id:ticket_id>", summary="One ticket; opening it clears unread",
              response=TicketRead)
def get_ticket(ticket_id: int) -> Response:
    session = get_session()
    row = service.read_ticket(session=session, actor=current_user, ticket_id=ticket_id)
    notifications.mark_seen(session=session, user=current_user, ticket_id=ticket_id)
    return with_etag(TicketRead.model_validate(listed(row)))


@api.endpoint("PATCH", "/tickets/<id:ticket_id>",
              summary="Change a ticket (fields by role), with an optional reply in one go",
              body=TicketUpdate, response=TicketRead)
def update_ticket(ticket_id: int, body: TicketUpdate) -> Response:
    ticket = comments.update_with_reply(session=get_session(), actor=current_user,
                                        ticket_id=ticket_id, data=body,
                                        expected_version=if_match())
    return with_etag(read(ticket))


@api.endpoint("GET", "/tickets/<id:ticket_id>/timeline",
              summary="The ticket's changes of status and assignee, for its conversation",
              response=Timeline)
def ticket_timeline(ticket_id: int) -> Timeline:
    session = get_session()
    service.read_ticket(session=session, actor=current_user, ticket_id=ticket_id)  # or 404
    return Timeline.model_validate(
        {"items": timeline.ticket_events(session=session, ticket_id=ticket_id)})


@api.endpoint("DELETE", "/tickets/<id:ticket_id>", summary="Delete a ticket (admin)")
def delete_ticket(ticket_id: int) -> None:
    service.delete_ticket(session=get_session(), actor=current_user, ticket_id=ticket_id)
