from __future__ import annotations

from helpdesk.schemas import Output


class ArchiveCounts(Output):
    users: int
    tickets: int
    comments: int
    changes: int
    unread: int
    attachments: int


class ImportResult(Output):
    source_edition: str
    counts: ArchiveCounts
    report: list[str]  # what was loaded, and every default or mark Native had to add
