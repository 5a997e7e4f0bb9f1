"""The attacks of /work/shared/SECURITY.md against Native's data surface, one test (or a
small parametrized group) per attack class, through the API on the real PostgreSQL and
Redis (the fixtures of tests/native/api_harness.py, on a database of this module's own).
The sign-in and token attacks are in the authentication battery.

Each docstring says what the test catches."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator

import pytest

from tests.attacks import SQLI_PAYLOADS
from tests.native.api_harness import (  # noqa: F401 (fixtures, used by name)
    ADMIN_URL,
    TEST_DB,
    api,
    app,
    base_app,
    client,
    make_app,
    recreate_database,
    settings,
    sql,
)
from tests.native.spa import png_bytes

TICKETS = "/api/v1/tickets"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """This module's own database: the API tests' one may be in use by the same run."""
    import psycopg

    name = f"{TEST_DB}_battery"
    yield recreate_database(name)
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def upload(api, ticket_id: int, data: bytes, name: str, who: str = "user"):
    return api.post(f"{TICKETS}/{ticket_id}/attachments", who,
                    data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def theirs(api):
    """Another user's ticket with a reply and a file, as that user sees it."""
    api.create_user("other")
    ticket = api.create_ticket("other", title="Their secret ticket")
    api.post(f"{TICKETS}/{ticket['id']}/comments", "other", json={"body": "Their reply"})
    attachment = upload(api, ticket["id"], b"their file", "theirs.txt", "other").json
    return {"ticket": ticket, "attachment": attachment}


def snapshot(api, ticket_id: int) -> tuple:
    path = f"{TICKETS}/{ticket_id}"
    ticket = api.get(path, "admin").json
    return (ticket["title"], ticket["status"], ticket["version"],
            [c["body"] for c in api.get(f"{path}/comments", "admin").json["items"]],
            [a["id"] for a in api.get(f"{path}/attachments", "admin").json["items"]])


# --- 2. Broken access control ----------------------------------------------------------

def test_idor_on_tickets_comments_and_attachments_is_404_and_changes_nothing(api, theirs):
    """Catches any route reaching another user's ticket, reply or file by its id."""
    ticket_id, file_id = theirs["ticket"]["id"], theirs["attachment"]["id"]
    before = snapshot(api, ticket_id)
    path = f"{TICKETS}/{ticket_id}"
    for method, url, kwargs in [
        ("GET", path, {}), ("PATCH", path, {"json": {"title": "Mine now"}}),
        ("DELETE", path, {}), ("GET", f"{path}/comments", {}),
        ("POST", f"{path}/comments", {"json": {"body": "I was here"}}),
        ("GET", f"{path}/attachments", {}), ("GET", f"/api/v1/attachments/{file_id}", {}),
        ("DELETE", f"/api/v1/attachments/{file_id}", {}),
    ]:
        response = api.call(method, url, "user", **kwargs)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Their" not in response.get_data(as_text=True)
    assert upload(api, ticket_id, b"mine", "x.txt").status_code == 404
    assert snapshot(api, ticket_id) == before


def test_audit_by_id_is_for_admins_only(api, theirs):
    """Catches the audit log (before/after values of every change) open to non-admins."""
    query = {"entity_type": "ticket", "entity_id": theirs["ticket"]["id"]}
    for who, status in (("user", 403), ("support", 403), (None, 401)):
        assert api.get("/api/v1/audit", who, query_string=query).status_code == status
    assert api.get("/api/v1/audit", "admin", query_string=query).json["total"] >= 1


