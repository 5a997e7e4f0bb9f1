"""The full-text index after issue #17.3: a comment costs the same at any thread length
(the ticket's row stops growing, a long thread gets one row per comment), and the search
keeps every guarantee: title, description and every comment, tickets each once, never an
internal note for a user. An old database is rebuilt on start."""

from __future__ import annotations

import pytest

from micro import create_app
from micro.search_index import THREAD_CHARS_IN_TICKET_ROW

CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def ticket_row_chars(db, ticket_id: int) -> int:
    return db.execute("SELECT length(replies) + length(notes) FROM tickets_fts "
                      "WHERE rowid = ?", (ticket_id,)).fetchone()[0]


def test_the_ticket_row_stops_growing_and_each_comment_adds_one_row(make_ticket, db,
                                                                   add_comments):
    """Before the fix every comment was appended to the ticket's one row, which FTS5
    re-indexes whole: the row grew with the thread (and so did the cost of a post)."""
    ticket_id = make_ticket("user")
    add_comments(ticket_id, 30, size=500)
    assert ticket_row_chars(db, ticket_id) <= THREAD_CHARS_IN_TICKET_ROW
    rows_before = db.execute("SELECT count(*) FROM thread_fts").fetchone()[0]
    row_before = ticket_row_chars(db, ticket_id)
    add_comments(ticket_id, 5, size=500)
    assert ticket_row_chars(db, ticket_id) == row_before
    assert db.execute("SELECT count(*) FROM thread_fts").fetchone()[0] == rows_before + 5


@pytest.fixture
def long_thread(make_ticket, db, auth, add_comments):
    """A ticket by `user` titled "Drucker": a public reply "Toner" early on, then 40
    comments of 500 characters (past the ticket row), then a public reply "Trommel", an
    internal note "Passwortliste" and another 10 comments."""
    ticket_id = make_ticket("user", "Drucker im Flur")
    make_ticket("user", "Toner bestellen")  # a second ticket that only one word finds
    add_comments(ticket_id, 1, body="Toner ist leer")
    add_comments(ticket_id, 40, size=500)
    add_comments(ticket_id, 1, body="Trommel getauscht")
    add_comments(ticket_id, 1, body="Passwortliste im Safe", internal=True)
    add_comments(ticket_id, 10, size=500)
    auth.logout()
    assert db.execute("SELECT overflowing FROM search_threads WHERE ticket_id = ?",
                      (ticket_id,)).fetchone()[0] == 1
    return ticket_id


def found(client, query: str) -> list[str]:
    page = client.get(f"/tickets?q={query}").get_data(as_text=True)
    return [title for title in ("Drucker im Flur", "Toner bestellen") if title in page] \
        + [f"count:{page.count('Drucker im Flur')}"]


@pytest.mark.parametrize(("query", "expected"), [
    ("drucker", ["Drucker im Flur"]),             # the title
    ("trommel", ["Drucker im Flur"]),             # a comment far down the thread
    ("drucker+trommel", ["Drucker im Flur"]),      # the title and a late comment together
    ("toner+trommel", ["Drucker im Flur"]),        # an early and a late comment together
    ("trom", ["Drucker im Flur"]),                 # the last word is a prefix
    ("toner", ["Drucker im Flur", "Toner bestellen"]),
    ("drucker+nirgends", []),
])
def test_the_search_covers_the_whole_thread(long_thread, auth, client, query, expected):
    auth.login("user")
    result = found(client, query)
    assert result[:-1] == expected
    if "Drucker im Flur" in expected:  # listed once (plus the page title's search box)
        assert result[-1] == "count:1"


def test_an_internal_note_far_down_the_thread_is_found_by_staff_only(long_thread, auth,
                                                                     client):
    auth.login("support")
    assert found(client, "passwortliste")[:-1] == ["Drucker im Flur"]
    assert found(client, "drucker+passwortliste")[:-1] == ["Drucker im Flur"]
    auth.logout()
    auth.login("user")
    assert found(client, "passwortliste")[:-1] == []
    assert found(client, "drucker+passwortliste")[:-1] == []
    assert "Passwortliste" not in client.get("/tickets/export.csv?q=passwortliste"
                                             ).get_data(as_text=True)


