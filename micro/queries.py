"""Every SQL statement of Micro, one named function each. Parameters only; the few
pieces of SQL chosen at run time (sort order, filter clauses) come from allow-lists here.
Nothing here commits: the request does, once (see db.finish_request)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from . import search_index
from .domain import TicketFilter

Row = sqlite3.Row

# --- users -------------------------------------------------------------------------------

USER_COLUMNS = ("id, username, email, role, password_hash, active, session_version, "
                "default_password, created_at")


def count_users(db) -> int:
    return db.execute("SELECT count(*) FROM users").fetchone()[0]


def get_user(db, user_id: int) -> Row | None:
    return db.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?",  # noqa: S608
                      (user_id,)).fetchone()


def get_user_with_unread_count(db, user_id: int) -> Row | None:
    """get_user() and, as `unread_count`, count_notifications() in one statement: every
    signed-in page needs both."""
    return db.execute(
        f"SELECT {USER_COLUMNS}, (SELECT count(*) FROM notifications n "  # noqa: S608
        "WHERE n.user_id = users.id) AS unread_count FROM users WHERE id = ?",
        (user_id,)).fetchone()


def get_user_by_username(db, username: str) -> Row | None:
    return db.execute(f"SELECT {USER_COLUMNS} FROM users WHERE username = ?",  # noqa: S608
                      (username,)).fetchone()


def list_users(db) -> list[Row]:
    return db.execute(
        "SELECT u.id, u.username, u.email, u.role, u.active, u.default_password, "
        "u.created_at, (SELECT count(*) FROM tickets t WHERE t.created_by = u.id) AS tickets "
        "FROM users u ORDER BY u.username").fetchall()


def list_staff(db) -> list[Row]:
    return db.execute("SELECT id, username FROM users WHERE role IN ('support', 'admin') "
                      "AND active = 1 ORDER BY username").fetchall()


def list_user_names(db) -> list[Row]:
    return db.execute("SELECT id, username FROM users ORDER BY username").fetchall()


def users_version(db) -> int:
    """Moves on every change to the accounts (triggers in schema.sql)."""
    return db.execute("SELECT version FROM table_versions WHERE name = 'users'").fetchone()[0]


def count_active_admins(db) -> int:
    return db.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[0]


def users_with_default_password(db) -> list[str]:
    rows = db.execute("SELECT username FROM users WHERE default_password = 1 AND active = 1 "
                      "ORDER BY username")
    return [row[0] for row in rows]


def insert_user(db, *, username: str, email: str, role: str, password_hash: str,
                default_password: bool, now: str) -> int:
    cursor = db.execute(
        "INSERT INTO users (username, email, role, password_hash, default_password, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (username, email, role, password_hash, int(default_password), now))
    return cursor.lastrowid


def update_user_role(db, user_id: int, role: str) -> None:
    db.execute("UPDATE users SET role = ? WHERE id = ?", (role, user_id))


def update_user_password(db, user_id: int, password_hash: str) -> None:
    """Store a new password and end every session of the account."""
    db.execute("UPDATE users SET password_hash = ?, default_password = 0, "
               "session_version = session_version + 1 WHERE id = ?", (password_hash, user_id))


def set_password_hash(db, user_id: int, password_hash: str) -> None:
    """The same password hashed again in Micro's scheme: sessions and flags stay."""
    db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))


def set_user_active(db, user_id: int, active: bool) -> None:
    db.execute("UPDATE users SET active = ?, session_version = session_version + 1 "
               "WHERE id = ?", (int(active), user_id))


def end_sessions(db, user_id: int) -> None:
    db.execute("UPDATE users SET session_version = session_version + 1 WHERE id = ?",
               (user_id,))


def user_activity_count(db, user_id: int) -> int:
    """Tickets and comments by this account (an account with any cannot be deleted)."""
    return db.execute(
        "SELECT (SELECT count(*) FROM tickets WHERE created_by = :id OR assigned_to = :id "
        "OR last_updated_by = :id) + (SELECT count(*) FROM comments WHERE author_id = :id) "
        "+ (SELECT count(*) FROM ticket_changes WHERE actor_id = :id)",
        {"id": user_id}).fetchone()[0]


