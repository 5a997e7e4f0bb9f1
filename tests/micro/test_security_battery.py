"""Micro against every attack class of /work/shared/SECURITY.md where it has the surface
(issue #12). One test, or a small parametrized group, per class; each docstring says what
the test would catch. Most drive the app through Flask's test client (the fixtures of
micro/tests/conftest.py); stored XSS runs in a real Chromium against gunicorn.

Classes without a surface in Micro: file uploads (§5: Micro has no attachments) and JWT
(§3: server sessions only). Brute force (§3) is tested in micro/tests/test_auth.py (the
delays and locks); here only that a forged X-Forwarded-For cannot get around the lock.
"""

# The fixtures imported from micro/tests/conftest.py are test arguments of the same names.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask.sessions import SecureCookieSessionInterface
from playwright.sync_api import expect

from micro.security import KNOWN_WEAK_SECRETS
from micro.tests.conftest import (  # noqa: F401 (fixtures, used by name)
    add_comments,
    app,
    auth,
    client,
    db,
    login_elsewhere,
    make_ticket,
    post,
    user_id,
)
from micro.tickets import neutralise
from tests.attacks import XSS_PAYLOADS

ROOT = Path(__file__).resolve().parents[2]


def ticket_row(db, ticket_id):
    return db.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()


def dump(db) -> dict[str, list]:
    """Every row of every table that holds data (not the index, not the throttles)."""
    tables = ("users", "tickets", "comments", "ticket_changes", "notifications")
    return {table: sorted(tuple(row) for row in db.execute(
        f"SELECT * FROM {table}")) for table in tables}  # noqa: S608


@pytest.fixture
def others_ticket(make_ticket, auth, post, db):
    """Support's ticket (with a public reply and an internal note) and the user's own
    ticket with an internal note "Geheimnotiz"; `user` is signed in afterwards."""
    theirs = make_ticket("support", "Server down")
    post(f"/tickets/{theirs}/update", {"body": "Antwort auf Server"})
    mine = make_ticket("user", "Drucker kaputt")
    auth.logout()
    auth.login("support")
    post(f"/tickets/{mine}/update", {"body": "Geheimnotiz Passwortliste", "internal": "1"})
    auth.logout()
    auth.login("user")
    return {"theirs": theirs, "mine": mine}


# --- §2 broken access control: IDOR --------------------------------------------------------

def test_idor_another_users_ticket_thread_and_history_are_404_and_unchanged(
        others_ticket, client, post, db):
    """Would catch a route that loads a ticket by id without asking can(): the detail page
    (with its comments and change history), an older page of its thread, the reply/update,
    the delete confirmation and the delete, by another user."""
    theirs = others_ticket["theirs"]
    comment = db.execute("SELECT id FROM comments WHERE ticket_id = ?", (theirs,)
                         ).fetchone()[0]
    before = dump(db)
    for method, url, data in (
            ("get", f"/tickets/{theirs}", None),
            ("get", f"/tickets/{theirs}?before={comment + 1}", None),
            ("post", f"/tickets/{theirs}/update", {"body": "mine now", "status": "closed"}),
            ("get", f"/tickets/{theirs}/delete", None),
            ("post", f"/tickets/{theirs}/delete", {})):
        response = client.get(url) if method == "get" else post(url, data)
        assert response.status_code == 404, url
        assert "Server down" not in response.get_data(as_text=True)
    assert dump(db) == before


def test_idor_a_page_boundary_never_shows_another_tickets_comments(others_ticket, client,
                                                                   db):
    """Would catch the thread's `before=` taking a comment of another ticket (or an
    internal note) as the place to continue from and showing what lies around it."""
    note = db.execute("SELECT id FROM comments WHERE internal = 1").fetchone()[0]
    other = db.execute("SELECT id FROM comments WHERE ticket_id = ?",
                       (others_ticket["theirs"],)).fetchone()[0]
    for before in (note, other, other + 1):
        page = client.get(f"/tickets/{others_ticket['mine']}?before={before}")
        text = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "Geheimnotiz" not in text and "Antwort auf Server" not in text


