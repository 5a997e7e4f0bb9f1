"""The address names the page and the open ticket; a session cookie survives a reload;
the unread count at the top opens what is new (issue #13.3, #13.4)."""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture
def seeded(nano):
    """A ticket of the demo user's, with the ids of user and support."""
    with nano.connect() as db:
        user, support = (nano.actor_from(nano.find_user(db, name)) for name in ("user", "support"))
    ticket = nano.create_ticket(user, "Drucker kaputt", "Seite 2 fehlt", "bug", "high")
    return {"user": user, "support": support, "ticket": ticket}


def fresh(query: dict[str, str] | None = None) -> AppTest:
    """A new browser tab: an AppTest with this address's query, run once."""
    at = AppTest.from_file(str(APP_PATH), default_timeout=30)
    at.query_params.update(query or {})
    return at.run()


# ── the address ──

def test_a_link_to_a_ticket_opens_it_after_login(ui, seeded):
    at = fresh({"ticket": str(seeded["ticket"])})
    assert [field.label for field in at.text_input] == ["Username", "Password"]
    ui.log_in(at, "user", "user123")
    assert ui.heading(at) == f"#{seeded['ticket']} Drucker kaputt"
    assert at.query_params == {"ticket": str(seeded["ticket"])}


def test_a_link_to_a_ticket_one_may_not_see_says_not_found(ui, nano, seeded):
    nano.register_user("berta", "berta@example.com", "user", "berta-secret")
    at = fresh({"ticket": str(seeded["ticket"])})
    ui.log_in(at, "berta", "berta-secret")
    assert "Ticket not found." in ui.errors(at)


def test_the_address_follows_every_page_and_ticket(app, ui, seeded):
    at = app("support")
    assert at.query_params == {}
    ui.go(at, "dashboard")
    assert at.query_params == {"page": "dashboard"}
    ui.open_ticket(at, seeded["ticket"])
    assert at.query_params == {"ticket": str(seeded["ticket"])}
    ui.click(at, "Back to the list")
    assert at.query_params == {}


def test_back_and_forward_open_the_page_of_the_address(app, ui, seeded):
    """The browser's Back button changes the address and reruns: the app follows it."""
    at = app("support")
    ui.open_ticket(at, seeded["ticket"])
    at.query_params.clear()
    at.query_params["page"] = "new_ticket"  # Back to where the person was before
    at.run()
    assert at.header[0].value == "New ticket"
    assert at.sidebar.radio(key="page").value == "new_ticket"
    at.query_params.clear()
    at.query_params["ticket"] = str(seeded["ticket"])  # and Forward again
    at.run()
    assert ui.heading(at) == f"#{seeded['ticket']} Drucker kaputt"


@pytest.mark.parametrize("query", [{"ticket": "abc"}, {"ticket": "9" * 30},
                                   {"page": "nonsense"}, {"page": "users"}])
def test_an_odd_address_shows_a_safe_page(app, ui, query):
    at = fresh(query)
    ui.log_in(at, "user", "user123")
    assert not at.exception
    assert "Ticket not found." in ui.errors(at) or at.sidebar.radio(key="page").value == \
        "tickets"


# ── the unread count at the top ──

def test_the_count_opens_the_one_unread_ticket(app, ui, nano, seeded):
    at = app("user")
    nano.add_reply(seeded["support"], seeded["ticket"], "Kabel prüfen")
    at.run()
    assert ui.badge(at) == "🔔 New activity on 1 ticket(s)"
    ui.click(at, "🔔 New activity on 1 ticket(s)")
    assert ui.heading(at) == f"#{seeded['ticket']} Drucker kaputt"
    assert ui.badge(at) == "🔕 No new activity"


def test_the_count_of_several_opens_the_list_of_the_unread(app, ui, nano, seeded):
    other = nano.create_ticket(seeded["user"], "Maus hakt", "", "bug", "low")
    read = nano.create_ticket(seeded["user"], "Bildschirm", "", "bug", "low")
    at = app("support")
    ui.open_ticket(at, read)
    ui.click(at, "Back to the list")
    ui.click(at, "🔔 New activity on 2 ticket(s)")
    assert "Only tickets with new activity." in [info.value for info in at.info]
    opens = {button.label for button in at.button if button.label.startswith("Open #")}
    assert opens == {f"Open #{seeded['ticket']}", f"Open #{other}"}
    assert at.query_params == {"unread": "1"}
    ui.click(at, "Show all tickets")
    assert len([b for b in at.button if b.label.startswith("Open #")]) == 3
    assert at.query_params == {}


