"""Writes per account and minute (issue #17.3: eight clients flooding one thread slowed
everyone else's tickets to seconds). Beyond the limit a write is refused with a clear page
in the person's language, 429 and Retry-After, and nothing of it is stored."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def limited(app):
    app.config["WRITES_PER_MINUTE"] = 3
    return app


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_writes_beyond_the_limit_are_refused_and_store_nothing(limited, make_ticket, post,
                                                               client, db):
    ticket_id = make_ticket("user")  # the first write of the minute
    for number in range(2):
        assert post(f"/tickets/{ticket_id}/update", {"body": f"ok {number}"}).status_code \
            == 302
    refused = post(f"/tickets/{ticket_id}/update", {"body": "one too many"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    text = refused.get_data(as_text=True)
    assert "at most 3 changes a minute" in text and "Nothing was saved" in text
    assert count(db, "comments") == 2
    # Every kind of write counts against the same limit.
    assert post("/tickets/new", {"title": "x", "category": "bug", "priority": "low"}
                ).status_code == 429
    assert count(db, "tickets") == 1
    # Reading stays possible, and so does logging out.
    assert client.get(f"/tickets/{ticket_id}").status_code == 200
    assert post("/logout").status_code == 302


def test_the_limit_is_per_account_and_per_minute(limited, make_ticket, auth, post, db,
                                                 monkeypatch):
    ticket_id = make_ticket("user")
    for _ in range(2):  # with the new ticket, three writes
        post(f"/tickets/{ticket_id}/update", {"body": "user writes"})
    auth.logout()
    auth.login("support")
    assert post(f"/tickets/{ticket_id}/update", {"body": "support writes"}).status_code \
        == 302
    auth.logout()
    auth.login("user")
    assert post(f"/tickets/{ticket_id}/update", {"body": "x"}).status_code == 429
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert post(f"/tickets/{ticket_id}/update", {"body": "a minute later"}).status_code \
        == 302
    assert count(db, "comments") == 4  # two by user, one by support, one a minute later


def test_the_refusal_speaks_german(limited, make_ticket, post, client):
    ticket_id = make_ticket("user")
    post("/language", {"lang": "de"})
    for _ in range(3):
        post(f"/tickets/{ticket_id}/update", {"body": "x"})
    text = post(f"/tickets/{ticket_id}/update", {"body": "x"}).get_data(as_text=True)
    assert "höchstens 3 Änderungen pro Minute" in text and "Nichts wurde gespeichert" in text


def test_a_refused_validation_does_not_use_up_the_limit(limited, make_ticket, post, db):
    ticket_id = make_ticket("user")
    for _ in range(5):
        assert post(f"/tickets/{ticket_id}/update", {"body": "x" * 20_001}).status_code == 422
    assert post(f"/tickets/{ticket_id}/update", {"body": "fine"}).status_code == 302


def test_the_default_limit_comes_from_the_environment(tmp_path, monkeypatch):
    from micro import create_app

    monkeypatch.setenv("MICRO_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("MICRO_WRITES_PER_MINUTE", "7")
    app = create_app({"DATABASE": str(tmp_path / "w.db")})
    assert app.config["WRITES_PER_MINUTE"] == 7