def test_deleting_a_ticket_clears_its_rows_everywhere(long_thread, auth, post, db):
    auth.login("admin")
    assert post(f"/tickets/{long_thread}/delete").status_code == 302
    assert db.execute("SELECT count(*) FROM thread_fts").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM search_threads WHERE ticket_id = ?",
                      (long_thread,)).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM tickets_fts").fetchone()[0] == 1


def index_contents(db) -> tuple[list, list, list]:
    def normalised(table):
        return sorted((row[0], *(" ".join(str(value).split()) for value in row[1:]))
                      for row in db.execute(f"SELECT rowid, title, description, replies, "  # noqa: S608
                                            f"notes FROM {table}"))
    return (normalised("tickets_fts"), normalised("thread_fts"),
            sorted(tuple(row) for row in db.execute("SELECT * FROM search_threads")))


def test_the_rebuild_gives_what_the_triggers_gave(long_thread, db):
    from micro import search_index

    by_triggers = index_contents(db)
    search_index.rebuild(db)
    assert index_contents(db) == by_triggers


OLD_INDEX = """
CREATE VIRTUAL TABLE tickets_fts USING fts5 (
    title, description, replies, notes, tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3 4 5 6 7 8');
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, title, description, replies, notes)
    VALUES (new.id, new.title, new.description, '', '');
END;
CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
    UPDATE tickets_fts SET
        replies = CASE WHEN new.internal THEN replies ELSE replies || ' ' || new.body END,
        notes = CASE WHEN new.internal THEN notes || ' ' || new.body ELSE notes END
    WHERE rowid = new.ticket_id;
END;
"""


def test_an_old_database_is_migrated_on_start(app, db, add_comments):
    """A database of the former design (one row per ticket with the whole thread, its
    triggers) gets the new index on start, rebuilt from the tables."""
    for name in ("search_ticket_insert", "search_ticket_update", "search_ticket_delete",
                 "search_comment_insert"):
        db.execute(f"DROP TRIGGER {name}")
    for table in ("tickets_fts", "thread_fts", "search_threads"):
        db.execute(f"DROP TABLE {table}")
    db.executescript(OLD_INDEX)
    db.execute("PRAGMA user_version = 0")
    db.execute("INSERT INTO tickets (id, title, description, category, priority, status, "
               "created_by, created_at, updated_at, last_updated_by) VALUES (1, 'Drucker', "
               "'alt', 'bug', 'low', 'new', 3, '2026-01-01T00:00:00Z', "
               "'2026-01-01T00:00:00Z', 3)")
    add_comments(1, 1, body="Geheimwort intern", internal=True)
    add_comments(1, 20, size=500)
    add_comments(1, 1, body="Spaetes Wort")

    migrated = create_app({"DATABASE": app.config["DATABASE"],
                           "ARGON2_PARAMETERS": CHEAP_ARGON2})
    triggers = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert not triggers & {"tickets_fts_insert", "comments_fts_insert"}
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 1
    assert ticket_row_chars(db, 1) <= THREAD_CHARS_IN_TICKET_ROW
    assert db.execute("SELECT count(*) FROM thread_fts").fetchone()[0] > 0

    browser = migrated.test_client()

    def token() -> str:
        page = browser.get("/nowhere").get_data(as_text=True)
        return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    browser.post("/login", data={"username": "user", "password": "user123",
                                 "csrf_token": token()})
    assert "Drucker" in browser.get("/tickets?q=spaetes+drucker").get_data(as_text=True)
    assert "Drucker" not in browser.get("/tickets?q=geheimwort").get_data(as_text=True)
    response = browser.post("/tickets/1/update", data={"body": "Neues Wort",
                                                       "csrf_token": token()})
    assert response.status_code == 302
    assert "Drucker" in browser.get("/tickets?q=neues+alt").get_data(as_text=True)
    # A second start finds the current version and leaves the index alone.
    rows = index_contents(db)
    create_app({"DATABASE": app.config["DATABASE"], "ARGON2_PARAMETERS": CHEAP_ARGON2})
    assert index_contents(db) == rows
