"""Nano's export and import (docs/archive-format.md): a round trip within Nano and Nano →
Micro → Nano keeps every record and each person's unread tickets, every exported file
matches the contract's schema, the original passwords log in (argon2id ones re-hashed to
scrypt), and every bad archive or non-empty database is refused with a clear message and
nothing changed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import archive_data

APP = Path(__file__).resolve().parent.parent / "app.py"
TABLES = ("users", "tickets", "comments", "ticket_changes", "activity", "ticket_reads")


@pytest.fixture(scope="module")
def data() -> archive_data.DataSet:
    return archive_data.generate(tickets=300, users=12)


@pytest.fixture
def source(tmp_path, data) -> Path:
    return archive_data.write(tmp_path / "source.zip", data, "micro")


def dump(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()  # noqa: S608
                for table in TABLES}
    finally:
        db.close()


def unread_by_person(nano, db_path: Path) -> dict[str, set[int]]:
    """What each account's badge counts, by Nano's own query (UNREAD_ACTIVITY)."""
    with nano.connect(db_path) as db:
        users = db.execute("SELECT * FROM users").fetchall()
        tickets = [row[0] for row in db.execute("SELECT id FROM tickets")]
        return {user["username"]: nano.unread_ticket_ids(db, nano.actor_from(user), tickets)
                for user in users}


def fresh_nano(nano, path: Path) -> Path:
    nano.init_db(path)
    return path


def test_round_trip_within_nano(nano, nano_env, source, data, tmp_path):
    counts, notes = nano.import_archive(source)
    assert counts == data.counts() and notes == []
    exported = tmp_path / "nano.zip"
    assert nano.export_archive(exported) == data.counts()
    manifest, records = archive_data.validated_records(exported)
    assert manifest["source_edition"] == "nano"
    assert records == data.records


def test_nano_micro_nano_keeps_everything(nano, source, data, tmp_path, monkeypatch):
    from micro import archive as micro_archive
    from micro import create_app

    nano.import_archive(source)
    first = tmp_path / "1-nano.zip"
    nano.export_archive(first)
    monkeypatch.setenv("MICRO_INSTANCE_PATH", str(tmp_path / "micro"))
    micro = create_app({"DATABASE": str(tmp_path / "micro.db"),
                        "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 8,
                                              "parallelism": 1}})
    micro_archive.import_archive(micro.config["DATABASE"], first)
    second = tmp_path / "2-micro.zip"
    micro_archive.export_archive(micro.config["DATABASE"], second)
    again = fresh_nano(nano, tmp_path / "again.db")
    nano.import_archive(second, db_path=again)
    third = tmp_path / "3-nano.zip"
    nano.export_archive(third, db_path=again)
    for path in (first, second, third):
        assert archive_data.validated_records(path)[1] == data.records, path.name
    assert unread_by_person(nano, again) == unread_by_person(nano, nano.DB_PATH)


def test_each_persons_unread_tickets_arrive(nano, source, data):
    nano.import_archive(source)
    names = {user["id"]: user["username"] for user in data.records["users"]}
    expected = {name: set() for name in names.values()}
    for mark in data.records["unread"]:
        expected[names[mark["user_id"]]].add(mark["ticket_id"])
    assert unread_by_person(nano, nano.DB_PATH) == expected


def test_a_help_desk_made_through_nanos_actions_survives(nano, tmp_path):
    """The activity log and read marks Nano's own actions wrote, carried over."""
    admin = nano.authenticate("admin", "admin123", None)
    support = nano.authenticate("support", "support123", None)
    reporter = nano.authenticate("user", "user123", None)
    nano.register_user("zoe", "zoe@example.com", "user", "Zoe-password-1")
    zoe = nano.authenticate("zoe", "Zoe-password-1", None)
    first = nano.create_ticket(reporter, "Drucker <b>kaputt</b>", "Grüße 🎉", "bug", "high")
    second = nano.create_ticket(zoe, "VPN", "**fett**", "support", "low")
    third = nano.create_ticket(reporter, "Maus", "", "feature", "medium")
    nano.add_reply(support, first, "Wir schauen nach.", new_status="in_progress")
    nano.add_reply(support, first, "Nur für uns", internal=True)
    nano.edit_ticket(admin, second, priority="high", category="bug", assigned_to=support.id)
    nano.add_reply(admin, second, "", new_status="in_progress")
    nano.add_reply(admin, second, "Erledigt", new_status="resolved")
    nano.change_status(zoe, second, "closed")
    nano.open_ticket(admin, third)
    nano.add_reply(reporter, third, "Noch da?")
    before = unread_by_person(nano, nano.DB_PATH)
    assert before["user"] == {first} and before["zoe"] == set()  # she closed it last
    assert before["admin"] == {first, second, third}
    nano.export_archive(tmp_path / "a.zip")
    again = fresh_nano(nano, tmp_path / "again.db")
    nano.import_archive(tmp_path / "a.zip", db_path=again)
    assert unread_by_person(nano, again) == before
    nano.export_archive(tmp_path / "b.zip", db_path=again)
    assert (archive_data.validated_records(tmp_path / "a.zip")[1]
            == archive_data.validated_records(tmp_path / "b.zip")[1])