# --- §2 lists, search, dashboard and export never leak ------------------------------------

@pytest.mark.parametrize("path", [
    "/tickets", "/tickets?q=server", "/tickets?q=antwort", "/tickets?creator=2",
    "/tickets?assignee=none", "/tickets?unread=1", "/tickets?sort=priority",
    "/tickets?q=geheimnotiz", "/tickets?q=passwortliste+drucker",
    "/tickets/export.csv", "/tickets/export.csv?q=server", "/tickets/export.csv?q=geheimnotiz",
])
def test_lists_search_and_export_never_show_other_rows_or_internal_notes(others_ticket,
                                                                         client, path):
    """Would catch a list, search or export that forgets the creator scope (support's
    "Server down" shows) or searches the notes column for a user (the user's own ticket is
    found by the word of its internal note)."""
    response = client.get(path)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Server down" not in text and "Geheimnotiz" not in text
    if "geheimnotiz" in path or "passwortliste" in path:
        assert "Drucker kaputt" not in text.split("</form>")[-1]


def test_the_dashboard_is_staff_only(others_ticket, client, auth):
    """Would catch the dashboard's counts over every ticket being shown to a user."""
    assert client.get("/dashboard").status_code == 403
    auth.logout()
    auth.login("support")
    assert client.get("/dashboard").status_code == 200


def test_internal_notes_are_hidden_from_the_user_everywhere(make_ticket, auth, post, client):
    """Would catch an internal note in the user's detail page, search or export."""
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("support")
    post(f"/tickets/{ticket_id}/update", {"body": "Geheimnotiz Passwortliste",
                                          "internal": "1"})
    assert "Geheimnotiz" in client.get(f"/tickets/{ticket_id}").get_data(as_text=True)
    assert "1" in client.get("/tickets?q=geheimnotiz").get_data(as_text=True)
    auth.logout()
    auth.login("user")
    assert "Geheimnotiz" not in client.get(f"/tickets/{ticket_id}").get_data(as_text=True)
    search = client.get("/tickets?q=geheimnotiz").get_data(as_text=True)
    assert "No tickets found." in search
    assert "Geheimnotiz" not in client.get("/tickets/export.csv").get_data(as_text=True)


# --- §2 mass assignment and forged ownership ----------------------------------------------

def test_mass_assignment_on_create_is_ignored(auth, post, db, user_id):
    """Would catch a create that takes status, creator or assignee from the form (a ticket
    "as" someone else)."""
    auth.login("user")
    post("/tickets/new", {"title": "t", "category": "bug", "priority": "low",
                          "status": "closed", "created_by": str(user_id("admin")),
                          "assigned_to": str(user_id("support")), "internal": "1",
                          "role": "admin", "id": "99"})
    row = db.execute("SELECT * FROM tickets").fetchone()
    assert (row["id"], row["status"], row["created_by"], row["assigned_to"]) == \
        (1, "new", user_id("user"), None)


def test_mass_assignment_on_update_is_ignored(make_ticket, post, db, user_id):
    """Would catch a user's reply that changes priority, assignee, creator or the
    `internal` flag because the form sent them."""
    ticket_id = make_ticket("user")
    before = dict(ticket_row(db, ticket_id))
    post(f"/tickets/{ticket_id}/update", {
        "body": "hallo", "internal": "1", "priority": "high", "category": "feature",
        "assigned_to": str(user_id("support")), "created_by": str(user_id("admin")),
        "last_updated_by": str(user_id("admin")), "role": "admin"})
    after = dict(ticket_row(db, ticket_id))
    for field in ("priority", "category", "assigned_to", "created_by", "status"):
        assert after[field] == before[field], field
    assert after["last_updated_by"] == user_id("user")
    assert db.execute("SELECT internal FROM comments").fetchone()[0] == 0


