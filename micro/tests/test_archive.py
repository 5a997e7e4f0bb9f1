"""Micro's export and import (docs/archive-format.md): a round trip keeps every record, the
exported file matches the contract's schema, log-ins with the original passwords work (and
re-hash to argon2id), the search index covers what was loaded, and every bad archive or
non-empty database is refused with a clear message and nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from micro import archive, search_index
from micro.archive_format import ArchiveError
from micro.db import connect
from tests import archive_data

TABLES = ("users", "tickets", "comments", "ticket_changes", "notifications")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data() -> archive_data.DataSet:
    return archive_data.generate(tickets=300, users=12)


@pytest.fixture
def source(tmp_path, data) -> Path:
    return archive_data.write(tmp_path / "nano.zip", data)


def dump(database: str) -> dict[str, list[tuple]]:
    """Every row of every table an import writes to, for "nothing changed"."""
    db = connect(database)
    try:
        return {table: [tuple(row) for row in db.execute(
            f"SELECT * FROM {table} ORDER BY 1, 2")] for table in TABLES}  # noqa: S608
    finally:
        db.close()


def test_round_trip_keeps_every_record(app, source, data, tmp_path):
    report = archive.import_archive(app.config["DATABASE"], source)
    assert report.counts == data.counts()
    assert report.source_edition == "nano"
    exported = tmp_path / "micro.zip"
    counts = archive.export_archive(app.config["DATABASE"], exported)
    assert counts == data.counts()
    manifest, records = archive_data.validated_records(exported)
    assert manifest["source_edition"] == "micro"
    assert records == data.records  # ids, texts, timestamps, history and unread marks


def test_the_generated_data_has_what_the_issue_asks_for(data):
    records = data.records
    assert len(records["tickets"]) >= 300
    assert {t["status"] for t in records["tickets"]} == {"new", "in_progress", "resolved",
                                                         "closed"}
    assert any(c["internal"] for c in records["comments"])
    assert any("<script>" in c["body"] for c in records["comments"])
    assert any("🎉" in c["body"] for c in records["comments"])
    assert records["unread"]
    assert {u["password_hash"][:7] for u in records["users"]} == {"scrypt$", "$argon2"}


def test_unread_marks_arrive_as_each_persons_badge(app, source, data, db):
    archive.import_archive(app.config["DATABASE"], source)
    for user in data.records["users"]:
        expected = sum(mark["user_id"] == user["id"] for mark in data.records["unread"])
        assert db.execute("SELECT count(*) FROM notifications WHERE user_id = ?",
                          (user["id"],)).fetchone()[0] == expected


@pytest.mark.parametrize("scheme", ["scrypt$", "$argon2id$"])
def test_original_passwords_log_in_and_are_rehashed(app, auth, source, data, db, scheme):
    archive.import_archive(app.config["DATABASE"], source)
    user = next(u for u in data.records["users"]
                if u["active"] and u["password_hash"].startswith(scheme))
    password = data.passwords[user["username"]]
    assert auth.login(user["username"], "wrong password").status_code == 200
    assert auth.login(user["username"], password).status_code == 302
    stored = db.execute("SELECT password_hash, session_version FROM users WHERE id = ?",
                        (user["id"],)).fetchone()
    assert stored["password_hash"].startswith("$argon2id$")
    if scheme == "$argon2id$":
        assert stored["password_hash"] == user["password_hash"]  # nothing to redo
    auth.logout()
    assert auth.login(user["username"], password).status_code == 302


def test_a_broken_or_too_costly_scrypt_hash_logs_nobody_in(app):
    from micro import security

    assert not security.verify_scrypt("scrypt$16$8$1$%%%$abc", "x")
    costly = archive_data.scrypt_hash("x", b"salt").replace("scrypt$16$", "scrypt$2097152$")
    assert not security.verify_scrypt(costly, "x")  # would need 2 GiB
    assert security.verify_scrypt(archive_data.scrypt_hash("x", b"salt"), "x")


def test_a_deactivated_account_stays_deactivated(app, auth, source, data):
    archive.import_archive(app.config["DATABASE"], source)
    user = next(u for u in data.records["users"] if not u["active"])
    response = auth.login(user["username"], data.passwords[user["username"]])
    assert "deactivated" in response.get_data(as_text=True)


def test_the_search_index_covers_the_loaded_tickets(app, source, data, db):
    archive.import_archive(app.config["DATABASE"], source)
    word = "drucker"
    expected = {c["ticket_id"] for c in data.records["comments"]
                if word in c["body"].casefold()}
    expected |= {t["id"] for t in data.records["tickets"]
                 if word in (t["title"] + t["description"]).casefold()}
    search_index.collect_hits(db, word, (word,))
    assert {row[0] for row in db.execute("SELECT id FROM temp.search_hits")} == expected
    # the triggers are back: a new comment is found at once
    db.execute("INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
               "VALUES (1, 1, 'Quetzalcoatl', 0, '2026-12-01T00:00:00.000000Z')")
    search_index.collect_hits(db, "quetzalcoatl", ("quetzalcoatl",))
    assert [row[0] for row in db.execute("SELECT id FROM temp.search_hits")] == [1]


def test_the_demo_accounts_are_replaced(app, source, data, db):
    archive.import_archive(app.config["DATABASE"], source)
    names = {row[0] for row in db.execute("SELECT username FROM users")}
    assert names == {u["username"] for u in data.records["users"]}
    assert "support" not in names and "user" not in names


def test_the_commands_export_and_import(app, source, data, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", str(source)])
    assert result.exit_code == 0, result.output
    assert f"{len(data.records['tickets'])} tickets" in result.output
    exported = tmp_path / "out.zip"
    result = runner.invoke(args=["export", str(exported)])
    assert result.exit_code == 0, result.output
    assert f"Exported to {exported}" in result.output
    assert archive_data.validated_records(exported)[1] == data.records


def test_flask_import_runs_as_a_command_with_the_server_stopped(tmp_path, source):
    environment = {**os.environ, "MICRO_INSTANCE_PATH": str(tmp_path / "instance"),
                   "MICRO_DATABASE": str(tmp_path / "cli.db")}
    environment.pop("MICRO_ENV", None)
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "micro", "import",
                             str(source)], cwd=ROOT, env=environment, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Imported from" in result.stdout and "300 tickets" in result.stdout
    again = subprocess.run([sys.executable, "-m", "flask", "--app", "micro", "import",
                            str(source)], cwd=ROOT, env=environment, capture_output=True,
                           text=True, timeout=120, check=False)
    assert again.returncode == 1
    assert "The database is not empty: it holds 300 tickets" in again.stderr


def test_a_terminal_sees_a_progress_bar(tmp_path, source):
    """On a terminal the import shows tqdm's bar; in a pipe (the tests above) it shows none."""
    environment = {**os.environ, "MICRO_INSTANCE_PATH": str(tmp_path / "instance"),
                   "MICRO_DATABASE": str(tmp_path / "tty.db")}
    shown = archive_data.run_on_terminal(
        [sys.executable, "-m", "flask", "--app", "micro", "import", str(source)], environment)
    assert b"loading tickets:" in shown and b"0/300" in shown