def test_the_count_sits_in_the_main_area_not_the_sidebar(app, ui):
    at = app("user")
    assert [line.value for line in at.main.markdown if line.value.startswith("🔕")]
    assert not [line.value for line in at.sidebar.markdown if line.value.startswith("🔕")]


# ── the session cookie ──

def cookie_for(nano, actor) -> str:
    _, handoff = nano.start_browser_session(actor)
    value, max_age = nano.redeem_handoff(handoff)
    assert 0 < max_age <= nano.ABSOLUTE_TIMEOUT.total_seconds()
    return value


def test_a_cookie_resumes_its_session_and_only_hashes_are_stored(nano, seeded, nano_env):
    cookie = cookie_for(nano, seeded["user"])
    actor, _ = nano.resume_session(cookie)
    assert actor.username == "user"
    token = cookie.partition(".")[0]
    with sqlite3.connect(nano_env) as db:
        stored = db.execute("SELECT token_hash FROM sessions").fetchall()
    assert stored == [(nano.token_hash(token),)]
    dump = "\n".join(sqlite3.connect(nano_env).iterdump())
    assert token not in dump and "user123" not in dump


def test_a_handoff_token_works_once_and_only_briefly(nano, seeded, monkeypatch):
    _, handoff = nano.start_browser_session(seeded["user"])
    assert nano.redeem_handoff(handoff) is not None
    assert nano.redeem_handoff(handoff) is None  # used up
    _, late = nano.start_browser_session(seeded["user"])
    later = nano.now_utc() + nano.HANDOFF_TIMEOUT + timedelta(seconds=1)
    monkeypatch.setattr(nano, "now_utc", lambda: later)
    assert nano.redeem_handoff(late) is None


def test_forged_tampered_and_unknown_cookies_are_refused(nano, seeded):
    cookie = cookie_for(nano, seeded["user"])
    token, _, signed = cookie.partition(".")
    unknown = nano.secrets.token_urlsafe(32)
    with nano.connect() as db:
        key = nano.session_key(db)
    for forged in (f"{token}.{'0' * 64}", f"{token}x.{signed}", token, "", ".",
                   f"{unknown}.{nano.signature(key, unknown)}", f"{token}.{signed}.extra"):
        assert nano.resume_session(forged) is None, forged


def test_expired_idle_and_logged_out_sessions_are_refused(nano, seeded, monkeypatch):
    cookie = cookie_for(nano, seeded["user"])
    now = nano.now_utc()
    monkeypatch.setattr(nano, "now_utc", lambda: now + nano.IDLE_TIMEOUT + timedelta(minutes=1))
    assert nano.resume_session(cookie) is None  # idle too long
    monkeypatch.setattr(nano, "now_utc", lambda: now)
    assert nano.resume_session(cookie) is not None
    monkeypatch.setattr(nano, "now_utc", lambda: now + nano.ABSOLUTE_TIMEOUT)
    assert nano.resume_session(cookie) is None  # past its absolute end
    monkeypatch.setattr(nano, "now_utc", lambda: now)
    nano.log_out(seeded["user"])
    assert nano.resume_session(cookie) is None  # logging out revokes it
    with nano.connect() as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_a_password_change_keeps_only_this_browser(nano, seeded):
    mine, other = cookie_for(nano, seeded["user"]), cookie_for(nano, seeded["user"])
    _, row = nano.resume_session(mine)
    nano.change_own_password(seeded["user"], "user123", "a-new-secret", "a-new-secret", row["id"])
    assert nano.resume_session(mine) is not None
    assert nano.resume_session(other) is None


def test_a_deactivated_account_cannot_resume(nano, seeded):
    cookie = cookie_for(nano, seeded["user"])
    with nano.connect() as db:
        admin = nano.actor_from(nano.find_user(db, "admin"))
    nano.manage_user(admin, seeded["user"].id, "active", "0")
    assert nano.resume_session(cookie) is None


