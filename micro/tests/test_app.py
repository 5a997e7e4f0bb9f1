"""The application around the routes: configuration, headers, errors, CLI, i18n, dashboard."""

import re
import sqlite3

import pytest

from micro import create_app
from micro.security import CSP

CHEAP = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def test_security_headers_on_every_page(auth, client):
    response = client.get("/login")
    assert response.headers["Content-Security-Policy"] == CSP
    assert CSP == ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' "
                   "data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
                   "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" not in response.headers.get("Cache-Control", "")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    auth.login("user")
    assert client.get("/tickets").headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in client.get("/tickets").headers
    assert "Strict-Transport-Security" in client.get(
        "/tickets", base_url="https://localhost").headers


def test_templates_have_no_inline_scripts_or_styles(app):
    from pathlib import Path

    for template in Path(app.root_path, "templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and "style=" not in text and "onclick" not in text, \
            template


def test_static_files_are_served_locally(client):
    for path in ("vendor/bootstrap/bootstrap.min.css", "vendor/bootstrap/bootstrap.bundle.min.js",
                 "app.js", "app.css", "theme.js"):
        response = client.get(f"/static/{path}")
        assert response.status_code == 200
        response.close()


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_an_unexpected_error_shows_a_page_without_a_stack_trace(app, auth, client,
                                                                 monkeypatch):
    from micro import queries

    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    auth.login("user")
    monkeypatch.setattr(queries, "count_tickets", explode)
    response = client.get("/tickets")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Something went wrong on our side" in text
    assert "secret internals" not in text and "Traceback" not in text


def test_a_locked_database_answers_503(auth, client, monkeypatch):
    from micro import queries

    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    def broken(*_args, **_kwargs):
        raise sqlite3.OperationalError("no such table: x")

    auth.login("user")
    monkeypatch.setattr(queries, "count_tickets", locked)
    response = client.get("/tickets")
    assert response.status_code == 503 and "busy" in response.get_data(as_text=True)
    monkeypatch.setattr(queries, "count_tickets", broken)
    assert client.get("/tickets").status_code == 500


def test_other_http_errors_have_clear_pages(client, auth, post):
    assert client.post("/tickets").status_code == 405
    auth.login("user")
    big = post("/tickets/new", {"title": "x", "description": "x" * 300_000})
    assert big.status_code == 413


def test_production_refuses_a_missing_or_default_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("MICRO_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("MICRO_ENV", "production")
    for secret in (None, "dev", "change-me", "short"):
        if secret is None:
            monkeypatch.delenv("MICRO_SECRET_KEY", raising=False)
        else:
            monkeypatch.setenv("MICRO_SECRET_KEY", secret)
        with pytest.raises(RuntimeError, match="secret key"):
            create_app({"DATABASE": str(tmp_path / "p.db"), "ARGON2_PARAMETERS": CHEAP})
    monkeypatch.setenv("MICRO_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("MICRO_DEMO_ACCOUNTS", "0")
    app = create_app({"DATABASE": str(tmp_path / "p.db"), "ARGON2_PARAMETERS": CHEAP})
    assert app.config["SECRET_KEY"] == "k" * 40
    assert not app.config["DEMO_ACCOUNTS"]
    with sqlite3.connect(tmp_path / "p.db") as db:
        assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_development_generates_and_keeps_a_secret_in_the_instance_folder(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("MICRO_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("MICRO_ENV", raising=False)
    monkeypatch.delenv("MICRO_SECRET_KEY", raising=False)
    first = create_app({"DATABASE": str(tmp_path / "d.db"), "ARGON2_PARAMETERS": CHEAP})
    second = create_app({"DATABASE": str(tmp_path / "d.db"), "ARGON2_PARAMETERS": CHEAP})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "inst" / "secret_key").stat().st_mode & 0o077 == 0
    assert (tmp_path / "inst" / "translations" / "de" / "LC_MESSAGES" / "messages.mo").exists()


def test_the_database_uses_wal_and_has_the_demo_accounts_once(app, db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    create_app({"DATABASE": app.config["DATABASE"], "ARGON2_PARAMETERS": CHEAP})
    names = [row[0] for row in db.execute("SELECT username FROM users ORDER BY id")]
    assert names == ["admin", "support", "user"]
    hashes = [row[0] for row in db.execute("SELECT password_hash FROM users")]
    assert all(value.startswith("$argon2id$") for value in hashes)


def test_init_db_and_create_user_commands(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["init-db"])
    assert "Initialised the database" in result.output
    result = runner.invoke(args=["create-user", "boss", "--role", "admin",
                                 "--email", "boss@example.com", "--password", "boss-secret-1"])
    assert result.exit_code == 0 and "Created admin boss" in result.output
    assert runner.invoke(args=["create-user", "BOSS", "--email", "b@example.com",
                               "--password", "boss-secret-2"]).exit_code == 1
    result = runner.invoke(args=["create-user", "tiny", "--email", "t@example.com",
                                 "--password", "short"])
    assert result.exit_code == 1 and "at least 8" in result.output
    result = runner.invoke(args=["create-user", "mailless", "--password", "long-secret"])
    assert result.exit_code != 0 and "--email" in result.output
    result = runner.invoke(args=["create-user", "bad", "--email", "nope",
                                 "--password", "long-secret"])
    assert result.exit_code == 1 and "valid e-mail" in result.output
    assert db.execute("SELECT role FROM users WHERE username = 'boss'").fetchone()[0] == \
        "admin"


def test_admins_are_warned_about_default_passwords(auth, client, post):
    auth.login("support")
    assert "default-password-warning" not in client.get("/tickets").get_data(as_text=True)
    auth.logout()
    auth.login("admin")
    text = client.get("/tickets").get_data(as_text=True)
    assert "default-password-warning" in text and "admin, support, user" in text
    post("/account/password", {"current_password": "admin123", "new_password": "better-one",
                               "confirm_password": "better-one"})
    assert "admin, support, user" not in client.get("/tickets").get_data(as_text=True)


def test_german_labels_and_local_time(make_ticket, auth, client, post, db):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ticket_id = make_ticket("user")
    stored = db.execute("SELECT created_at FROM tickets").fetchone()[0]
    assert stored.endswith("Z")  # UTC in the database
    post("/language", {"lang": "de"})
    client.set_cookie("tz", "Asia/Kolkata")
    text = client.get(f"/tickets/{ticket_id}").get_data(as_text=True)
    assert 'lang="de"' in text and "Neu" in text and "Mittel" in text and "Kategorie" in text
    local = datetime.fromisoformat(stored).astimezone(ZoneInfo("Asia/Kolkata"))
    assert local.strftime("%d.%m.%Y %H:%M") in text  # shown in the viewer's zone
    client.set_cookie("tz", "Not/AZone")
    assert client.get(f"/tickets/{ticket_id}").status_code == 200
    client.set_cookie("tz", "x" * 100)
    assert client.get(f"/tickets/{ticket_id}").status_code == 200


def test_the_dashboard_shows_charts_for_staff_only(make_ticket, auth, client, post):
    ticket_id = make_ticket("user")
    assert client.get("/dashboard").status_code == 403
    auth.logout()
    auth.login("support")
    text = client.get("/dashboard").get_data(as_text=True)
    assert text.count("<svg") == 4 and 'data-testid="median">—' in text
    post(f"/tickets/{ticket_id}/update", {"status": "in_progress"})
    post(f"/tickets/{ticket_id}/update", {"status": "resolved"})
    text = client.get("/dashboard").get_data(as_text=True)
    assert 'data-testid="median">0.0 h' in text
    assert 'data-testid="total">1<' in text
    post("/language", {"lang": "de"})
    german = client.get("/dashboard").get_data(as_text=True)
    assert "Eröffnet" in german and "Tickets nach Status" in german
    assert re.search(r'class="chart-label">Week \d{1,2}</text>', text)
    # ISO week numbers ("KW 38", as a German calendar says), a decimal comma.
    assert re.search(r'class="chart-label">KW \d{1,2}</text>', german)
    assert 'data-testid="median">0,0 Std.' in german


def test_median_over_an_even_number_of_tickets(db):
    from micro import queries

    db.execute("INSERT INTO tickets (title, category, priority, status, created_by, "
               "created_at, updated_at, last_updated_by, resolved_at) VALUES "
               "('a', 'bug', 'low', 'resolved', 1, '2026-01-01T00:00:00Z', 'x', 1, "
               "'2026-01-01T02:00:00Z'), ('b', 'bug', 'low', 'resolved', 1, "
               "'2026-01-01T00:00:00Z', 'x', 1, '2026-01-03T00:00:00Z')")
    assert queries.median_resolution_hours(db) == pytest.approx(25.0)


def test_a_broken_connection_is_replaced_on_the_next_request(app, auth, client):
    from micro import db as micro_db

    auth.login("user")
    _path, connection = micro_db._local.connection
    connection.close()  # as if the database file had gone away under the worker
    assert client.get("/tickets").status_code == 500
    assert client.get("/tickets").status_code == 200


def test_every_message_has_a_german_translation():
    """Strings in code and templates, and the rule messages of domain.py, are all in the
    German catalog (which is built into the instance folder at start)."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    import micro

    root = Path(micro.__file__).parent
    with (root / "translations/de/LC_MESSAGES/messages.po").open("rb") as source:
        catalog = read_po(source)
    method_map = [("**/tests/**", "ignore"), ("**.py", "python"),
                  ("**/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None,
                "DomainError": None}
    missing = []
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(root), method_map=method_map, keywords=keywords):
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(key)
    assert missing == []


@pytest.mark.speedups
def test_templates_escape_output_and_keep_markup(app):
    """The compiled templates escape through templating.escape_output: text is escaped, and
    Markup (a translation, a built widget) is passed on unchanged."""
    from markupsafe import Markup

    from micro.templating import escape_output

    safe = Markup("<b>bold</b>")
    assert escape_output(safe) is safe
    assert escape_output("<script>alert('x')</script>") == \
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    assert escape_output(None) == "None" and escape_output(3) == "3"
    template = app.jinja_env.from_string("{{ text }}|{{ markup }}")
    assert "escape_output as escape" in app.jinja_env.compile(
        "{{ text }}", raw=True)
    assert template.render(text="<i>&", markup=safe) == "&lt;i&gt;&amp;|<b>bold</b>"