def test_settings_micro_has_no_place_for_are_named(app, data, tmp_path):
    users = [{**u, "language": "de", "email_notifications": True}
             for u in data.records["users"]]
    with_settings = archive_data.DataSet({**data.records, "users": users}, data.passwords)
    report = archive.import_archive(app.config["DATABASE"],
                                    archive_data.write(tmp_path / "native.zip", with_settings))
    assert report.notes == [
        "Micro keeps no per-person language or e-mail setting: not carried over are the "
        "language of 12 and the e-mail notification setting of 12 accounts."]


def test_a_ticket_without_last_editor_shows_its_creator(app, data, tmp_path, db):
    tickets = [{**t, "last_updated_by": None} if t["id"] == 7 else t
               for t in data.records["tickets"]]
    changed = archive_data.DataSet({**data.records, "tickets": tickets}, data.passwords)
    report = archive.import_archive(app.config["DATABASE"],
                                    archive_data.write(tmp_path / "a.zip", changed))
    assert "1 tickets named nobody as their last editor: Micro shows their creator." \
        in report.notes
    row = db.execute("SELECT created_by, last_updated_by FROM tickets WHERE id = 7").fetchone()
    assert row[0] == row[1]


# --- refusals: a clear message, and nothing changed --------------------------------------
@pytest.mark.parametrize("case", archive_data.BROKEN_ARCHIVES)
def test_a_bad_archive_is_refused_and_nothing_changes(app, source, tmp_path, case):
    change, damage, message = archive_data.BROKEN_ARCHIVES[case]
    path = archive_data.rewrite(source, tmp_path / "bad.zip", change) if change else source
    if damage:
        damage(path)
    before = dump(app.config["DATABASE"])
    with pytest.raises(ArchiveError) as refused:
        archive.import_archive(app.config["DATABASE"], path)
    assert message.format(edition="Micro") in str(refused.value)
    assert dump(app.config["DATABASE"]) == before