def test_lists_search_stats_and_export_leak_no_rows_and_no_internal_notes(api, theirs):
    """Catches a list, search, count or export showing what the detail view refuses."""
    mine = api.create_ticket(title="My ticket")
    api.post(f"{TICKETS}/{mine['id']}/comments", "support",
             json={"body": "zebraword internal", "internal": True})
    listed = api.get(TICKETS, "user").json
    assert [t["id"] for t in listed["items"]] == [mine["id"]] and listed["total"] == 1
    for words in ("secret", "Their", "zebraword"):
        assert api.get(TICKETS, "user", query_string={"q": words}).json["total"] == 0
    for name in ("created_by", "assignee"):
        other_id = theirs["ticket"]["created_by"]["id"]
        found = api.get(TICKETS, "user", query_string={name: other_id}).json
        assert found["items"] == []
    export = api.get(f"{TICKETS}/export.csv", "user").get_data(as_text=True)
    assert "My ticket" in export and "secret" not in export and "zebraword" not in export
    thread = api.get(f"{TICKETS}/{mine['id']}/comments", "user").json["items"]
    assert thread == []
    assert api.get("/api/v1/stats", "user").status_code == 403
    badge = api.get("/api/v1/notifications", "user").get_data(as_text=True)
    assert "zebraword" not in badge and "secret" not in badge


@pytest.mark.parametrize("field,value", [
    ("status", "closed"), ("assigned_to", 2), ("created_by", 1), ("role", "admin"),
    ("internal", True), ("id", 999), ("version", 7), ("last_updated_by", 1),
])
def test_mass_assignment_in_create_is_refused(api, field, value):
    """Catches a user setting staff-only or server-set fields when reporting a problem."""
    response = api.post(TICKETS, "user", json={"title": "x", "category": "bug", field: value})
    assert response.status_code == 422
    assert field in response.json["fields"]
    assert api.get(TICKETS, "admin").json["total"] == 0


@pytest.mark.parametrize("field,value", [
    ("status", "closed"), ("assigned_to", 2), ("priority", "high"), ("created_by", 1),
    ("role", "admin"), ("internal", True),
])
def test_mass_assignment_in_update_is_refused_and_changes_nothing(api, field, value):
    """Catches a user changing fields of their ticket that only staff (or nobody) may."""
    ticket = api.create_ticket()
    before = snapshot(api, ticket["id"])
    response = api.patch(f"{TICKETS}/{ticket['id']}", "user", json={field: value})
    assert response.status_code in (403, 422), response.json
    assert snapshot(api, ticket["id"]) == before


@pytest.mark.parametrize("field,value", [("author_id", 1), ("ticket_id", 1),
                                         ("internal", True), ("status", "closed")])
def test_mass_assignment_in_a_reply_is_refused(api, field, value):
    """Catches a user's reply posing as someone else's, or as a hidden note."""
    ticket = api.create_ticket()
    response = api.post(f"{TICKETS}/{ticket['id']}/comments", "user",
                        json={"body": "hello", field: value})
    assert response.status_code in (403, 422)
    assert api.get(f"{TICKETS}/{ticket['id']}/comments", "admin").json["items"] == []


def test_forged_ownership_the_creator_is_always_the_caller(api):
    """Catches a ticket created "as" someone else: the creator comes from the token."""
    forged = api.post(TICKETS, "user", json={"title": "x", "category": "bug", "created_by": 1})
    assert forged.status_code == 422
    ticket = api.create_ticket("user")
    assert ticket["created_by"]["username"] == "user"
    reply = api.post(f"{TICKETS}/{ticket['id']}/comments", "user", json={"body": "me"}).json
    assert reply["comment"]["author"]["username"] == "user"


ADMIN_ROUTES = [
    ("GET", "/api/v1/users", None),
    ("POST", "/api/v1/users", {"username": "intruder", "email": "i@example.com",
                               "password": "secret-pass-1", "role": "admin"}),
    ("GET", "/api/v1/users/1", None), ("PATCH", "/api/v1/users/1", {"role": "user"}),
    ("DELETE", "/api/v1/users/3", None), ("GET", "/api/v1/audit", None),
    ("DELETE", f"{TICKETS}/1", None),
]