def test_mass_assignment_of_a_role_is_ignored(auth, post, db, user_id):
    """Would catch the own-password form (or the language form) taking a `role` or
    `active` field: the user stays a user."""
    auth.login("user")
    post("/account/password", {"current_password": "user123", "new_password": "a-new-pass1",
                               "confirm_password": "a-new-pass1", "role": "admin",
                               "active": "1", "username": "admin"})
    post("/language", {"lang": "de", "role": "admin"})
    row = db.execute("SELECT username, role FROM users WHERE id = ?",
                     (user_id("user"),)).fetchone()
    assert tuple(row) == ("user", "user")


# --- §4 SQL injection -------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "?q=%27", "?q=%27+OR+1%3D1--", "?q=1)+OR+(1%3D1", "?q=%27||pg_sleep(5)--",
    "?q=title;DROP+TABLE+tickets", '?q="', "?q=*", "?q=NEAR(a+b)", "?q=title:x",
    "?status=new%27+OR+1=1--", "?sort=title;DROP+TABLE+tickets", "?sort=id",
    "?page=1%27", "?assignee=1)+OR+(1=1", "?creator=-1", "?page=" + "9" * 40,
    "?q=" + "x" * 5000,
])
def test_sql_metacharacters_never_break_the_list(others_ticket, client, db, query):
    """Would catch SQL or FTS5 syntax from a parameter reaching a statement: a 500, an
    extra row (support's ticket) or a dropped table."""
    response = client.get("/tickets" + query)
    assert response.status_code == 200
    assert "Server down" not in response.get_data(as_text=True)
    assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2


# --- §6 CSRF and unsafe methods -----------------------------------------------------------

def post_routes(app, ticket_id: int, user: int) -> list[str]:
    """Every URL that takes a POST, with real ids filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            urls.append(re.sub(r"<int:ticket_id>", str(ticket_id),
                               re.sub(r"<int:user_id>", str(user), rule.rule)))
    return urls


def test_every_state_changing_route_refuses_a_missing_or_wrong_token(app, make_ticket, auth,
                                                                     client, db, user_id):
    """Would catch any POST route (found from the URL map, so a new one is covered too)
    that acts without Flask-WTF's token, or with a token of another session."""
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("admin")
    urls = post_routes(app, ticket_id, user_id("user"))
    assert len(urls) >= 10 and "/logout" in urls
    before = dump(db)
    form = {"body": "x", "status": "in_progress", "title": "x", "category": "bug",
            "priority": "low", "role": "admin", "active": "0", "lang": "de",
            "password": "new-password-1", "username": "mallory"}
    for token in (None, "forged", "IjFhMmIzYyI.Z.forged"):
        for url in urls:
            data = form if token is None else {**form, "csrf_token": token}
            response = client.post(url, data=data)
            assert response.status_code == 400, url
    assert dump(db) == before
    assert client.get("/tickets").status_code == 200  # still signed in: logout refused


def test_get_never_changes_state(app, make_ticket, auth, client, db, user_id):
    """Would catch a GET that writes: every GET route (from the URL map) as admin, with
    the database compared before and after (opening a ticket only marks it read, so
    notifications are left out), and the POST-only routes refusing GET."""
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("admin")
    client.get(f"/tickets/{ticket_id}")  # read it once: nothing unread left to clear
    before = {table: rows for table, rows in dump(db).items() if table != "notifications"}
    for rule in app.url_map.iter_rules():
        url = re.sub(r"<int:ticket_id>", str(ticket_id),
                     re.sub(r"<int:user_id>", str(user_id("user")), rule.rule))
        if "<" in url:  # the static files
            continue
        response = client.get(url + "?status=closed&role=admin&active=0&lang=de")
        expected = (200, 302, 405) if "GET" in rule.methods else (405,)
        assert response.status_code in expected, url
    after = {table: rows for table, rows in dump(db).items() if table != "notifications"}
    assert after == before


def test_login_without_csrf_token_is_refused(client):
    """Would catch a login form without a token (login CSRF: a victim signed in as the
    attacker)."""
    response = client.post("/login", data={"username": "user", "password": "user123"})
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
    assert client.get("/tickets").status_code == 302


# --- §6 open redirect -----------------------------------------------------------------------

