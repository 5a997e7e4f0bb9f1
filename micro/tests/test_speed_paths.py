"""What the speed work must not change: constant pieces of a page ({% constant %}) are
shared only by viewers who would see the same text, the navbar's unread count read with
the account still counts what the request itself changed, and a session cookie seen
before is taken again only in exactly the same text."""

from __future__ import annotations

import re

import pytest
from jinja2 import TemplateSyntaxError

NAV_LINK = re.compile(r'<a class="nav-link" href="([^"]+)">([^<]+)</a>')


def nav_links(page: str) -> list[tuple[str, str]]:
    return NAV_LINK.findall(page)


def test_constant_pieces_never_mix_roles_languages_or_people(make_ticket, auth, client):
    make_ticket("user")  # a list with a table in it, for everyone
    pages = {}
    for username, language in (("admin", "en"), ("user", "de"), ("support", "en"),
                               ("user", "en"), ("admin", "de")):
        auth.logout()
        client.set_cookie("lang", language)
        auth.login(username)
        pages[username, language] = client.get("/tickets").get_data(as_text=True)

    assert nav_links(pages["admin", "en"]) == [
        ("/tickets", "Tickets"), ("/tickets/new", "New ticket"),
        ("/dashboard", "Dashboard"), ("/admin/users", "Users")]
    assert nav_links(pages["support", "en"]) == [
        ("/tickets", "Tickets"), ("/tickets/new", "New ticket"), ("/dashboard", "Dashboard")]
    assert nav_links(pages["user", "en"]) == [
        ("/tickets", "Tickets"), ("/tickets/new", "New ticket")]
    assert [text for _url, text in nav_links(pages["user", "de"])] == \
        ["Tickets", "Neues Ticket"]
    assert [url for url, _text in nav_links(pages["admin", "de"])] == \
        ["/tickets", "/tickets/new", "/dashboard", "/admin/users"]
    for (username, language), page in pages.items():
        assert f"{username} · " in page  # the account menu names the viewer ...
        others = {"admin", "user", "support"} - {username}
        assert not any(f">{other} · " in page for other in others)  # ... and nobody else
        assert ('value="en" lang="en">English' in page) == (language == "de")
        # The staff-only column header only for staff, in the viewer's language.
        creator_header = "Erstellt von" if language == "de" else "Created by"
        assert (f'd-none d-lg-table-cell">{creator_header}</th>' in page) == \
            (username != "user")


def test_constant_pieces_follow_the_script_root(auth, client):
    auth.login("support")
    assert 'href="/tickets/new"' in client.get("/tickets").get_data(as_text=True)
    page = client.get("/tickets", environ_overrides={"SCRIPT_NAME": "/helpdesk"})
    html = page.get_data(as_text=True)
    assert 'href="/helpdesk/tickets/new"' in html and 'href="/tickets/new"' not in html
    assert 'href="/helpdesk/static/app.css"' in html


@pytest.mark.parametrize("body", [
    "{{ current_user.username }}",
    "{{ request.full_path }}",
    "{{ csrf_token() }}",
    "{{ _('Page %(page)d', page=page) }}",
    "{% for row in rows %}{{ row }}{% endfor %}",
    "{% block inner %}{% endblock %}",
    "{% include 'error.html' %}",
    "{{ '2026-11-27T08:00:00Z'|local_time }}",
])
def test_a_constant_piece_refuses_what_may_differ_between_viewers(app, body):
    with pytest.raises(TemplateSyntaxError):
        app.jinja_env.from_string("{% constant %}" + body + "{% endconstant %}")


def test_a_constant_piece_is_keyed_only_by_plain_values(app):
    template = app.jinja_env.from_string(
        "{% constant role %}{{ _('Tickets') }} {{ role }}{% endconstant %}")
    with app.test_request_context("/"):
        assert template.render(role="admin") == "Tickets admin"
        assert template.render(role="user") == "Tickets user"
        with pytest.raises(TypeError):
            template.render(role={"name": "admin"})


