"""Archives for the tests: read one into plain records, build one from records (with
correct checksums, so a test can break exactly one thing), and a small valid help desk."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from typing import Any

from helpdesk.archive.format import MANIFEST, RECORDS
from helpdesk.archive.reader import Archive
from helpdesk.archive.writer import ArchiveWriter

T0 = "2026-11-27T08:15:00.123456Z"
T1 = "2026-11-27T09:30:00.000001Z"


def scrypt_hash(password: str, n: int = 2**12) -> str:
    """A hash exactly as Nano writes it (nano/app.py hash_password), at a test's cost."""
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    return "$".join(["scrypt", str(n), "8", "1", base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()])


def read_archive(data: bytes) -> tuple[dict[str, Any], dict[str, list[dict]], dict[int, bytes]]:
    """(manifest, records by type, attachment bytes by id)."""
    with Archive(io.BytesIO(data)) as archive:
        records = {name: list(archive.records(name)) for name in RECORDS}
        files = {row["id"]: archive.attachment(row["id"]) for row in records["attachments"]}
        return archive.manifest, records, files


def build_archive(records: dict[str, list[dict]], files: dict[int, bytes] | None = None,
                  **manifest: Any) -> bytes:
    """A well-formed archive of `records`; `manifest` entries replace the written ones."""
    buffer = io.BytesIO()
    writer = ArchiveWriter(buffer)
    for name in RECORDS:
        writer.write_records(name, records.get(name, []))
    for attachment_id, data in (files or {}).items():
        writer.write_attachment(attachment_id, data)
    written = writer.finish()
    if not manifest:
        return buffer.getvalue()
    return replace_member(buffer.getvalue(), MANIFEST,
                          json.dumps({**written, **manifest}).encode())


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name
                            else source.read(info.filename))
    return buffer.getvalue()


def small_help_desk(password_hash: str | None = None) -> dict[str, list[dict]]:
    """Two people, one ticket with a reply and a note, its status history, one unread."""
    user = {"id": 7, "username": "anna.meier", "email": "anna@example.com", "role": "user",
            "active": True, "password_hash": password_hash or scrypt_hash("Anna-pass-1"),
            "default_password": False, "language": None, "email_notifications": None,
            "created_at": T0}
    staff = {**user, "id": 9, "username": "sam", "email": "sam@example.com",
             "role": "support", "language": "de", "email_notifications": False}
    return {
        "users": [user, staff],
        "tickets": [{"id": 17, "title": "Drucker <b>klemmt</b> & piept", "description": "Büro Süd",
                     "category": "bug", "priority": "high", "status": "in_progress",
                     "created_by": 7, "assigned_to": 9, "last_updated_by": 9,
                     "created_at": T0, "updated_at": T1, "resolved_at": None}],
        "comments": [
            {"id": 3, "ticket_id": 17, "author_id": 9, "body": "Schau ich mir an 🙂",
             "internal": False, "created_at": T1},
            {"id": 4, "ticket_id": 17, "author_id": 9, "body": "<script>x</script> note",
             "internal": True, "created_at": T1}],
        "changes": [
            {"id": 1, "ticket_id": 17, "actor_id": 9, "field": "status", "old_value": "new",
             "new_value": "in_progress", "created_at": T1},
            {"id": 2, "ticket_id": 17, "actor_id": 9, "field": "assigned_to",
             "old_value": None, "new_value": "9", "created_at": T1}],
        "unread": [{"user_id": 7, "ticket_id": 17}],
        "attachments": [],
    }