EVIL_TARGETS = ["//evil.example", "https://evil.example/x", "/\\evil.example", "\\\\evil",
                "javascript:alert(1)", "evil", "http:evil.example",
                "/\t/evil.example", " //evil.example"]


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_no_next_parameter_leaves_the_site(client, post, target):
    """Would catch `next` on the login or the language form sending the browser to
    another site."""
    from urllib.parse import quote

    response = post(f"/login?next={quote(target)}", {"username": "user",
                                                     "password": "user123"})
    assert response.headers["Location"] == "/tickets"
    response = post("/language", {"lang": "en", "next": target})
    assert response.headers["Location"] == "/tickets"


def test_next_to_a_local_page_is_followed(post):
    """The other side of the redirect tests: a local `next` works (so they can fail)."""
    response = post("/login?next=/tickets/new", {"username": "user", "password": "user123"})
    assert response.headers["Location"] == "/tickets/new"


# --- §3 sessions --------------------------------------------------------------------------------

def test_session_fixation_a_new_session_at_login(app, auth, client):
    """Would catch a login that keeps the session it was given: a planted value survives,
    or the cookie is the one from before the login."""
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    planted = client.get_cookie("micro_session").value
    auth.login("user")
    assert client.get_cookie("micro_session").value != planted
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


@pytest.mark.parametrize("ending", ["logout", "password", "deactivation"])
def test_logout_password_change_and_deactivation_end_other_sessions(
        app, auth, client, post, login_elsewhere, user_id, ending):
    """Would catch a session (or a copied cookie) that stays valid after its account
    logged out elsewhere, changed its password or was deactivated."""
    other = login_elsewhere("user")
    stolen = other.get_cookie("micro_session").value
    assert other.get("/tickets").status_code == 200
    if ending == "logout":
        auth.login("user")
        auth.logout()
    elif ending == "password":
        auth.login("user")
        assert post("/account/password", {"current_password": "user123",
                                          "new_password": "a-new-secret",
                                          "confirm_password": "a-new-secret"}
                    ).status_code == 302
        assert client.get("/tickets").status_code == 200  # this session stays
    else:
        auth.login("admin")
        assert post(f"/admin/users/{user_id('user')}/active", {"active": "0"}
                    ).status_code == 302
    assert other.get("/tickets").status_code == 302
    replay = app.test_client()
    replay.set_cookie("micro_session", stolen)
    assert replay.get("/tickets").status_code == 302


SECRET_ASSIGNMENT = re.compile(
    r"""(?i)[\w.-]*(?:secret|key|token|salt|signing)[\w.-]*["']?\s*[:=]\s*["']([^"'\s]{3,200})["']""")
SCANNED = ("*.py", "*.md", "*.toml", "*.yml", "*.yaml", "*.json", "*.cfg", "*.ini", "*.sh",
           "*.env*", "*.example", "Dockerfile*", "*.conf", "*.txt")
SKIPPED = {".git", ".venv", "node_modules", "test-results", "instance", "__pycache__"}


def secret_like_constants() -> set[str]:
    """Every string the repository assigns to something named like a secret, key or token,
    the weak secrets production refuses, and the benchmark's and tests' fixed keys."""
    found = set(KNOWN_WEAK_SECRETS) | {"b" * 64, "k" * 40, "dev-secret", "test-secret"}
    found.discard("")  # nothing signs with an empty key
    for pattern in SCANNED:
        for path in ROOT.rglob(pattern):
            if SKIPPED & set(path.relative_to(ROOT).parts) or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            found.update(SECRET_ASSIGNMENT.findall(text))
    return found