@pytest.mark.parametrize("scheme", ["scrypt$", "$argon2id$"])
def test_original_passwords_log_in_and_become_scrypt(nano, source, data, scheme):
    nano.import_archive(source)
    user = next(u for u in data.records["users"]
                if u["active"] and u["password_hash"].startswith(scheme))
    password = data.passwords[user["username"]]
    with pytest.raises(nano.RuleError):
        nano.authenticate(user["username"], password + "x", None)
    assert nano.authenticate(user["username"], password, None).id == user["id"]
    with nano.connect() as db:
        stored = nano.get_user(db, user["id"])["password_hash"]
    assert stored.startswith("scrypt$")
    if scheme == "scrypt$":
        assert stored == user["password_hash"]  # already Nano's: kept as it was
    assert nano.authenticate(user["username"], password, None).id == user["id"]


def test_a_broken_or_too_costly_argon2_hash_logs_nobody_in(nano):
    assert not nano.verify_password("x", "$argon2id$v=19$m=8,t=1,p=1$broken$hash")
    costly = archive_data.CHEAP_ARGON2.hash("x").replace("m=8,", "m=4194304,")
    assert not nano.verify_password("x", costly)  # would need 4 GiB


def test_a_deactivated_account_stays_deactivated(nano, source, data):
    nano.import_archive(source)
    user = next(u for u in data.records["users"] if not u["active"])
    with pytest.raises(nano.RuleError) as refused:
        nano.authenticate(user["username"], data.passwords[user["username"]], None)
    assert refused.value.key == "error_inactive"


def test_the_commands_run_with_the_server_stopped(tmp_path, source, data):
    environment = {**os.environ, "NANO_DB_PATH": str(tmp_path / "cli.db")}
    environment.pop("NANO_DEMO_ACCOUNTS", None)

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(APP), *arguments], env=environment,
                              capture_output=True, text=True, timeout=120, check=False)

    loaded = run("import", str(source))
    assert loaded.returncode == 0, loaded.stderr
    assert f"Imported from {source}: 12 users, 300 tickets" in loaded.stdout
    written = run("export", str(tmp_path / "out.zip"))
    assert written.returncode == 0, written.stderr
    assert archive_data.validated_records(tmp_path / "out.zip")[1] == data.records
    refused = run("import", str(source))
    assert refused.returncode == 1
    assert "Error: The database is not empty: it holds 300 tickets" in refused.stderr


def test_the_command_in_process(nano, source, tmp_path, capsys):
    assert nano.archive_command(["import", str(source)]) == 0
    assert "Imported from" in capsys.readouterr().out
    assert nano.archive_command(["export", str(tmp_path / "o.zip")]) == 0
    assert "Exported to" in capsys.readouterr().out
    assert nano.archive_command(["import", str(tmp_path / "none.zip")]) == 1
    assert "Error: There is no file" in capsys.readouterr().err


def test_settings_nano_has_no_place_for_are_named(nano, data, tmp_path):
    users = [{**u, "language": "de", "email_notifications": False}
             for u in data.records["users"]]
    native = archive_data.DataSet({**data.records, "users": users}, data.passwords)
    _, notes = nano.import_archive(archive_data.write(tmp_path / "n.zip", native, "native"))
    assert notes == ["Nano keeps no per-person language or email notifications: those "
                     "settings of the archive's accounts are not carried over."]


def test_unread_marks_nano_cannot_show_are_named(nano, data, tmp_path):
    """Micro also marks e.g. a reassignment; Nano's badge counts no such activity."""
    reporter = next(u for u in data.records["users"] if u["role"] == "user")
    other = next(t for t in data.records["tickets"] if t["created_by"] != reporter["id"])
    unread = sorted([*data.records["unread"], {"user_id": reporter["id"],
                                               "ticket_id": other["id"]}],
                    key=lambda mark: (mark["user_id"], mark["ticket_id"]))
    micro = archive_data.DataSet({**data.records, "unread": unread}, data.passwords)
    _, notes = nano.import_archive(archive_data.write(tmp_path / "m.zip", micro, "micro"))
    assert notes == ["1 unread marks are on activity that Nano does not tell about (such as "
                     "a changed priority): those tickets show as read."]


