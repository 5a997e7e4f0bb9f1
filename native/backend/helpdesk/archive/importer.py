"""Loading a checked archive into an empty Native database, all in the caller's one
transaction: any error rolls everything back.

Rows go in with COPY and keep their ids; times go in as the archive's text (UTC, ISO
8601, checked by the schema), which PostgreSQL reads faster than Python parses it. The
sequences are then moved past the highest id. The field history becomes audit entries
(one per change, in id order), the read state becomes activity and views (`read_state`),
the rest of Native's derived data (the search columns, priority ranks) PostgreSQL
computes itself."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from helpdesk.archive import read_state, target
from helpdesk.archive.format import ArchiveError
from helpdesk.archive.reader import Archive
from helpdesk.attachments.models import Attachment
from helpdesk.audit import service as audit
from helpdesk.audit.models import AuditEntry
from helpdesk.comments.models import Comment
from helpdesk.notifications.models import TicketActivity
from helpdesk.tickets.models import Ticket
from helpdesk.users.models import User

Progress = Callable[[str, int], None]
CHANGE_ACTIONS = {"status": "ticket.status", "assigned_to": "ticket.assign",
                  "priority": "ticket.update", "category": "ticket.update"}
SEQUENCES = (User, Ticket, Comment, Attachment, TicketActivity)


@dataclass
class ImportReport:
    counts: dict[str, int]
    defaults: dict[str, int] = field(default_factory=dict)  # setting → accounts given it
    replaced_accounts: list[str] = field(default_factory=list)
    read_state: read_state.ReadStateReport = field(default_factory=read_state.ReadStateReport)

    def lines(self) -> list[str]:
        lines = [f"Loaded {self.counts[name]} {name}." for name in self.counts]
        if self.replaced_accounts:
            lines.append("Replaced the untouched accounts: "
                         + ", ".join(self.replaced_accounts) + ".")
        for setting, number in self.defaults.items():
            lines.append(f"{number} accounts had no {setting} in the archive; "
                         f"they got Native's default ({DEFAULTS[setting]}).")
        state = self.read_state
        lines.append(f"Read state: {state.views} tickets marked as seen, {state.marked} unread "
                     "marks addressed to one person (where Native's own rules would not tell "
                     "them).")
        if self.read_state.unshowable:
            lines.append(f"{len(self.read_state.unshowable)} unread marks are on tickets their "
                         "person may not see; Native cannot show them.")
        return lines


DEFAULTS: dict[str, Any] = {"language": "en", "email_notifications": True}


def _user_row(record: dict[str, Any], generation: int, report: ImportReport) -> tuple:
    values = {}
    for setting, default in DEFAULTS.items():
        values[setting] = record[setting]
        if values[setting] is None:
            values[setting] = default
            report.defaults[setting] = report.defaults.get(setting, 0) + 1
    created = record["created_at"]
    return (record["id"], record["username"], record["email"], record["role"],
            record["password_hash"], record["active"], values["language"],
            values["email_notifications"], record["default_password"], generation,
            created, created)


USER_COLUMNS = ("id, username, email, role, password_hash, is_active, language, "
                "email_notifications, has_default_password, token_generation, created_at, "
                "updated_at")
TICKET_COLUMNS = ("id, title, description, category, priority, status, created_by, "
                  "assigned_to, last_updated_by, created_at, updated_at, resolved_at, version")
COMMENT_COLUMNS = "id, ticket_id, author_id, body, internal, created_at"
ATTACHMENT_COLUMNS = ("id, ticket_id, uploaded_by, filename, content_type, size, sha256, "
                      "created_at, data")
AUDIT_COLUMNS = "occurred_at, actor_id, actor_username, action, entity_type, entity_id, " \
                "before, after"


def _ticket_row(record: dict[str, Any]) -> tuple:
    return (record["id"], record["title"], record["description"], record["category"],
            record["priority"], record["status"], record["created_by"], record["assigned_to"],
            record["last_updated_by"], record["created_at"],
            record["updated_at"], record["resolved_at"], 1)


def _comment_row(record: dict[str, Any]) -> tuple:
    return (record["id"], record["ticket_id"], record["author_id"], record["body"],
            record["internal"], record["created_at"])


def _value(field_name: str, value: str | None) -> Any:
    """Back from the archive's text to the audit entry's value: an assignee is an id."""
    if field_name == "assigned_to" and value is not None:
        return int(value)
    return value


def _change_row(record: dict[str, Any], usernames: Mapping[int, str]) -> tuple:
    name = record["field"]
    return (record["created_at"], record["actor_id"],
            usernames.get(record["actor_id"]), CHANGE_ACTIONS[name], "ticket",
            record["ticket_id"], json.dumps({name: _value(name, record["old_value"])}),
            json.dumps({name: _value(name, record["new_value"])}))


class Loader:
    def __init__(self, session: Session, archive: Archive, progress: Progress | None) -> None:
        self.session = session
        self.archive = archive
        self.progress = progress
        self.cursor = session.connection().connection.driver_connection.cursor()

    def copy(self, table: str, columns: str, rows: Iterable[tuple], record_type: str) -> None:
        count = 0
        with self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
                if self.progress and count % 1000 == 0:
                    self.progress(record_type, count)
        if self.progress:
            self.progress(record_type, count)

    def attachments(self) -> Iterable[tuple]:
        for record in self.archive.records("attachments"):
            yield (record["id"], record["ticket_id"], record["uploaded_by"], record["filename"],
                   record["content_type"], record["size"], record["sha256"],
                   record["created_at"], self.archive.attachment(record["id"]))


def advance_sequences(session: Session) -> None:
    """Past the highest id, so the next new ticket after #17 is #18 (1 for an empty table)."""
    for model in SEQUENCES:
        highest = func.max(model.id)
        session.execute(select(func.setval(
            func.pg_get_serial_sequence(model.__tablename__, "id"),
            func.coalesce(highest, 1), highest.is_not(None))))