def test_a_bad_count_is_named(app, source, tmp_path):
    def miscount(members):
        archive_data.fix_manifest(members)
        manifest = json.loads(members["manifest.json"])
        manifest["counts"]["comments"] += 1
        members["manifest.json"] = json.dumps(manifest).encode()

    path = archive_data.rewrite(source, tmp_path / "bad.zip", miscount)
    with pytest.raises(ArchiveError, match=r"comments.jsonl has \d+ lines; manifest.json "
                                           r"counts \d+"):
        archive.import_archive(app.config["DATABASE"], path)


def test_the_command_prints_the_refusal(app, source, tmp_path):
    result = app.test_cli_runner().invoke(args=["import", str(archive_data.truncate(source))])
    assert result.exit_code == 1
    assert "Error: " in result.output and "corrupted or truncated" in result.output
    missing = app.test_cli_runner().invoke(args=["import", str(tmp_path / "none.zip")])
    assert "There is no file" in missing.output


def test_attachments_can_be_left_out_on_request(app, source, tmp_path, data):
    path = archive_data.rewrite(source, tmp_path / "att.zip", archive_data.with_attachment)
    report = archive.import_archive(app.config["DATABASE"], path, drop_attachments=True)
    assert "Left out 1 attachments (--drop-attachments)." in report.notes
    assert report.counts["tickets"] == len(data.records["tickets"])
    result = app.test_cli_runner().invoke(args=["import", str(path), "--drop-attachments"])
    assert "The database is not empty" in result.output


@pytest.mark.parametrize("arrange, message", [
    ("INSERT INTO tickets (title, category, priority, status, created_by, created_at, "
     "updated_at, last_updated_by) VALUES ('x', 'bug', 'low', 'new', 1, 'a', 'a', 1)",
     "it holds 1 tickets."),
    ("INSERT INTO users (username, role, password_hash, created_at) "
     "VALUES ('carla', 'user', 'x', 'a')",
     "it holds 1 accounts besides the untouched demo accounts (carla)."),
    ("UPDATE users SET default_password = 0 WHERE username = 'admin'",
     "it holds 1 accounts besides the untouched demo accounts (admin)."),
])
def test_a_database_in_use_is_refused(app, source, db, arrange, message):
    db.execute(arrange)
    before = dump(app.config["DATABASE"])
    with pytest.raises(ArchiveError) as refused:
        archive.import_archive(app.config["DATABASE"], source)
    assert "The database is not empty: " + message in str(refused.value)
    assert "nothing was imported" in str(refused.value)
    assert dump(app.config["DATABASE"]) == before


def test_a_failed_export_leaves_no_half_file(app, tmp_path):
    (tmp_path / "taken").mkdir()  # the finished file cannot take this name
    with pytest.raises(OSError):
        archive.export_archive(app.config["DATABASE"], tmp_path / "taken")
    assert not list(tmp_path.glob("*.partial"))
    assert list((tmp_path / "taken").iterdir()) == []
