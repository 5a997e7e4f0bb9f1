from __future__ import annotations

import io
import struct
import zlib

import pytest

TINY_PNG = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(
    ">IIBBBBB", 1, 1, 8, 0, 0, 0, 0) + struct.pack(">I", zlib.crc32(b"IHDR")) +
    struct.pack(">I", 0) + b"IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32 + b"\xff\xd9"
GIF = b"GIF89a" + b"\x01\x00" * 8 + b";"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(api, ticket, data, name="file.png", who="user"):
    return api.post(f"/api/v1/tickets/{ticket['id']}/attachments", who,
                    data={"file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data")


@pytest.mark.parametrize("data,kind", [
    (TINY_PNG, "image/png"), (JPEG, "image/jpeg"), (GIF, "image/gif"), (PDF, "application/pdf"),
    ("Grüße aus dem Büro\n".encode(), "text/plain"),
])
def test_allowed_files_are_stored_and_downloaded_inert(api, data, kind):
    ticket = api.create_ticket()
    response = upload(api, ticket, data, "scan")
    assert response.status_code == 201, response.json
    assert response.json["content_type"] == kind
    assert response.json["size"] == len(data)
    download = api.get(f"/api/v1/attachments/{response.json['id']}", "support")
    assert download.status_code == 200
    assert download.data == data
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    listed = api.get(f"/api/v1/tickets/{ticket['id']}/attachments", "user").json["items"]
    assert [a["id"] for a in listed] == [response.json["id"]]


@pytest.mark.parametrize("data,name", [
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "x.svg"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "x.html"),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', "x.xhtml"),
    (TINY_PNG[:16] + b"<html><script>alert(1)</script></html>", "x.png"),
    (TINY_PNG + b"<script>alert(1)</script>", "polyglot.png"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "tool.exe"),
    (b"", "empty.txt"),
    (b"\x00\x01binary", "x.txt"),
])
def test_dangerous_or_unknown_content_is_refused_by_content(api, data, name):
    ticket = api.create_ticket()
    response = upload(api, ticket, data, name)
    assert response.status_code == 422
    assert response.json["error"] == "file_type_refused"


@pytest.mark.parametrize("name,stored", [
    ("../../app.py", "app.py"), ("..\\..\\x.txt", "x.txt"), ("%2e%2e%2fpasswd", "%2e%2e%2fpasswd"),
    ("evil\x00.txt", "evil.txt"),
    ("<img src=x onerror=alert(1)>.txt", "<img src=x onerror=alert(1)>.txt"),
    ("", "file"),
])
def test_names_are_only_metadata(api, name, stored):
    ticket = api.create_ticket()
    response = upload(api, ticket, b"plain text", name)
    assert response.status_code == 201, response.json
    assert response.json["filename"] == stored
    download = api.get(f"/api/v1/attachments/{response.json['id']}", "user")
    assert "attachment;" in download.headers["Content-Disposition"]
    assert "\n" not in download.headers["Content-Disposition"]


def test_oversize_upload_gets_413(make_app):
    app = make_app(AUTO_MIGRATE=False, MAX_ATTACHMENT_BYTES=1024)
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "user", "password": "user123"})
    headers = {"Authorization": "Bearer " + token.json["access_token"]}
    ticket = client.post("/api/v1/tickets", headers=headers,
                         json={"title": "big", "category": "bug"}).json
    path = f"/api/v1/tickets/{ticket['id']}/attachments"
    just_over = client.post(path, headers=headers, content_type="multipart/form-data",
                            data={"file": (io.BytesIO(b"a" * 1025), "big.txt")})
    assert just_over.status_code == 413
    assert just_over.json["error"] == "too_large"
    far_over = client.post(path, headers=headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"a" * 200_000), "huge.txt")})
    assert far_over.status_code == 413
    assert set(far_over.json) == {"error", "code", "message", "fields", "field_errors", "params"}


def test_missing_file_field(api):
    ticket = api.create_ticket()
    response = api.post(f"/api/v1/tickets/{ticket['id']}/attachments", "user",
                        data={"other": "x"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "file" in response.json["fields"]


def test_another_users_attachment_is_404(api):
    api.create_user("other")
    theirs = api.create_ticket("other")
    attachment = upload(api, theirs, b"secret", "secret.txt", who="other").json
    assert api.get(f"/api/v1/attachments/{attachment['id']}", "user").status_code == 404
    assert api.delete(f"/api/v1/attachments/{attachment['id']}", "user").status_code == 404
    assert api.get(f"/api/v1/tickets/{theirs['id']}/attachments", "user").status_code == 404
    assert upload(api, theirs, b"mine", "x.txt").status_code == 404
    assert api.get("/api/v1/attachments/999", "admin").status_code == 404


def test_delete_by_uploader_or_staff(api):
    ticket = api.create_ticket()
    first = upload(api, ticket, b"one", "1.txt", who="support").json
    second = upload(api, ticket, b"two", "2.txt").json
    assert api.delete(f"/api/v1/attachments/{first['id']}", "user").status_code == 403
    assert api.delete(f"/api/v1/attachments/{second['id']}", "user").status_code == 204
    assert api.delete(f"/api/v1/attachments/{first['id']}", "support").status_code == 204
    assert api.get(f"/api/v1/tickets/{ticket['id']}/attachments", "user").json["items"] == []
    audit = api.get("/api/v1/audit", "admin", query_string={"entity_type": "attachment"}).json
    assert {e["action"] for e in audit["items"]} == {"attachment.create", "attachment.delete"}


@pytest.mark.parametrize("data,header", [
    ("Grüße\n".encode(), "text/plain; charset=utf-8"), (TINY_PNG, "image/png"),
    (PDF, "application/pdf"),
])
def test_download_content_type_is_exact(api, data, header):
    """Catches `text/plain; charset=utf-8; charset=utf-8` (#17.6): the charset once."""
    ticket = api.create_ticket()
    attachment = upload(api, ticket, data, "file").json
    download = api.get(f"/api/v1/attachments/{attachment['id']}", "user")
    assert download.headers["Content-Type"] == header
