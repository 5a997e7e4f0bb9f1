"""The full-text index: its tables and triggers, the search over it, and its rebuild.

A comment must cost the same to post at any thread length (issue #17.3: appending every
comment to one row per ticket made FTS5 re-index the whole thread on each post), and a
search must stay one FTS5 query over one row per ticket (that is what keeps it at about a
millisecond). Both hold with two tables:

* `tickets_fts`, one row per ticket (rowid = ticket id): title, description and the first
  THREAD_CHARS_IN_TICKET_ROW characters of the thread, public replies and internal notes in
  separate columns. Nearly every ticket's whole text is here, and a search is one AND query.
* `thread_fts`, only for tickets whose thread has outgrown their row: a copy of the ticket's
  row (rowid = ticket id << 32) and then one row per further comment (rowid = ticket id << 32
  + comment id, so `rowid >> 32` is the ticket without a join). A post appends one row.

A search asks `tickets_fts` for tickets with every word in their row, and `thread_fts` for
tickets with every word somewhere among their rows (one set per word, intersected), so a
word in the title and another in the 900th comment still find the ticket. Both answer
ticket ids, collected into a set: each ticket once. The column filter leaves out `notes`
for people who may not see internal notes, in both tables.

Comment ids must stay below 2**32 and ticket ids below 2**31 for the rowid encoding, far
beyond what one SQLite help desk holds. Comments are deleted only with their ticket.
"""

# The SQL below is put together from this module's constants only (never from input).
# ruff: noqa: S608

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

THREAD_CHARS_IN_TICKET_ROW = 4000
# Raised when the index's design changes: init_db() then rebuilds it from the tables.
INDEX_VERSION = 1
OLD_TRIGGERS = ("tickets_fts_insert", "tickets_fts_update", "tickets_fts_delete",
                "comments_fts_insert")

_FTS_OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '3 4 5 6 7 8'"
_COLUMNS = "title, description, replies, notes"
_LIMIT = THREAD_CHARS_IN_TICKET_ROW
# The state of a thread before this comment, for the trigger's conditions. A comment
# takes its length and one space in the row.
_OVERFLOWS_NOW = ("EXISTS (SELECT 1 FROM search_threads WHERE ticket_id = new.ticket_id "
                  f"AND overflowing = 0 AND indexed_chars + length(new.body) + 1 > {_LIMIT})")
_STATE_IS = ("EXISTS (SELECT 1 FROM search_threads WHERE ticket_id = new.ticket_id "
             "AND overflowing = {state})")

# Prefix indexes answer "drucker*" as fast as "drucker" (words of 3 to 8 letters); they
# make the index about five times larger, which buys a search in about a millisecond.
SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS tickets_fts USING fts5 ({_COLUMNS}, {_FTS_OPTIONS})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS thread_fts USING fts5 ({_COLUMNS}, {_FTS_OPTIONS})",
    # How much of each ticket's thread is in its tickets_fts row, and whether the rest
    # goes to thread_fts.
    "CREATE TABLE IF NOT EXISTS search_threads (ticket_id INTEGER PRIMARY KEY, "
    "indexed_chars INTEGER NOT NULL DEFAULT 0, overflowing INTEGER NOT NULL DEFAULT 0)",
    "CREATE TRIGGER IF NOT EXISTS search_ticket_insert AFTER INSERT ON tickets BEGIN "
    f"INSERT INTO tickets_fts (rowid, {_COLUMNS}) "
    "VALUES (new.id, new.title, new.description, '', ''); "
    "INSERT OR IGNORE INTO search_threads (ticket_id) VALUES (new.id); END",
    "CREATE TRIGGER IF NOT EXISTS search_ticket_update AFTER UPDATE OF title, description "
    "ON tickets BEGIN "
    "UPDATE tickets_fts SET title = new.title, description = new.description "
    "WHERE rowid = new.id; "
    "UPDATE thread_fts SET title = new.title, description = new.description "
    "WHERE rowid = new.id << 32; END",
    "CREATE TRIGGER IF NOT EXISTS search_ticket_delete AFTER DELETE ON tickets BEGIN "
    "DELETE FROM tickets_fts WHERE rowid = old.id; "
    "DELETE FROM thread_fts WHERE rowid BETWEEN old.id << 32 AND (old.id << 32) + 4294967295; "
    "DELETE FROM search_threads WHERE ticket_id = old.id; END",
    # A comment: into the ticket's row while the thread fits; at the first one that does
    # not, the row is copied to thread_fts once; from then on one row per comment.
    "CREATE TRIGGER IF NOT EXISTS search_comment_insert AFTER INSERT ON comments BEGIN "
    "INSERT OR IGNORE INTO search_threads (ticket_id) VALUES (new.ticket_id); "
    f"INSERT INTO thread_fts (rowid, {_COLUMNS}) SELECT new.ticket_id << 32, {_COLUMNS} "
    f"FROM tickets_fts WHERE rowid = new.ticket_id AND {_OVERFLOWS_NOW}; "
    "UPDATE search_threads SET overflowing = 1 WHERE ticket_id = new.ticket_id "
    f"AND overflowing = 0 AND indexed_chars + length(new.body) + 1 > {_LIMIT}; "
    "UPDATE tickets_fts SET "
    "replies = CASE WHEN new.internal THEN replies ELSE replies || ' ' || new.body END, "
    "notes = CASE WHEN new.internal THEN notes || ' ' || new.body ELSE notes END "
    f"WHERE rowid = new.ticket_id AND {_STATE_IS.format(state=0)}; "
    "UPDATE search_threads SET indexed_chars = indexed_chars + length(new.body) + 1 "
    "WHERE ticket_id = new.ticket_id AND overflowing = 0; "
    f"INSERT INTO thread_fts (rowid, {_COLUMNS}) "
    "SELECT (new.ticket_id << 32) + new.id, '', '', "
    "CASE WHEN new.internal THEN '' ELSE new.body END, "
    f"CASE WHEN new.internal THEN new.body ELSE '' END WHERE {_STATE_IS.format(state=1)}; "
    "END",
)