@pytest.mark.parametrize("method,path,body", ADMIN_ROUTES)
def test_every_admin_route_refuses_user_support_and_anonymous(api, method, path, body):
    """Catches an admin route that checks only "signed in", or nothing."""
    api.create_ticket()
    for who, status in (("user", 403), ("support", 403), (None, 401)):
        response = api.call(method, path, who, json=body)
        assert response.status_code == status, (who, response.status_code)
    assert api.get(f"{TICKETS}/1", "admin").status_code == 200
    assert api.get("/api/v1/users/1", "admin").json["role"] == "admin"
    assert api.get("/api/v1/users", "admin").json["total"] == 3  # no account was added


def test_staff_routes_refuse_user_and_anonymous(api):
    """Catches the dashboard or the assignee list open to plain users."""
    for path in ("/api/v1/stats", "/api/v1/users/assignable"):
        assert api.get(path, "user").status_code == 403
        assert api.get(path).status_code == 401


# --- 4. SQL injection ------------------------------------------------------------------

@pytest.mark.parametrize("payload", SQLI_PAYLOADS)
def test_sql_injection_in_search_filters_sort_page_and_ids(api, payload):
    """Catches a parameter reaching SQL as text: a 500, a pg_sleep delay or extra rows."""
    api.create_user("other")
    api.create_ticket("other", title="Not yours")
    mine = api.create_ticket(title="Mine")
    for name in ("q", "status", "priority", "category", "assignee", "created_by", "sort",
                 "page", "per_page"):
        for path in (TICKETS, f"{TICKETS}/export.csv"):
            if path.endswith(".csv") and name in ("page", "per_page"):
                continue
            start = time.perf_counter()
            response = api.get(path, "user", query_string={name: payload})
            assert response.status_code in (200, 422), (name, response.status_code)
            assert time.perf_counter() - start < 4  # pg_sleep(5) would have run
            if response.status_code == 200:
                assert "Not yours" not in response.get_data(as_text=True)
    comments = api.get(f"{TICKETS}/{mine['id']}/comments", "user",
                       query_string={"before": payload, "limit": payload})
    assert comments.status_code == 422
    for name in ("action", "entity_type", "actor_id", "since"):
        audit = api.get("/api/v1/audit", "admin", query_string={name: payload})
        assert audit.status_code in (200, 422)
    assert api.get("/api/v1/users", "admin", query_string={"q": payload}).status_code in (200,
                                                                                       422)
    assert api.get(f"{TICKETS}/{payload}", "user").status_code in (404, 405)
    assert api.get(TICKETS, "admin").json["total"] == 2  # no table was dropped


# --- 6. CSRF ---------------------------------------------------------------------------

def test_cookie_authenticated_writes_need_the_double_submit_header(api, client):
    """Catches a write a foreign page could make with the browser's cookies alone."""
    ticket = api.create_ticket()
    assert client.post("/api/v1/auth/login", json={"username": "user",
                                                   "password": "user123"}).status_code == 200
    token = client.get_cookie("csrf_access_token").value
    path = f"{TICKETS}/{ticket['id']}"
    writes = [("POST", TICKETS, {"json": {"title": "CSRF", "category": "bug"}}),
              ("PATCH", path, {"json": {"title": "CSRF"}}),
              ("POST", f"{path}/comments", {"json": {"body": "CSRF"}}),
              ("POST", f"{path}/attachments", {"content_type": "multipart/form-data"})]
    before = snapshot(api, ticket["id"])
    for method, url, kwargs in writes:
        for headers in ({}, {"X-CSRF-TOKEN": "forged"}):
            if url.endswith("/attachments"):  # a fresh file each time: the client closes it
                kwargs["data"] = {"file": (io.BytesIO(b"x"), "x.txt")}
            response = client.open(url, method=method, headers=headers, **kwargs)
            assert response.status_code == 403, (method, url, headers)
            assert response.json["error"] == "csrf_failed"
    assert snapshot(api, ticket["id"]) == before
    assert api.get(TICKETS, "admin").json["total"] == 1
    accepted = client.patch(path, json={"title": "With token"}, headers={"X-CSRF-TOKEN": token})
    assert accepted.status_code == 200
    assert client.get(path).status_code == 200  # GET needs no token and changes nothing


