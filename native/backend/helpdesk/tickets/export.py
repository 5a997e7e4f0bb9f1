"""CSV export: formula cells neutralised, UTF-8 with a BOM so Excel shows umlauts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from helpdesk.tickets.models import Ticket

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("id", "title", "category", "priority", "status", "created_by", "assigned_to",
           "created_at", "updated_at", "description")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row(ticket: Ticket) -> list[str]:
    return [neutralise(value) for value in (
        ticket.id, ticket.title, ticket.category, ticket.priority, ticket.status,
        ticket.creator.username, ticket.assignee.username if ticket.assignee else "",
        ticket.created_at.isoformat(), ticket.updated_at.isoformat(), ticket.description,
    )]


def csv_lines(tickets: Iterable[Ticket]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for ticket in tickets:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row(ticket))
        yield buffer.getvalue()