# The rebuild, from the tables: the same split as the trigger makes, comment by comment.
_RANKED = (
    "CREATE TEMP TABLE search_rebuild AS SELECT id, ticket_id, body, internal, "
    "sum(length(body) + 1) OVER (PARTITION BY ticket_id ORDER BY id) AS running "
    "FROM comments")
_THREAD_TEXT = ("coalesce((SELECT group_concat(body, ' ') FROM (SELECT body FROM "
                "temp.search_rebuild r WHERE r.ticket_id = t.id AND r.internal = {internal} "
                f"AND r.running <= {_LIMIT} ORDER BY r.id)), '')")
REBUILD = (
    "DELETE FROM tickets_fts",
    "DELETE FROM thread_fts",
    "DELETE FROM search_threads",
    "DROP TABLE IF EXISTS temp.search_rebuild",
    _RANKED,
    "CREATE INDEX temp.search_rebuild_ticket ON search_rebuild (ticket_id, internal, id)",
    f"INSERT INTO tickets_fts (rowid, {_COLUMNS}) SELECT t.id, t.title, t.description, "
    f"{_THREAD_TEXT.format(internal=0)}, {_THREAD_TEXT.format(internal=1)} FROM tickets t",
    "INSERT INTO search_threads (ticket_id, indexed_chars, overflowing) "
    f"SELECT t.id, coalesce((SELECT max(running) FROM temp.search_rebuild r "
    f"WHERE r.ticket_id = t.id AND r.running <= {_LIMIT}), 0), EXISTS (SELECT 1 FROM "
    f"temp.search_rebuild r WHERE r.ticket_id = t.id AND r.running > {_LIMIT}) FROM tickets t",
    f"INSERT INTO thread_fts (rowid, {_COLUMNS}) SELECT f.rowid << 32, f.title, "
    "f.description, f.replies, f.notes FROM tickets_fts f "
    "WHERE f.rowid IN (SELECT ticket_id FROM search_threads WHERE overflowing = 1)",
    f"INSERT INTO thread_fts (rowid, {_COLUMNS}) SELECT (ticket_id << 32) + id, '', '', "
    "CASE WHEN internal THEN '' ELSE body END, CASE WHEN internal THEN body ELSE '' END "
    f"FROM temp.search_rebuild WHERE running > {_LIMIT}",
    "DROP TABLE temp.search_rebuild",
    "INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize')",
    "INSERT INTO thread_fts (thread_fts) VALUES ('optimize')",
)


def create(db: sqlite3.Connection) -> None:
    """Create the index (inside the caller's transaction) and rebuild it from the tables
    when the database has an older design (or none): an existing database migrates on
    its first start with this version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version < INDEX_VERSION:
        for trigger in OLD_TRIGGERS:
            db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in SCHEMA:
        db.execute(statement)
    if version < INDEX_VERSION:
        rebuild(db)
        db.execute(f"PRAGMA user_version = {INDEX_VERSION}")


def rebuild(db: sqlite3.Connection) -> None:
    """Fill the index from the tickets and comments tables (replacing what it held)."""
    for statement in REBUILD:
        db.execute(statement)


# The triggers that keep the index current row by row (SCHEMA creates them again).
TRIGGERS = ("search_ticket_insert", "search_ticket_update", "search_ticket_delete",
            "search_comment_insert")


@contextmanager
def bulk_load(db: sqlite3.Connection) -> Iterator[None]:
    """Load many tickets and comments without the per-row triggers, then build the index
    once from the tables (an archive import): all inside the caller's transaction, so a
    failed load leaves triggers and index as they were."""
    for trigger in TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    yield
    for statement in SCHEMA:
        db.execute(statement)
    rebuild(db)


def collect_hits(db: sqlite3.Connection, whole: str, words: tuple[str, ...]) -> int:
    """Run a search once into temp.search_hits (ticket ids); returns how many.

    `whole` is the FTS5 query with every word (for the ticket rows), `words` one query per
    word (for the long threads, where the words may be in different rows).
    """
    db.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.search_hits")
    hits = db.execute("INSERT INTO temp.search_hits SELECT rowid FROM tickets_fts "
                      "WHERE tickets_fts MATCH ?", (whole,)).rowcount
    per_word = " INTERSECT ".join(
        ["SELECT rowid >> 32 FROM thread_fts WHERE thread_fts MATCH ?"] * len(words))
    if per_word:
        hits += db.execute("INSERT OR IGNORE INTO temp.search_hits " + per_word,
                           words).rowcount
    return hits
