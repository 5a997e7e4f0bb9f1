"""GET and POST /api/v1/admin/archive: admins only, CSRF for browsers, size limit, audited,
clear errors; after an upload the sessions of the replaced accounts are over."""

from __future__ import annotations

import io
import random
import string

import pytest
from tests.native.archive_kit import build_archive, read_archive, small_help_desk

ARCHIVE = "/api/v1/admin/archive"


def upload(api, data: bytes, who: str | None = "admin", **kwargs):
    return api.post(ARCHIVE, who, content_type="multipart/form-data",
                    data={"file": (io.BytesIO(data), "helpdesk.zip")}, **kwargs)


@pytest.mark.parametrize("who", ["user", "support"])
def test_only_admins_may_export_or_import(api, sql, who):
    assert api.get(ARCHIVE, who).status_code == 403
    refused = upload(api, build_archive(small_help_desk()), who)
    assert refused.status_code == 403
    assert refused.json["error"] == "forbidden"
    assert sql("SELECT count(*) FROM users")[0][0] == 3
    assert api.get(ARCHIVE).status_code == 401
    assert upload(api, b"x", None).status_code == 401


def test_admin_downloads_the_whole_help_desk_and_it_is_audited(api, sql):
    ticket = api.create_ticket(title="Über <i>alles</i>")
    response = api.get(ARCHIVE, "admin")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="helpdesk-')
    manifest, records, _files = read_archive(response.data)
    assert manifest["counts"]["users"] == 3
    assert [row["title"] for row in records["tickets"]] == [ticket["title"]]
    assert {row["username"] for row in records["users"]} == {"admin", "support", "user"}
    entries = sql("SELECT actor_username, after FROM audit_log WHERE action = 'archive.export'")
    assert entries == [("admin", manifest["counts"])]


def test_admin_uploads_into_an_empty_help_desk(api, sql):
    old = api.headers("admin")
    response = upload(api, build_archive(small_help_desk()))
    assert response.status_code == 200, response.json
    body = response.json
    assert body["source_edition"] == "native"
    assert body["counts"]["tickets"] == 1
    assert "Loaded 1 tickets." in body["report"]
    assert sql("SELECT id, title FROM tickets") == [(17, "Drucker <b>klemmt</b> & piept")]
    entry = sql("SELECT actor_username, after->>'tickets' FROM audit_log "
                "WHERE action = 'archive.import'")
    assert entry == [("admin", "1")]
    # The demo admin is gone: its token must not open imported account 1 or any other.
    assert api.get("/api/v1/auth/me", headers=old).status_code == 401
    api.tokens.clear()
    api.token("anna.meier", "Anna-pass-1")
    assert api.get("/api/v1/tickets/17", "anna.meier").json["id"] == 17


def test_upload_into_a_database_in_use_is_409_and_changes_nothing(api, sql):
    api.create_ticket()
    response = upload(api, build_archive(small_help_desk()))
    assert response.status_code == 409
    assert response.json["error"] == "database_not_empty"
    assert "not empty" in response.json["message"]
    assert sql("SELECT count(*) FROM users")[0][0] == 3


def test_bad_upload_is_422_with_the_reason(api, sql):
    response = upload(api, b"PK\x03\x04 not really")
    assert response.status_code == 422
    assert response.json["error"] == "archive_refused"
    assert "zip" in response.json["message"]
    missing = api.post(ARCHIVE, "admin", content_type="multipart/form-data", data={})
    assert missing.status_code == 422
    assert missing.json["fields"] == {"file": "missing"}
    assert sql("SELECT count(*) FROM users")[0][0] == 3


def test_upload_larger_than_the_limit_is_413(make_app, app):
    limited = make_app(AUTO_MIGRATE=False, MAX_ARCHIVE_BYTES=2048)
    client = limited.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "admin", "password": "admin123"})
    headers = {"Authorization": "Bearer " + token.json["access_token"]}
    response = client.post(ARCHIVE, headers=headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"a" * 4096), "big.zip")})
    assert response.status_code == 413
    assert response.json["error"] == "too_large"


def test_browser_upload_needs_the_csrf_token(client, sql):
    client.post("/api/v1/auth/login", json={"username": "admin", "password": "admin123"})
    data = build_archive(small_help_desk())
    refused = client.post(ARCHIVE, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(data), "helpdesk.zip")})
    assert refused.status_code == 403
    assert refused.json["error"] == "csrf_failed"
    assert sql("SELECT count(*) FROM tickets")[0][0] == 0
    token = client.get_cookie("csrf_access_token").value
    accepted = client.post(ARCHIVE, content_type="multipart/form-data",
                           headers={"X-CSRF-TOKEN": token},
                           data={"file": (io.BytesIO(data), "helpdesk.zip")})
    assert accepted.status_code == 200, accepted.json


def test_the_archive_limit_is_its_own_not_the_attachment_limit(make_app, app, sql):
    limited = make_app(AUTO_MIGRATE=False, MAX_ATTACHMENT_BYTES=512,
                       MAX_ARCHIVE_BYTES=4 * 1024 * 1024)
    records = small_help_desk()
    noise = random.Random(15)
    for number in range(18, 30):  # text that deflate cannot shrink: an archive over 64 KB
        description = "".join(noise.choice(string.ascii_letters) for _ in range(19_000))
        records["tickets"].append({**records["tickets"][0], "id": number,
                                   "description": description})
    data = build_archive(records)
    assert len(data) > limited.config["MAX_ATTACHMENT_BYTES"] + 64 * 1024
    client = limited.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "admin", "password": "admin123"})
    response = client.post(ARCHIVE, content_type="multipart/form-data",
                           headers={"Authorization": "Bearer " + token.json["access_token"]},
                           data={"file": (io.BytesIO(data), "helpdesk.zip")})
    assert response.status_code == 200, response.json
    assert sql("SELECT count(*) FROM tickets")[0][0] == 13
