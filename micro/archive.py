"""Micro's side of the help-desk archive: `flask --app micro export FILE` writes the whole
database to one archive, `flask --app micro import FILE` loads one into an empty database
(docs/archive-format.md). Both work with the server stopped.

An import is all or nothing: the archive is checked completely (archive_format) before the
database is opened for writing, and everything is loaded in one transaction, ids kept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import search_index
from .archive_format import ArchiveError, progress, read_archive, write_archive
from .db import connect
from .domain import DEMO_ACCOUNTS

# What each record type is read from; columns in the archive's field order.
EXPORT_QUERIES = {
    "users": "SELECT id, username, email, role, active, password_hash, default_password, "
             "created_at FROM users ORDER BY id",
    "tickets": "SELECT id, title, description, category, priority, status, created_by, "
               "assigned_to, last_updated_by, created_at, updated_at, resolved_at "
               "FROM tickets ORDER BY id",
    "comments": "SELECT id, ticket_id, author_id, body, internal, created_at FROM comments "
                "ORDER BY id",
    "changes": "SELECT id, ticket_id, actor_id, field, old_value, new_value, created_at "
               "FROM ticket_changes ORDER BY id",
    "unread": "SELECT user_id, ticket_id FROM notifications ORDER BY user_id, ticket_id",
}
COUNT_TABLES = {"users": "users", "tickets": "tickets", "comments": "comments",
                "changes": "ticket_changes", "unread": "notifications"}
BOOLEANS = {"users": ("active", "default_password"), "comments": ("internal",)}


def export_records(db: sqlite3.Connection, name: str) -> Iterator[dict]:
    booleans = BOOLEANS.get(name, ())
    for row in db.execute(EXPORT_QUERIES[name]):
        record = dict(row)
        for column in booleans:
            record[column] = bool(record[column])
        if name == "changes":  # SQLite may hand back an assignee id as a number
            for column in ("old_value", "new_value"):
                if record[column] is not None:
                    record[column] = str(record[column])
        if name == "users":  # Micro keeps neither setting per person
            record["language"] = None
            record["email_notifications"] = None
        yield record


def export_archive(database: str, path: str | Path) -> dict[str, int]:
    """Write the whole database to an archive at `path`; returns the counts."""
    db = connect(database)
    db.isolation_level = None
    try:
        db.execute("BEGIN")  # one snapshot for every table
        totals = {name: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                  for name, table in COUNT_TABLES.items()}
        records = {name: export_records(db, name) for name in EXPORT_QUERIES}
        counts = write_archive(path, "micro", records, totals)
        db.execute("COMMIT")
        return counts
    finally:
        db.close()


@dataclass
class ImportReport:
    counts: dict[str, int]
    source_edition: str
    notes: list[str] = field(default_factory=list)


def import_archive(database: str, path: str | Path, *,
                   drop_attachments: bool = False) -> ImportReport:
    """Load the archive at `path` into the empty database; ArchiveError (and the database
    unchanged) for a bad archive, a non-empty database or what Micro cannot hold."""
    archive = read_archive(path)
    records = archive.records
    report = ImportReport(archive.counts(), archive.source_edition)
    if records["attachments"]:
        if not drop_attachments:
            raise ArchiveError(
                f"The archive holds {len(records['attachments'])} attachments, and Micro has "
                "no place for files. Nothing was imported. Run the import again with "
                "--drop-attachments to load everything else without them.")
        report.notes.append(f"Left out {len(records['attachments'])} attachments "
                            "(--drop-attachments).")
        report.counts["attachments"] = 0
    report.notes += settings_without_place(records["users"])
    db = connect(database)
    db.isolation_level = None
    try:
        db.execute("BEGIN IMMEDIATE")
        refuse_unless_empty(db)
        db.execute("DELETE FROM users")  # only untouched demo accounts are left
        with search_index.bulk_load(db):
            report.notes += load(db, records)
        db.execute("COMMIT")
    except sqlite3.IntegrityError as error:
        db.execute("ROLLBACK")
        raise ArchiveError(f"The archive does not fit Micro's database ({error}); nothing "
                           "was imported.") from None
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.close()
    return report


def settings_without_place(users: list[dict]) -> list[str]:
    """The report's line on per-person settings that Micro does not keep."""
    kept = {setting: sum(user[setting] is not None for user in users)
            for setting in ("language", "email_notifications")}
    if not any(kept.values()):
        return []
    return [f"Micro keeps no per-person language or e-mail setting: not carried over are "
            f"the language of {kept['language']} and the e-mail notification setting of "
            f"{kept['email_notifications']} accounts."]