def delete_user(db, user_id: int) -> None:
    db.execute("DELETE FROM users WHERE id = ?", (user_id,))


# --- login throttling --------------------------------------------------------------------

def get_login_failure(db, key: str) -> Row | None:
    return db.execute("SELECT failures, last_failure_at, locked_until FROM login_failures "
                      "WHERE key = ?", (key,)).fetchone()


def record_login_failure(db, key: str, *, now: float, limit: int, lock_seconds: int,
                         window_seconds: int) -> None:
    """Count a failure within the window: the two failures before the `limit`-th make the
    key wait 2 and then 4 seconds (slowed), the `limit`-th locks it for `lock_seconds`.
    After a lock has run out, counting starts again."""
    params = {"key": key, "now": now, "window": window_seconds, "limit": limit,
              "lock": lock_seconds}
    db.execute(
        "INSERT INTO login_failures (key, failures, last_failure_at) VALUES (:key, 1, :now) "
        "ON CONFLICT (key) DO UPDATE SET "
        "failures = CASE WHEN last_failure_at < :now - :window "
        "                  OR (failures >= :limit AND locked_until <= :now) "
        "                THEN 1 ELSE failures + 1 END, "
        "last_failure_at = :now", params)
    db.execute(
        "UPDATE login_failures SET locked_until = CASE "
        "  WHEN failures >= :limit THEN :now + :lock "
        "  WHEN failures >= :limit - 2 THEN :now + (1 << (failures - :limit + 3)) "
        "  ELSE 0 END "
        "WHERE key = :key", params)


def clear_login_failure(db, key: str) -> None:
    db.execute("DELETE FROM login_failures WHERE key = ?", (key,))


# --- write rate limit --------------------------------------------------------------------

def count_write(db, user_id: int, *, now: float, window_seconds: int) -> tuple[int, float]:
    """Count one write of the account; returns the writes in its current window and when
    that window started (a new one starts when the last is over)."""
    row = db.execute(
        "INSERT INTO write_counts (user_id, window_start, writes) VALUES (:id, :now, 1) "
        "ON CONFLICT (user_id) DO UPDATE SET "
        "writes = CASE WHEN window_start <= :now - :window THEN 1 ELSE writes + 1 END, "
        "window_start = CASE WHEN window_start <= :now - :window THEN :now "
        "ELSE window_start END RETURNING writes, window_start",
        {"id": user_id, "now": now, "window": window_seconds}).fetchone()
    return row[0], row[1]


# --- tickets -----------------------------------------------------------------------------

TICKET_SELECT = (
    "SELECT t.id, t.title, t.description, t.category, t.priority, t.status, t.created_by, "
    "t.assigned_to, t.created_at, t.updated_at, t.last_updated_by, t.resolved_at, "
    "c.username AS creator_name, a.username AS assignee_name, "
    "l.username AS last_updated_by_name FROM tickets t "
    "JOIN users c ON c.id = t.created_by LEFT JOIN users a ON a.id = t.assigned_to "
    "LEFT JOIN users l ON l.id = t.last_updated_by ")

# The same expression as the index tickets_priority, so the index serves the sort.
SORT_ORDER = {
    "updated": "{t}updated_at DESC, {t}id DESC",
    "created": "{t}created_at DESC, {t}id DESC",
    "priority": "(CASE {t}priority WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) DESC, "
                "{t}updated_at DESC, {t}id DESC",
}


def _order(sort: str, prefix: str = "") -> str:
    return SORT_ORDER[sort].format(t=prefix)


def insert_ticket(db, fields: dict[str, str], *, creator_id: int, now: str) -> int:
    cursor = db.execute(
        "INSERT INTO tickets (title, description, category, priority, status, created_by, "
        "created_at, updated_at, last_updated_by) VALUES (?, ?, ?, ?, 'new', ?, ?, ?, ?)",
        (fields["title"], fields["description"], fields["category"], fields["priority"],
         creator_id, now, now, creator_id))
    return cursor.lastrowid