def load(session: Session, archive: Archive, config: Mapping[str, Any], *,
         actor: User | None = None, progress: Progress | None = None) -> ImportReport:
    """Load `archive` into the session's (empty) database; the caller commits."""
    replaced = target.require_empty(session, config)
    by = {"actor_username": actor.username if actor else "system"}  # the account goes too
    report = ImportReport(counts=archive.counts,
                          replaced_accounts=[user.username for user in replaced])
    # Sessions issued to the replaced accounts must not open the imported ones.
    generation = 1 + max((user.token_generation for user in replaced), default=0)
    after_audit_id = session.scalar(select(func.max(AuditEntry.id))) or 0
    session.execute(delete(User))
    session.flush()
    loader = Loader(session, archive, progress)
    usernames: dict[int, str] = {}
    try:
        users = [_user_row(record, generation, report) for record in archive.records("users")]
        usernames = {row[0]: row[1] for row in users}
        loader.copy("users", USER_COLUMNS, users, "users")
        loader.copy("tickets", TICKET_COLUMNS, map(_ticket_row, archive.records("tickets")),
                    "tickets")
        loader.copy("comments", COMMENT_COLUMNS, map(_comment_row, archive.records("comments")),
                    "comments")
        loader.copy("audit_log", AUDIT_COLUMNS, (_change_row(record, usernames)
                                                 for record in archive.records("changes")),
                    "changes")
        loader.copy("attachments", ATTACHMENT_COLUMNS, loader.attachments(), "attachments")
        pairs = ((row["user_id"], row["ticket_id"]) for row in archive.records("unread"))
        report.read_state = read_state.rebuild(session, pairs, after_audit_id)
    except psycopg.errors.UniqueViolation as error:
        raise ArchiveError(f"The archive has two records with the same key: "
                           f"{error.diag.message_detail}") from None
    except psycopg.errors.IntegrityError as error:
        raise ArchiveError(f"A record refers to one the archive does not have: "
                           f"{error.diag.message_detail or error.diag.message_primary}") from None
    advance_sequences(session)
    audit.record(session=session, action="archive.import", entity_type="archive", **by,
                 after={"source_edition": archive.manifest["source_edition"],
                        "exported_at": archive.manifest["exported_at"], **report.counts})
    return report