@pytest.fixture
def browser_cookie(monkeypatch):
    """`browser_cookie(value)`: the next AppTest runs see this session cookie, as a
    reloaded page's new Streamlit session would (AppTest cannot send cookies itself)."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(type(st.context), "cookies", property(lambda _self: dict(jar)))

    def set_cookie(value: str | None) -> None:
        jar.clear()
        if value is not None:
            jar["nano_session"] = value

    return set_cookie


def test_a_reload_with_the_cookie_stays_signed_in_on_the_same_ticket(ui, nano, seeded,
                                                                      browser_cookie):
    browser_cookie(cookie_for(nano, seeded["user"]))
    at = fresh({"ticket": str(seeded["ticket"])})
    assert ui.heading(at) == f"#{seeded['ticket']} Drucker kaputt"
    assert "Signed in as user (User)" in ui.texts(at)


def test_a_reload_with_a_forged_cookie_shows_the_login_form(ui, nano, seeded, browser_cookie):
    token = cookie_for(nano, seeded["user"]).partition(".")[0]
    browser_cookie(f"{token}.{'f' * 64}")
    at = fresh()
    assert [field.label for field in at.text_input] == ["Username", "Password"]


def test_logging_in_hands_the_page_a_one_time_token_and_logout_drops_the_cookie(app, ui, nano):
    at = app("user")
    scripts = [element.value for element in at.sidebar.html if "fetch(" in element.value]
    assert len(scripts) == 1 and "method: 'POST'" in scripts[0]
    handoff = scripts[0].split("body: '")[1].split("'")[0]
    assert nano.redeem_handoff(handoff) is not None
    at.run()
    assert not [element for element in at.sidebar.html if "fetch(" in element.value]
    ui.click(at, "Log out")
    scripts = [element.value for element in at.sidebar.html if "fetch(" in element.value]
    assert len(scripts) == 1 and "method: 'DELETE'" in scripts[0]


# ── the route that sets and drops the HttpOnly cookie ──

def call_route(nano, method: str, body: bytes = b"", *, origin: str = "http://nano.test",
               site: str = "same-origin", cookie: str = ""):
    headers = [(b"host", b"nano.test"), (b"origin", origin.encode()),
               (b"sec-fetch-site", site.encode())]
    if cookie:
        headers.append((b"cookie", f"nano_session={cookie}".encode()))
    scope = {"type": "http", "method": method, "path": nano.SESSION_PATH, "headers": headers,
             "scheme": "http", "query_string": b"", "server": ("nano.test", 80)}

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    # A thread of its own: the test's thread may already run an event loop (a browser
    # test's Playwright), in which asyncio.run() refuses to start another.
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run,
                             nano.session_route(nano.Request(scope, receive))).result()


def test_the_route_trades_a_handoff_for_an_httponly_strict_cookie(nano, seeded):
    _, handoff = nano.start_browser_session(seeded["user"])
    response = call_route(nano, "POST", handoff.encode())
    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    value = cookie.split(";")[0].removeprefix("nano_session=")
    assert nano.resume_session(value)[0].username == "user"
    assert call_route(nano, "POST", handoff.encode()).status_code == 403  # used up


@pytest.mark.parametrize(("origin", "site"), [("https://evil.test", "cross-site"),
                                              ("http://nano.test", "cross-site"),
                                              ("https://evil.test", "same-origin")])
def test_the_route_refuses_other_sites(nano, seeded, origin, site):
    _, handoff = nano.start_browser_session(seeded["user"])
    response = call_route(nano, "POST", handoff.encode(), origin=origin, site=site)
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert nano.redeem_handoff(handoff) is not None  # still unused


def test_the_route_drops_the_cookie_and_its_session(nano, seeded):
    cookie = cookie_for(nano, seeded["user"])
    response = call_route(nano, "DELETE", cookie=cookie)
    assert response.status_code == 204
    assert 'nano_session=""' in response.headers["set-cookie"]
    assert nano.resume_session(cookie) is None
    assert call_route(nano, "POST", b"not-a-token").status_code == 403


def test_a_reload_keeps_the_language_picked_after_login(app, ui, nano, browser_cookie):
    at = app("user", lang="en")
    script = next(element.value for element in at.sidebar.html if "fetch(" in element.value)
    cookie, _ = nano.redeem_handoff(script.split("body: '")[1].split("'")[0])
    at.sidebar.selectbox(key="lang").set_value("de").run()
    browser_cookie(cookie)
    reloaded = fresh()
    assert reloaded.session_state["lang"] == "de"
    assert "Angemeldet als user (Anwender)" in ui.texts(reloaded)
