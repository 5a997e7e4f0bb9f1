"""CSV export in the reader's language and time zone, like a spreadsheet expects it there:
`;` between cells, German headers and labels and 04.12.2026 14:05 in German; `,` and
English otherwise. Formula cells are neutralised; UTF-8 with a BOM so Excel shows umlauts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo

from helpdesk.tickets.models import Ticket
from helpdesk.words import CSV_HEADERS, TIME_FORMATS, Language, label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = {"en": ",", "de": ";"}


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def local_time(value: datetime, zone: tzinfo, language: Language) -> str:
    """A stored instant as the reader's wall-clock time, to the minute."""
    return value.astimezone(zone).strftime(TIME_FORMATS[language])


def row(ticket: Ticket, language: Language, zone: tzinfo) -> list[str]:
    return [neutralise(value) for value in (
        ticket.id, ticket.title, label(language, "category", ticket.category),
        label(language, "priority", ticket.priority), label(language, "status", ticket.status),
        ticket.creator.username, ticket.assignee.username if ticket.assignee else "",
        local_time(ticket.created_at, zone, language),
        local_time(ticket.updated_at, zone, language), ticket.description,
    )]


def csv_lines(tickets: Iterable[Ticket], language: Language, zone: tzinfo) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITERS[language], lineterminator="\r\n")
    writer.writerow(CSV_HEADERS[language])
    yield "\ufeff" + buffer.getvalue()
    for ticket in tickets:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row(ticket, language, zone))
        yield buffer.getvalue()
