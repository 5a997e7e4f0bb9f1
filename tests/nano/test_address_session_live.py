"""Nano in the browser: the address names the page and the ticket (a link works, Back and
Forward move between pages), a reload keeps the person signed in through an HttpOnly
session cookie, and an open ticket shows support's reply by itself (issue #13.2-#13.4)."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def heading(someone, ticket_id: int):
    return someone.main.get_by_role("heading", level=2, name=re.compile(f"^#{ticket_id} "))


def login_form(someone):
    return someone.page.get_by_role("button", name="Log in")


def test_a_link_to_a_ticket_opens_it_after_login(nano_server, person):
    reporter = person(nano_server)
    reporter.login("user")
    ticket_id = reporter.create_ticket("Link zum Ticket")
    colleague = person(nano_server)
    colleague.page.goto(f"{nano_server}/?ticket={ticket_id}")
    expect(login_form(colleague)).to_be_visible()
    colleague.idle()
    colleague.login("support")
    expect(heading(colleague, ticket_id)).to_be_visible()
    assert colleague.page.url.endswith(f"/?ticket={ticket_id}")


def test_back_and_forward_move_between_pages(nano_server, person):
    someone = person(nano_server)
    someone.login("user")
    ticket_id = someone.create_ticket("Zurück und vor")  # the new ticket is open
    assert someone.page.url.endswith(f"/?ticket={ticket_id}")
    someone.click("Back to the list")
    someone.go("My account")
    assert someone.page.url.endswith("/?page=account")
    someone.page.go_back()
    expect(someone.main.get_by_role("heading", name="Tickets", level=2)).to_be_visible()
    someone.page.go_back()
    expect(heading(someone, ticket_id)).to_be_visible()
    someone.page.go_back()
    expect(someone.main.get_by_role("heading", name="New ticket", level=2)).to_be_visible()
    someone.page.go_forward()
    expect(heading(someone, ticket_id)).to_be_visible()
    assert someone.page.url.startswith(nano_server)  # Back never left the app


def has_cookie(someone) -> bool:
    return any(cookie["name"] == "nano_session" for cookie in someone.page.context.cookies())


def wait_for_cookie(someone, *, present: bool, timeout: float = 10) -> None:
    """The page trades its one-time token for the cookie (or drops it) by a request of
    its own right after the run: wait until the browser holds it (or no longer does)."""
    deadline = time.monotonic() + timeout
    while has_cookie(someone) != present:
        assert time.monotonic() < deadline, f"session cookie present: {not present}"
        someone.page.wait_for_timeout(50)


def session_cookie(someone) -> dict:
    found = [cookie for cookie in someone.page.context.cookies()
             if cookie["name"] == "nano_session"]
    assert len(found) == 1, found
    return found[0]


def signed_in(someone):
    return someone.page.get_by_text("Signed in as user ").first


def test_a_reload_stays_signed_in_until_logout(nano_server, person):
    someone = person(nano_server)
    someone.login("user")
    ticket_id = someone.create_ticket("Neu laden")  # the new ticket is open
    wait_for_cookie(someone, present=True)
    cookie = session_cookie(someone)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "user123" not in cookie["value"]
    assert someone.page.evaluate("() => document.cookie").find("nano_session") == -1
    someone.page.reload()
    expect(heading(someone, ticket_id)).to_be_visible()
    expect(signed_in(someone)).to_be_visible()
    someone.idle()
    someone.logout()
    wait_for_cookie(someone, present=False)
    someone.page.reload()
    expect(login_form(someone)).to_be_visible()


def test_a_revoked_cookie_is_refused_after_logout(nano_server, person):
    """Logging out revokes the session on the server: a copy of the cookie is worthless."""
    someone = person(nano_server)
    someone.login("user")
    wait_for_cookie(someone, present=True)
    copy = session_cookie(someone)
    someone.logout()
    thief = person(nano_server)
    thief.page.context.add_cookies([{k: copy[k] for k in ("name", "value", "domain", "path")}])
    thief.page.goto(nano_server + "/")
    expect(login_form(thief)).to_be_visible()


def test_forged_and_expired_cookies_are_refused(start_nano, person, tmp_path: Path):
    db_path = tmp_path / "tickets.db"
    server = start_nano(NANO_DB_PATH=str(db_path))
    someone = person(server)
    someone.login("user")
    wait_for_cookie(someone, present=True)
    real = session_cookie(someone)
    token = real["value"].partition(".")[0]
    forger = person(server)
    forger.page.context.add_cookies([{"name": "nano_session", "value": f"{token}.{'0' * 64}",
                                      "domain": real["domain"], "path": "/"}])
    forger.page.goto(server + "/")
    expect(login_form(forger)).to_be_visible()
    with sqlite3.connect(db_path) as db:  # the session's end has come
        db.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00'")
    someone.page.reload()
    expect(login_form(someone)).to_be_visible()


def test_the_open_ticket_shows_a_reply_and_new_status_by_itself(start_nano, person, snap):
    server = start_nano(NANO_BADGE_REFRESH_SECONDS="2")
    reporter = person(server)
    reporter.login("user")
    ticket_id = reporter.create_ticket("Mails kommen nicht an")  # the new ticket is open
    reporter.page.set_viewport_size(PHONE)
    expect(reporter.main.get_by_text("Status: New")).to_be_visible()

    support = person(server)
    support.login("support")
    support.open_ticket(ticket_id)
    support.main.get_by_role("textbox", name="Reply", exact=True).fill("Postfach war voll.")
    support.select("Set status", "In progress")
    support.click("Send reply / save changes", then="Saved.")

    # The reporter touches nothing: within the poll interval the ticket is current.
    expect(reporter.main.get_by_text("Postfach war voll.", exact=True)).to_be_visible(
        timeout=15_000)
    expect(reporter.main.get_by_text("Status: In progress")).to_be_visible()
    expect(reporter.badge()).to_have_text("🔕 No new activity")
    snap(reporter, "phone-ticket-refreshed")


def test_the_unread_count_on_a_phone_opens_the_unread_ticket(start_nano, person, snap):
    server = start_nano(NANO_BADGE_REFRESH_SECONDS="2")
    reporter = person(server)
    reporter.login("user")
    ticket_id = reporter.create_ticket("Drucker offline")
    reporter.click("Back to the list")
    reporter.page.set_viewport_size(PHONE)
    support = person(server)
    support.login("support")
    support.open_ticket(ticket_id)
    support.main.get_by_role("textbox", name="Reply", exact=True).fill("Bitte neu starten.")
    support.click("Send reply / save changes", then="Saved.")

    count = reporter.main.get_by_role("button", name="🔔 New activity on 1 ticket(s)")
    expect(count).to_be_visible(timeout=15_000)
    expect(count).to_be_in_viewport()  # at the top, the sidebar shut
    snap(reporter, "phone-unread-count")
    # The count refreshes itself every 2 s: click it between two of its runs, so the click
    # lands on the button as drawn and its run is the one waited for.
    reporter.idle()
    reporter.after(count.click)
    expect(heading(reporter, ticket_id)).to_be_visible()
    expect(reporter.main.get_by_text("Bitte neu starten.", exact=True)).to_be_visible()
    expect(reporter.badge()).to_have_text("🔕 No new activity")