def get_ticket(db, ticket_id: int) -> Row | None:
    return db.execute(TICKET_SELECT + "WHERE t.id = ?", (ticket_id,)).fetchone()


def get_ticket_stamp(db, ticket_id: int) -> Row | None:
    """Who reported the ticket and its latest activity (the live poll): one lookup."""
    return db.execute("SELECT created_by, updated_at FROM tickets WHERE id = ?",
                      (ticket_id,)).fetchone()


# Up to this many search hits, a list starts from the hits and sorts them; with more, it
# walks the sort index and checks each ticket against the hits, which stops after a page.
FEW_SEARCH_HITS = 2000


def collect_search_hits(db, filters: TicketFilter) -> int:
    """Run a full-text search once, keeping its hits for this connection's next list,
    count or export query (a temporary table: private, no lock on the database)."""
    return search_index.collect_hits(db, filters.match, filters.match_words)


def _where(filters: TicketFilter, creator_scope: int | None,
           search_hits: int | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause of a list; `creator_scope` limits it to one creator's tickets."""
    clauses: list[str] = []
    params: list[Any] = []
    # With few search hits, "+" keeps SQLite from using a column's index: it should start
    # at the hits, not walk (say) 20,000 entries of the status index to test each one.
    few_hits = bool(filters.match) and search_hits is not None and \
        search_hits <= FEW_SEARCH_HITS
    plus = "+" if few_hits else ""
    if creator_scope is not None:
        clauses.append(f"{plus}created_by = ?")
        params.append(creator_scope)
    for column in ("status", "priority", "category"):
        value = getattr(filters, column)
        if value:
            clauses.append(f"{plus}{column} = ?")
            params.append(value)
    if filters.unassigned:
        clauses.append(f"{plus}assigned_to IS NULL")
    elif filters.assignee is not None:
        clauses.append(f"{plus}assigned_to = ?")
        params.append(filters.assignee)
    if filters.creator is not None:
        clauses.append(f"{plus}created_by = ?")
        params.append(filters.creator)
    if filters.unread_for is not None:
        clauses.append("id IN (SELECT ticket_id FROM notifications WHERE user_id = ?)")
        params.append(filters.unread_for)
    if filters.match:
        if search_hits is None:
            raise ValueError("a search needs collect_search_hits() first")
        # "+id" keeps SQLite from starting at the hits (see FEW_SEARCH_HITS).
        clauses.append("id IN (SELECT id FROM temp.search_hits)" if few_hits
                       else "+id IN (SELECT id FROM temp.search_hits)")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def count_tickets(db, filters: TicketFilter, creator_scope: int | None,
                  search_hits: int | None = None, *, limit: int) -> int:
    """How many tickets the list has, counting no further than `limit`.

    `search_hits` is what collect_search_hits() returned when the list is a search.
    """
    if search_hits is not None and creator_scope is None and filters.search_only:
        return min(search_hits, limit)  # nothing but the search: the index knows
    where, params = _where(filters, creator_scope, search_hits)
    sql = ("SELECT count(*) FROM (SELECT 1 FROM tickets" + where  # noqa: S608 (see _where)
           + " LIMIT ?)")
    return db.execute(sql, [*params, limit]).fetchone()[0]


def list_tickets(db, filters: TicketFilter, creator_scope: int | None, *, viewer_id: int,
                 limit: int, offset: int, search_hits: int | None = None) -> list[Row]:
    """One page of tickets with `unread` set where the viewer has unseen activity."""
    where, params = _where(filters, creator_scope, search_hits)
    return db.execute(
        "WITH page AS (SELECT id FROM tickets" + where  # noqa: S608
        + " ORDER BY " + _order(filters.sort) +
        " LIMIT ? OFFSET ?) "
        "SELECT t.id, t.title, t.category, t.priority, t.status, t.created_at, "
        "t.updated_at, t.created_by, c.username AS creator_name, "
        "a.username AS assignee_name, n.user_id IS NOT NULL AS unread "
        "FROM page JOIN tickets t ON t.id = page.id JOIN users c ON c.id = t.created_by "
        "LEFT JOIN users a ON a.id = t.assigned_to "
        "LEFT JOIN notifications n ON n.user_id = ? AND n.ticket_id = t.id "
        "ORDER BY " + _order(filters.sort, "t."),
        [*params, limit, offset, viewer_id]).fetchall()


def iter_export(db, filters: TicketFilter, creator_scope: int | None,
                search_hits: int | None = None) -> Iterator[Row]:
    where, params = _where(filters, creator_scope, search_hits)
    sql = (  # the clauses come from _where, the order from the allow-list
        "SELECT t.id, t.title, t.status, t.priority, t.category, c.username AS creator_name, "  # noqa: S608
        "a.username AS assignee_name, t.created_at, t.updated_at FROM (SELECT * FROM tickets"
        + where + ") t JOIN users c ON c.id = t.created_by "
        "LEFT JOIN users a ON a.id = t.assigned_to ORDER BY " + _order(filters.sort, "t."))
    return db.execute(sql, params)


def update_ticket(db, ticket_id: int, changes: dict[str, Any], *, actor_id: int,
                  now: str) -> None:
    """Apply allow-listed field changes and stamp the ticket as updated by the actor."""
    allowed = {"status", "priority", "category", "assigned_to", "resolved_at"}
    assignments = [f"{column} = :{column}" for column in changes if column in allowed]
    if len(assignments) != len(changes):
        raise ValueError(f"not updatable: {set(changes) - allowed}")
    db.execute(
        "UPDATE tickets SET " + ", ".join([*assignments, "updated_at = :now",  # noqa: S608
                                           "last_updated_by = :actor"]) + " WHERE id = :id",
        {**changes, "now": now, "actor": actor_id, "id": ticket_id})


def insert_change(db, ticket_id: int, *, actor_id: int, field: str, old: Any, new: Any,
                  now: str) -> None:
    db.execute("INSERT INTO ticket_changes (ticket_id, actor_id, field, old_value, "
               "new_value, created_at) VALUES (?, ?, ?, ?, ?, ?)",
               (ticket_id, actor_id, field, old, new, now))


def list_changes(db, ticket_id: int, *, since: str = "", until: str = "\uffff") -> list[Row]:
    """The ticket's changes made at `since` or later and before `until` (timestamps)."""
    return db.execute(
        "SELECT ch.field, ch.old_value, ch.new_value, ch.created_at, u.username AS actor_name, "
        "o.username AS old_name, n.username AS new_name FROM ticket_changes ch "
        "JOIN users u ON u.id = ch.actor_id "
        "LEFT JOIN users o ON ch.field = 'assigned_to' AND o.id = CAST(ch.old_value AS INTEGER) "
        "LEFT JOIN users n ON ch.field = 'assigned_to' AND n.id = CAST(ch.new_value AS INTEGER) "
        "WHERE ch.ticket_id = ? AND ch.created_at >= ? AND ch.created_at < ? "
        "ORDER BY ch.created_at, ch.id", (ticket_id, since, until)).fetchall()


def delete_ticket(db, ticket_id: int) -> None:
    db.execute("DELETE FROM tickets WHERE id = ?", (ticket_id,))


# --- comments ----------------------------------------------------------------------------

def insert_comment(db, ticket_id: int, *, author_id: int, body: str, internal: bool,
                   now: str) -> int:
    cursor = db.execute("INSERT INTO comments (ticket_id, author_id, body, internal, "
                        "created_at) VALUES (?, ?, ?, ?, ?)",
                        (ticket_id, author_id, body, int(internal), now))
    return cursor.lastrowid


_COMMENT_SELECT = (
    "SELECT cm.id, cm.body, cm.internal, cm.created_at, u.username AS author_name, "
    "u.role AS author_role FROM comments cm JOIN users u ON u.id = cm.author_id "
    "WHERE cm.ticket_id = :ticket AND (cm.internal = 0 OR :internal) ")


def list_comments_page(db, ticket_id: int, *, include_internal: bool,
                       before: Row | None, limit: int) -> list[Row]:
    """Up to `limit` comments, newest first: the newest of the thread, or those older
    than the comment `before` (a row with `created_at` and `id`). One index range at any
    thread length."""
    params = {"ticket": ticket_id, "internal": int(include_internal), "limit": limit}
    older = ""
    if before is not None:
        older = "AND (cm.created_at, cm.id) < (:before_at, :before_id) "
        params.update(before_at=before["created_at"], before_id=before["id"])
    return db.execute(_COMMENT_SELECT + older +
                      "ORDER BY cm.created_at DESC, cm.id DESC LIMIT :limit",
                      params).fetchall()


def get_comment(db, ticket_id: int, comment_id: int, *, include_internal: bool) -> Row | None:
    """One comment of this ticket that the viewer may see (the boundary of a page)."""
    return db.execute(_COMMENT_SELECT + "AND cm.id = :id",
                      {"ticket": ticket_id, "internal": int(include_internal),
                       "id": comment_id}).fetchone()


# --- notifications -----------------------------------------------------------------------

def add_notifications(db, user_ids: Iterable[int], ticket_id: int, now: str) -> None:
    db.executemany("INSERT INTO notifications (user_id, ticket_id, created_at) "
                   "VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET created_at = excluded.created_at",
                   [(user_id, ticket_id, now) for user_id in user_ids])


def clear_notification(db, user_id: int, ticket_id: int) -> None:
    # Look before deleting: a DELETE opens a write transaction even when nothing matches,
    # and readers of a ticket should not queue for the write lock.
    key = (user_id, ticket_id)
    if db.execute("SELECT 1 FROM notifications WHERE user_id = ? AND ticket_id = ?",
                  key).fetchone():
        db.execute("DELETE FROM notifications WHERE user_id = ? AND ticket_id = ?", key)


def count_notifications(db, user_id: int) -> int:
    return db.execute("SELECT count(*) FROM notifications WHERE user_id = ?",
                      (user_id,)).fetchone()[0]


# --- dashboard ---------------------------------------------------------------------------

def count_by_status(db) -> dict[str, int]:
    return dict(db.execute("SELECT status, count(*) FROM tickets GROUP BY status").fetchall())


def count_by_priority(db) -> dict[str, int]:
    return dict(db.execute("SELECT priority, count(*) FROM tickets GROUP BY priority")
                .fetchall())


def count_by_category(db) -> dict[str, int]:
    return dict(db.execute("SELECT category, count(*) FROM tickets GROUP BY category")
                .fetchall())


WEEK_START = "date({column}, 'weekday 0', '-6 days')"


def opened_per_week(db, since: str) -> dict[str, int]:
    week = WEEK_START.format(column="created_at")
    return dict(db.execute(f"SELECT {week} AS week, count(*) FROM tickets "  # noqa: S608
                           "WHERE created_at >= ? GROUP BY week", (since,)).fetchall())


def resolved_per_week(db, since: str) -> dict[str, int]:
    week = WEEK_START.format(column="resolved_at")
    return dict(db.execute(f"SELECT {week} AS week, count(*) FROM tickets "  # noqa: S608
                           "WHERE resolved_at >= ? GROUP BY week", (since,)).fetchall())


def median_resolution_hours(db) -> float | None:
    """Median hours from creation to resolution over resolved and closed tickets."""
    count = db.execute("SELECT count(*) FROM tickets WHERE resolved_at IS NOT NULL"
                       ).fetchone()[0]
    if not count:
        return None
    # The same expression as the index tickets_resolution_days, which serves the order.
    rows = db.execute(
        "SELECT julianday(resolved_at) - julianday(created_at) FROM tickets "
        "WHERE resolved_at IS NOT NULL ORDER BY julianday(resolved_at) - julianday(created_at) "
        "LIMIT ? OFFSET ?", (2 - count % 2, (count - 1) // 2)).fetchall()
    return 24 * sum(row[0] for row in rows) / len(rows)