def refuse_unless_empty(db: sqlite3.Connection) -> None:
    tickets = db.execute("SELECT count(*) FROM tickets").fetchone()[0]
    demo = {(username, role) for username, _, role, _ in DEMO_ACCOUNTS}
    accounts = [row["username"] for row in db.execute(
        "SELECT username, role, default_password FROM users ORDER BY id")
        if (row["username"], row["role"]) not in demo or not row["default_password"]]
    if tickets or accounts:
        held = []
        if tickets:
            held.append(f"{tickets} tickets")
        if accounts:
            held.append(f"{len(accounts)} accounts besides the untouched demo accounts "
                        f"({', '.join(accounts[:5])}{', …' if len(accounts) > 5 else ''})")
        raise ArchiveError(f"The database is not empty: it holds {' and '.join(held)}. "
                           "An import loads only into an empty database (merging is not "
                           "supported); nothing was imported.")


INSERTS = {
    "users": ("INSERT INTO users (id, username, email, role, active, password_hash, "
              "default_password, created_at) VALUES (:id, :username, :email, :role, :active, "
              ":password_hash, :default_password, :created_at)"),
    "tickets": ("INSERT INTO tickets (id, title, description, category, priority, status, "
                "created_by, assigned_to, last_updated_by, created_at, updated_at, "
                "resolved_at) VALUES (:id, :title, :description, :category, :priority, "
                ":status, :created_by, :assigned_to, :last_updated_by, :created_at, "
                ":updated_at, :resolved_at)"),
    "comments": ("INSERT INTO comments (id, ticket_id, author_id, body, internal, created_at) "
                 "VALUES (:id, :ticket_id, :author_id, :body, :internal, :created_at)"),
    "changes": ("INSERT INTO ticket_changes (id, ticket_id, actor_id, field, old_value, "
                "new_value, created_at) VALUES (:id, :ticket_id, :actor_id, :field, "
                ":old_value, :new_value, :created_at)"),
    # Micro keeps when a mark was made; the archive does not: the ticket's last update.
    "unread": ("INSERT INTO notifications (user_id, ticket_id, created_at) SELECT :user_id, "
               ":ticket_id, updated_at FROM tickets WHERE id = :ticket_id"),
}


def load(db: sqlite3.Connection, records: dict[str, list[dict]]) -> list[str]:
    """Insert every record; returns what the report should say about changed values."""
    notes = []
    missing_updater = [t for t in records["tickets"] if t["last_updated_by"] is None]
    for ticket in missing_updater:  # Micro always names who changed a ticket last
        ticket["last_updated_by"] = ticket["created_by"]
    if missing_updater:
        notes.append(f"{len(missing_updater)} tickets named nobody as their last editor: "
                     "Micro shows their creator.")
    for name, statement in INSERTS.items():
        with progress(len(records[name]), f"loading {name}") as bar:
            for start in range(0, len(records[name]), 5000):
                chunk = records[name][start:start + 5000]
                db.executemany(statement, chunk)
                bar.update(len(chunk))
    return notes


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_command(file: str) -> None:
    """Write the whole help desk to the archive FILE (docs/archive-format.md)."""
    try:
        counts = export_archive(current_app.config["DATABASE"], file)
    except (OSError, ArchiveError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Exported to {file}: {describe(counts)}.")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--drop-attachments", is_flag=True,
              help="Load an archive with attachments, leaving the files out.")
@with_appcontext
def import_command(file: str, drop_attachments: bool) -> None:
    """Load the archive FILE into this empty database (nothing at all on any error)."""
    try:
        report = import_archive(current_app.config["DATABASE"], file,
                                drop_attachments=drop_attachments)
    except (OSError, ArchiveError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Imported from {file} (made by {report.source_edition}): "
               f"{describe(report.counts)}.")
    for note in report.notes:
        click.echo(note)


def describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items())


def register(app: Flask) -> None:
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