def test_a_session_cookie_signed_with_any_secret_of_the_repository_is_refused(app, client,
                                                                              user_id):
    """Would catch Micro signing sessions with a constant that is in the repository (or
    in tutorials): a cookie forged with it would sign the attacker in as the admin."""
    candidates = secret_like_constants()
    assert len(candidates) > 20  # the scan found the repository's constants
    assert app.secret_key not in candidates
    interface = SecureCookieSessionInterface()
    admin = user_id("admin")
    for secret in sorted(candidates - {""}):
        app_like = type("AppLike", (), {"secret_key": secret,
                                        "config": {"SECRET_KEY_FALLBACKS": None}})()
        serializer = interface.get_signing_serializer(app_like)
        forged = serializer.dumps({"_user_id": f"{admin}:1", "_fresh": True,
                                   "login_at": 9e9})
        client.set_cookie("micro_session", forged)
        response = client.get("/admin/users")
        assert response.status_code == 302 and "/login" in response.headers["Location"], \
            secret
    # The check can fail: the app's own key signs a valid session.
    serializer = interface.get_signing_serializer(app)
    client.set_cookie("micro_session", serializer.dumps({"_user_id": f"{admin}:1",
                                                         "_fresh": True}))
    assert client.get("/admin/users").status_code == 200


def test_a_forged_session_id_is_rejected(client):
    """Would catch the account loader taking a malformed id from a session."""
    for forged in ("1:abc", "1²:1", "1:1:1", ":", "-1:1"):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert client.get("/tickets").status_code == 302, forged


def test_the_lockout_ignores_a_forged_x_forwarded_for(app, auth, client):
    """Micro is behind no proxy: would catch the client address being read from
    X-Forwarded-For (or X-Real-IP), which would give an attacker a fresh address for
    every guess."""
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for number in range(3):
        headers = {"X-Forwarded-For": f"10.0.0.{number}", "X-Real-IP": f"10.0.1.{number}"}
        client.environ_base["HTTP_X_FORWARDED_FOR"] = headers["X-Forwarded-For"]
        client.environ_base["HTTP_X_REAL_IP"] = headers["X-Real-IP"]
        auth.login(f"guess{number}", "bad-password")
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.99"
    response = auth.login("admin", "admin123")
    assert response.status_code == 429  # the same client, whatever the header says


# --- §3 no caching of signed-in pages ---------------------------------------------------------

@pytest.mark.parametrize("path", ["/tickets", "/tickets?q=x", "/tickets/export.csv",
                                  "/tickets/new", "/tickets/{id}", "/tickets/{id}/delete",
                                  "/account/password", "/dashboard", "/admin/users",
                                  "/admin/users/1", "/admin/users/new", "/no-such-page"])
def test_signed_in_pages_are_never_cached(make_ticket, auth, client, path):
    """Would catch a signed-in page (the export and an error page too) without
    `Cache-Control: no-store`, which a shared computer's browser could show again."""
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("admin")
    response = client.get(path.format(id=ticket_id))
    assert response.headers.get("Cache-Control") == "no-store", path
    auth.logout()
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")


# --- §7 CSV / formula injection ---------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1 \tx"]


