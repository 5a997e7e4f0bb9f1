"""Every kind of bad archive, and a database in use, gives a clear error and changes
nothing: the demo accounts are still there and still log in."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from tests.native.archive_kit import build_archive, replace_member, small_help_desk

from helpdesk.archive import importer
from helpdesk.archive.format import ArchiveError, NotEmpty
from helpdesk.archive.reader import Archive
from helpdesk.users.schemas import UserCreate
from helpdesk.users.service import create_user


def load(app, data: bytes) -> None:
    with app.app_context(), app.extensions["db_sessionmaker"]() as session:
        try:
            with Archive(io.BytesIO(data)) as archive:
                importer.load(session, archive, app.config)
                session.commit()
        finally:
            session.rollback()


def state(sql) -> list:
    return [sql("SELECT id, username, password_hash FROM users ORDER BY id"),
            sql("SELECT count(*) FROM tickets"), sql("SELECT count(*) FROM audit_log"),
            sql("SELECT count(*) FROM ticket_activity")]


def tickets_line(records) -> bytes:
    return b"".join(json.dumps(row).encode() + b"\n" for row in records["tickets"])


def broken(name: str) -> bytes:
    records = small_help_desk()
    good = build_archive(records)
    if name == "truncated":
        return good[: len(good) // 2]
    if name == "corrupt":
        middle = len(good) // 3
        return good[:middle] + bytes(b ^ 0xFF for b in good[middle:middle + 40]) + \
            good[middle + 40:]
    if name == "not a zip":
        return b"id,title\n1,Printer\n"
    if name == "wrong version":
        return build_archive(records, version=2)
    if name == "wrong format":
        return build_archive(records, format="something-else")
    if name == "checksum":
        changed = tickets_line(records).replace(b'"high"', b'"low"')
        return replace_member(good, "tickets.jsonl", changed)
    if name == "count":
        return build_archive(records, counts={**json.loads(zipfile.ZipFile(io.BytesIO(
            good)).read("manifest.json"))["counts"], "tickets": 2})
    if name == "schema":
        records["tickets"][0]["status"] = "waiting"
        return build_archive(records)
    if name == "missing member":
        source = zipfile.ZipFile(io.BytesIO(good))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for info in source.infolist():
                if info.filename != "unread.jsonl":
                    target.writestr(info, source.read(info))
        return buffer.getvalue()
    if name == "dangling reference":
        records["comments"][0]["ticket_id"] = 99
        return build_archive(records)
    if name == "duplicate id":
        records["comments"][1]["id"] = records["comments"][0]["id"]
        return build_archive(records)
    if name == "attachment bytes":
        records["attachments"] = [{"id": 1, "ticket_id": 17, "uploaded_by": 7,
                                   "filename": "a.txt", "content_type": "text/plain",
                                   "size": 5, "sha256": "0" * 64,
                                   "created_at": records["tickets"][0]["created_at"]}]
        return build_archive(records, files={1: b"hello"})
    if name == "unread of nobody":
        records["unread"].append({"user_id": 55, "ticket_id": 17})
        return build_archive(records)
    raise AssertionError(name)


CASES = {
    "truncated": "damaged or truncated", "corrupt": "damaged", "not a zip": "not a readable zip",
    "wrong version": "format version 2", "wrong format": "not a help-desk archive",
    "checksum": "checksum of tickets.jsonl does not match", "count": "manifest says 2",
    "schema": "tickets.jsonl line 1 does not match", "missing member": "no member unread.jsonl",
    "dangling reference": "refers to one the archive does not have",
    "duplicate id": "two records with the same key",
    "attachment bytes": "attachment 1 do not match", "unread of nobody": "account 55",
}


@pytest.mark.parametrize("name", CASES)
def test_bad_archive_is_refused_clearly_and_changes_nothing(app, api, sql, name):
    before = state(sql)
    with pytest.raises(ArchiveError) as refused:
        load(app, broken(name))
    assert CASES[name] in str(refused.value)
    assert state(sql) == before
    api.token("admin")  # the demo accounts still log in


@pytest.mark.parametrize("in_use", ["ticket", "account", "changed demo password"])
def test_a_database_in_use_is_refused(app, api, sql, in_use):
    if in_use == "ticket":
        api.create_ticket()
    elif in_use == "account":
        api.create_user("kim")
    else:
        response = api.post("/api/v1/auth/password", "user", json={
            "current_password": "user123", "new_password": "a-new-password"})
        assert response.status_code in (200, 204), response.json
    before = state(sql)
    with pytest.raises(NotEmpty) as refused:
        load(app, build_archive(small_help_desk()))
    message = str(refused.value)
    assert message.startswith("The database is not empty")
    assert ("1 tickets" if in_use == "ticket" else "accounts in use") in message
    assert state(sql) == before


def test_the_first_admin_from_the_settings_counts_as_untouched(app, make_app, sql):
    with_admin = make_app(AUTO_MIGRATE=False, ADMIN_USERNAME="boss",
                          ADMIN_PASSWORD="boss-pass-1")
    with with_admin.app_context(), with_admin.extensions["db_sessionmaker"]() as session:
        create_user(session=session, actor=None, data=UserCreate(
            username="boss", password="boss-pass-1", email="boss@example.com", role="admin"))
        session.commit()
    with pytest.raises(NotEmpty, match=r"accounts in use \(boss\)"):
        load(app, build_archive(small_help_desk()))  # another installation's first admin
    load(with_admin, build_archive(small_help_desk()))
    assert [row[0] for row in sql("SELECT username FROM users ORDER BY id")] == \
        ["anna.meier", "sam"]