def test_attachments_can_be_left_out_on_request(nano, source, tmp_path, data):
    path = archive_data.rewrite(source, tmp_path / "att.zip", archive_data.with_attachment)
    counts, notes = nano.import_archive(path, drop_attachments=True)
    assert notes == ["Left out 1 attachments (--drop-attachments)."]
    assert counts["attachments"] == 0 and counts["tickets"] == len(data.records["tickets"])


@pytest.mark.parametrize("case", archive_data.BROKEN_ARCHIVES)
def test_a_bad_archive_is_refused_and_nothing_changes(nano, source, tmp_path, case):
    change, damage, message = archive_data.BROKEN_ARCHIVES[case]
    path = archive_data.rewrite(source, tmp_path / "bad.zip", change) if change else source
    if damage:
        damage(path)
    before = dump(nano.DB_PATH)
    with pytest.raises(nano.ArchiveError) as refused:
        nano.import_archive(path)
    assert message.format(edition="Nano") in str(refused.value)
    assert dump(nano.DB_PATH) == before


def test_a_bad_count_and_bad_manifest_json_are_named(nano, source, tmp_path):
    def miscount(members):
        archive_data.fix_manifest(members)
        manifest = json.loads(members["manifest.json"])
        manifest["counts"]["comments"] += 1
        members["manifest.json"] = json.dumps(manifest).encode()

    with pytest.raises(nano.ArchiveError, match=r"comments.jsonl has \d+ lines; manifest"):
        nano.import_archive(archive_data.rewrite(source, tmp_path / "a.zip", miscount))

    def not_json(members):
        members["manifest.json"] = b"{"

    with pytest.raises(nano.ArchiveError, match=r"manifest\.json is not valid JSON"):
        nano.import_archive(archive_data.rewrite(source, tmp_path / "b.zip", not_json))

    def bad_stamp(members):
        manifest = json.loads(members["manifest.json"])
        manifest["exported_at"] = "yesterday"
        members["manifest.json"] = json.dumps(manifest).encode()

    with pytest.raises(nano.ArchiveError, match=r"manifest\.json: manifest\.exported_at must"):
        nano.import_archive(archive_data.rewrite(source, tmp_path / "c.zip", bad_stamp))


@pytest.mark.parametrize("arrange, message", [
    ("INSERT INTO tickets (title, category, priority, status, created_by, created_at, "
     "updated_at) VALUES ('x', 'bug', 'low', 'new', 1, 'a', 'a')", "it holds 1 tickets."),
    ("INSERT INTO users (username, email, role, password_hash, created_at) "
     "VALUES ('carla', 'c@example.com', 'user', 'x', 'a')",
     "it holds 1 accounts besides the untouched demo accounts (carla)."),
    ("UPDATE users SET default_password = 0 WHERE username = 'admin'",
     "it holds 1 accounts besides the untouched demo accounts (admin)."),
])
def test_a_database_in_use_is_refused(nano, source, arrange, message):
    with nano.connect() as db:
        db.execute(arrange)
    before = dump(nano.DB_PATH)
    with pytest.raises(nano.ArchiveError) as refused:
        nano.import_archive(source)
    assert "The database is not empty: " + message in str(refused.value)
    assert dump(nano.DB_PATH) == before


def test_without_the_schema_export_and_import_say_what_is_missing(nano, source, monkeypatch):
    monkeypatch.setattr(nano, "ARCHIVE_SCHEMA", Path("/nonexistent/archive.schema.json"))
    with pytest.raises(nano.ArchiveError, match="Export and import need /nonexistent/"):
        nano.import_archive(source)


def test_a_failed_export_leaves_no_half_file(nano, tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(OSError):
        nano.export_archive(tmp_path / "taken")
    assert not list(tmp_path.glob("*.partial"))


def test_a_terminal_sees_a_progress_bar(tmp_path, source):
    """On a terminal the import shows tqdm's bar; in a pipe (the tests above) it shows none."""
    environment = {**os.environ, "NANO_DB_PATH": str(tmp_path / "tty.db")}
    shown = archive_data.run_on_terminal([sys.executable, str(APP), "import", str(source)],
                                         environment)
    assert b"loading tickets:" in shown and b"0/300" in shown