def read_csv(response, delimiter=","):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize("cell", ["=1", "+1", "-1", "@x", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(cell):
    """Would catch one of the six formula starts passing unprefixed."""
    # Titles are trimmed, so tab and CR can only lead a cell through other columns.
    assert neutralise(cell) == "'" + cell
    assert neutralise("ok =1") == "ok =1" and neutralise(None) == ""


@pytest.mark.parametrize("language", ["en", "de"])
def test_csv_export_neutralises_formulas_in_every_column(make_ticket, auth, post, client, db,
                                                         language):
    """Would catch a formula in a title or a user name reaching a spreadsheet as a
    formula: the file is read back with the csv module, in both languages' formats."""
    db.execute("UPDATE users SET username = '=cmd|calc' WHERE username = 'support'")
    for title in FORMULAS:
        make_ticket("user", title)
    auth.logout()
    db.execute("UPDATE users SET username = 'support' WHERE username = '=cmd|calc'")
    auth.login("support")
    for number in range(1, len(FORMULAS) + 1):
        post(f"/tickets/{number}/update", {"assigned_to": "2"})
    db.execute("UPDATE users SET username = '=cmd|calc' WHERE username = 'support'")
    post("/language", {"lang": language})
    response = client.get("/tickets/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response, delimiter=";" if language == "de" else ",")
    assert {row[1] for row in rows[1:]} == {"'" + title for title in FORMULAS}
    assert {row[6] for row in rows[1:]} == {"'=cmd|calc"}
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert "password" not in ",".join(rows[0]).lower()


# --- §1 stored XSS, in a real browser -------------------------------------------------------

PAYLOADS = XSS_PAYLOADS
# Payloads a username field might be sent; the username rule (letters, digits and . _ @ -)
# refuses every one.
USERNAME_PAYLOADS = ["<script>alert(1)</script>", "'><details/open/ontoggle=confirm(1)>",
                     '"><img/src=x/onerror=alert(1)>', "<svg/onload=alert(1)>"]


@pytest.mark.browser
def test_stored_xss_payloads_render_as_text_everywhere(person, snap):
    """Would catch any payload of SECURITY.md §1 that runs (the `person` fixture fails
    on any dialog or CSP violation) in any text field, for any role, on list, detail,
    dashboard, admin and delete pages; the text must show literally."""
    admin = person()
    admin.login("admin")
    for index, name in enumerate([*USERNAME_PAYLOADS, "xss.author"]):
        admin.goto("/admin/users/new")
        admin.page.get_by_label("Username").fill(name)
        admin.page.get_by_label("E-mail").fill(f"x{index}@example.com")
        admin.page.get_by_label("Initial password").fill("xss-password-1")
        admin.page.get_by_role("button", name="Create account").click()
        if name in USERNAME_PAYLOADS:
            expect(admin.page.get_by_text("3 to 64 characters: letters, digits and . _ @ -")
                   ).to_be_visible()
            expect(admin.page.get_by_label("Username")).to_have_value(name)
    expect(admin.page.get_by_text("The account xss.author was created.")).to_be_visible()
    expect(admin.page.get_by_role("cell", name="xss.author", exact=True)).to_be_visible()
    for name in USERNAME_PAYLOADS:
        expect(admin.page.get_by_role("cell", name=name)).to_have_count(0)
    snap(admin, "admin-users-payload-names-refused")

    author = person()
    author.login("xss.author", "xss-password-1")
    ticket_ids = []
    for payload in PAYLOADS:
        ticket_id = author.create_ticket(payload, f"Beschreibung {payload}")
        author.page.get_by_label("Your comment").fill(f"Kommentar {payload}")
        author.page.get_by_role("button", name="Send").click()
        expect(author.page.get_by_test_id("timeline")).to_contain_text(f"Kommentar {payload}")
        expect(author.page.get_by_test_id("description")).to_have_text(
            f"Beschreibung {payload}")
        ticket_ids.append(ticket_id)
    author.goto("/tickets")
    for payload in PAYLOADS:
        expect(author.page.get_by_role("link", name=payload, exact=True)).to_be_visible()
    snap(author, "author-list")

    support = person()
    support.login("support")
    for ticket_id, payload in zip(ticket_ids, PAYLOADS, strict=True):
        support.goto(f"/tickets/{ticket_id}")
        expect(support.page.get_by_role("heading", level=1)).to_contain_text(payload)
        support.page.get_by_label("Reply").fill(f"Notiz {payload}")
        support.page.get_by_label("Internal note").check()
        support.page.get_by_role("button", name="Save").click()
        expect(support.page.get_by_test_id("timeline")).to_contain_text(f"Notiz {payload}")
    snap(support, "support-detail")
    for path in ("/tickets", "/tickets?q=alert", "/dashboard", "/tickets?sort=priority"):
        support.goto(path)
    admin.goto(f"/tickets/{ticket_ids[0]}/delete")
    expect(admin.page.get_by_text(PAYLOADS[0])).to_be_visible()


@pytest.mark.browser
def test_xss_payloads_in_search_and_filters_are_inert(person):
    """Would catch a reflected payload in the search box or a filter's message."""
    someone = person()
    someone.login("user")
    for payload in PAYLOADS:
        someone.page.get_by_label("Search").fill(payload)
        someone.page.get_by_role("button", name="Apply").click()
        expect(someone.page.get_by_label("Search")).to_have_value(payload)
    someone.goto('/tickets?status="><script>alert(1)</script>')
    expect(someone.page.get_by_role("alert")).to_contain_text("ignored: Status")