def test_the_navbar_counts_the_ticket_just_opened_as_read(make_ticket, auth, client):
    first = make_ticket("user", title="Drucker kaputt")
    make_ticket("user", title="Monitor flackert")
    auth.logout()
    auth.login("support")
    assert 'data-testid="unread-count">2<' in client.get("/tickets").get_data(as_text=True)
    detail = client.get(f"/tickets/{first}").get_data(as_text=True)
    assert 'data-testid="unread-count">1<' in detail  # opening it just marked it read
    assert 'data-testid="unread-count">1<' in client.get("/tickets").get_data(as_text=True)


def test_a_session_cookie_seen_before_is_taken_only_unchanged(auth, client):
    auth.login("support")
    assert client.get("/tickets").status_code == 200
    cookie = client.get_cookie("micro_session").value
    assert client.get("/tickets").status_code == 200  # the same cookie again: still valid
    payload, stamp, signature = cookie.rsplit(".", 2)
    other = "A" if signature[0] != "A" else "B"  # the first character: all its bits count
    for forged in (f"{payload}.{stamp}.{other}{signature[1:]}",
                   f"{payload}x.{stamp}.{signature}"):
        client.set_cookie("micro_session", forged)
        response = client.get("/tickets")
        assert response.status_code == 302 and response.headers["Location"].startswith(
            "/login")


@pytest.mark.parametrize("payload", ['<img src=x onerror=alert(1)>', '"><script>x</script>',
                                     "' onmouseover='alert(1)"])
def test_a_prebuilt_list_row_escapes_every_user_text(app, payload):
    """The list's rows are built as strings outside Jinja (and marked safe): every text a
    person typed must arrive escaped, in every column a viewer may see."""
    from datetime import UTC

    from micro.widgets import ticket_row

    columns = ("id", "title", "status", "priority", "category", "creator_name",
               "assignee_name", "updated_at", "unread")
    values = (7, payload, "new", "high", "bug", payload, payload, None, 1)
    with app.test_request_context():
        html = ticket_row(values, columns, True, "/tickets", payload, "en", UTC)
    assert "<img" not in html and "<script" not in html and "' on" not in html
    assert html.count("&lt;") + html.count("&quot;") + html.count("&#x27;") >= 4


def test_a_bounded_memo_empties_itself_when_full():
    from micro.memo import BoundedMemo

    memo: BoundedMemo[int, str] = BoundedMemo(2)
    assert memo.keep(1, "a") == "a" and memo.keep(2, "b") == "b"
    assert memo.keep(3, "c") == "c"
    assert memo == {3: "c"}  # the full memo was emptied before the third entry


def test_micro_speedups_0_runs_plain_flask_jinja_and_session(tmp_path, monkeypatch):
    """MICRO_SPEEDUPS=0: none of the hooks into Flask's dependencies is installed, and a
    constant piece is rendered every time."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface
    from jinja2.runtime import Context

    from micro import create_app, session, templating

    monkeypatch.setenv("MICRO_SPEEDUPS", "0")
    monkeypatch.setenv("MICRO_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"DATABASE": str(tmp_path / "micro.db")})
    assert type(app) is Flask and app.config["SPEEDUPS"] is False
    assert app.jinja_env.context_class is Context
    assert not issubclass(app.jinja_env.code_generator_class, templating.TemplateCodeGenerator)
    assert not isinstance(app.session_interface, session.SessionInterface)
    assert isinstance(app.session_interface, SecureCookieSessionInterface)
    renders = []
    app.jinja_env.globals["_"] = lambda _message: renders.append(1) or len(renders)
    template = app.jinja_env.from_string("{% constant %}{{ _('x') }}{% endconstant %}")
    with app.test_request_context():
        assert [template.render(), template.render()] == ["1", "2"]