# --- 7. CSV / formula injection --------------------------------------------------------

@pytest.mark.parametrize("payload", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR",
                                     '=HYPERLINK("http://evil.example","x")'])
def test_csv_formula_cells_are_neutralised_when_read_back(api, payload):
    """Catches a cell a spreadsheet would run as a formula."""
    api.create_ticket(title=payload, description=payload)
    text = api.get(f"{TICKETS}/export.csv", "user").get_data(as_text=True).lstrip("\ufeff")
    header, row = list(csv.reader(io.StringIO(text, newline="")))
    assert "password_hash" not in header and "email" not in header
    cells = dict(zip(header, row, strict=True))
    assert cells["Title"] == "'" + payload.strip() if payload.strip() == payload else True
    assert cells["Description"] == "'" + payload
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


# --- 5. Files --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../app.py", "..\\..\\x.txt", "%2e%2e%2fpasswd",
                                  "evil\x00.txt", "/etc/passwd"])
def test_path_traversal_names_are_only_metadata(api, sql, name):
    """Catches a file name used as a path: the bytes live in the database, by id."""
    ticket = api.create_ticket()
    response = upload(api, ticket["id"], b"plain text", name)
    assert response.status_code == 201
    stored = response.json["filename"]
    assert "/" not in stored and "\\" not in stored and "\x00" not in stored
    assert not stored.startswith(".")
    rows = sql("SELECT length(data) FROM attachments WHERE id = :id", id=response.json["id"])
    assert rows == [(len(b"plain text"),)]


@pytest.mark.parametrize("data,name", [
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "x.svg"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "x.html"),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', "x.xhtml"),
    (b"<script>alert(1)</script>", "x.js"), (b"javascript:alert(1)", "x.txt"),
    (png_bytes()[:16] + b"<html><script>alert(1)</script></html>", "x.png"),
    (png_bytes() + b"<script>alert(1)</script>", "polyglot.png"),
], ids=["svg", "html", "xhtml", "js", "javascript-url", "png-header-html", "png-polyglot"])
def test_active_content_is_refused_by_its_bytes(api, data, name):
    """Catches a file that would run in a browser: refused whatever its name says."""
    ticket = api.create_ticket()
    response = upload(api, ticket["id"], data, name)
    assert response.status_code == 422
    assert response.json["error"] == "file_type_refused"
    assert api.get(f"{TICKETS}/{ticket['id']}/attachments", "user").json["items"] == []


def test_oversize_upload_is_413_and_nothing_stored(make_app, sql):
    """Catches an upload over the limit being stored (or answered with a 500)."""
    small = make_app(AUTO_MIGRATE=False, MAX_ATTACHMENT_BYTES=1024).test_client()
    from tests.native.api_harness import Api

    api = Api(small)
    ticket = api.create_ticket()
    response = upload(api, ticket["id"], b"a" * 1025, "big.txt")
    assert response.status_code == 413
    assert set(response.json) == {"error", "code", "message", "fields", "field_errors", "params"}
    assert sql("SELECT count(*) FROM attachments") == [(0,)]


@pytest.mark.parametrize("data,content_type", [
    (b"plain text", "text/plain; charset=utf-8"), (png_bytes(), "image/png")])
def test_downloads_are_attachments_nosniff_and_sandboxed(api, data, content_type):
    """Catches a download a browser would render inline or sniff into HTML."""
    ticket = api.create_ticket()
    attachment = upload(api, ticket["id"], data, 'a"b<c>.txt').json
    download = api.get(f"/api/v1/attachments/{attachment['id']}", "user")
    assert download.status_code == 200 and download.data == data
    assert download.headers["Content-Type"] == content_type
    assert download.headers["Content-Disposition"].startswith("attachment; filename=")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"].startswith("sandbox")
