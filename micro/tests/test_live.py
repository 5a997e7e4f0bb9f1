"""The live poll's endpoint (micro/live.py): the unread count and the open ticket's
activity stamp, never cached, never another person's ticket, and not activity of the
person (no refreshed session cookie, so the idle timeout still ends an open tab)."""

from __future__ import annotations

import time

from micro import session as micro_session


def test_the_poll_answers_the_count_and_the_tickets_stamp(make_ticket, auth, post, client,
                                                          db):
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("support")
    post(f"/tickets/{ticket_id}/update", {"body": "Schon dabei."})
    auth.logout()
    auth.login("user")
    response = client.get(f"/activity?ticket={ticket_id}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    stamp = db.execute("SELECT updated_at FROM tickets WHERE id = ?",
                       (ticket_id,)).fetchone()[0]
    assert response.get_json() == {"unread": 1, "ticket": stamp,
                                   "unread_title": "1 ticket with unread activity"}
    client.get(f"/tickets/{ticket_id}")  # opening it reads it
    assert client.get("/activity").get_json() == {
        "unread": 0, "unread_title": "0 tickets with unread activity"}


def test_the_poll_speaks_german(make_ticket, auth, client):
    make_ticket("user")
    auth.logout()
    client.set_cookie("lang", "de")
    auth.login("support")
    assert client.get("/activity").get_json()["unread_title"] == \
        "1 Ticket mit ungelesener Aktivität"


def test_another_persons_ticket_has_no_stamp(make_ticket, auth, client, db):
    ticket_id = make_ticket("support")
    auth.logout()
    auth.login("user")
    for asked in (str(ticket_id), "999999", "abc", "²", "-1", ""):
        body = client.get("/activity", query_string={"ticket": asked}).get_json()
        assert body["ticket"] is None, asked


def test_signed_out_the_poll_is_refused_without_a_redirect(client):
    response = client.get("/activity")
    assert response.status_code == 401 and response.is_json
    assert response.headers["Cache-Control"] == "no-store"


def test_a_poll_never_refreshes_the_session_cookie(auth, client, monkeypatch):
    auth.login("user")
    assert client.get("/tickets").status_code == 200
    # A minute later a poll sends no new cookie: it is not the person doing something ...
    later = time.time() + micro_session.SESSION_REFRESH_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    poll = client.get("/activity")
    assert poll.status_code == 200
    assert "micro_session" not in " ".join(poll.headers.getlist("Set-Cookie"))
    # ... while a page view re-signs it (the idle timeout restarts).
    page = client.get("/tickets")
    assert "micro_session=" in " ".join(page.headers.getlist("Set-Cookie"))


def test_the_pages_carry_what_the_script_needs(make_ticket, client, db, app):
    ticket_id = make_ticket("user")
    page = client.get(f"/tickets/{ticket_id}").get_data(as_text=True)
    stamp = db.execute("SELECT updated_at FROM tickets WHERE id = ?",
                       (ticket_id,)).fetchone()[0]
    assert f'data-activity="{stamp}"' in page and f'data-ticket-id="{ticket_id}"' in page
    assert 'data-poll-seconds="30" data-activity-url="/activity"' in page
    app.config["POLL_SECONDS"] = 0  # MICRO_POLL_SECONDS=0: app.js does not poll
    assert 'data-poll-seconds="0"' in client.get("/tickets").get_data(as_text=True)
