"""Moving up and back down without losing anything (issue #15): a generated help desk
(tests/archive_data.py: hundreds of tickets, Unicode and markup, internal notes, every
status, unread marks, scrypt and argon2id hashes) goes Nano → Micro → Native → Micro →
Nano and ends with the same records; every exported file is checked against the contract
with the reference validator, and people log in with their original passwords at every
step (each edition re-hashes to its own scheme at that log-in).

Real parts: Nano's and Micro's SQLite files, a PostgreSQL database of its own for Native,
Redis.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests import archive_data
from tests.native.api_harness import ADMIN_URL, recreate_database, settings_for

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
NATIVE_DB = f"helpdesk_test_round_trip_{os.getpid()}"  # two runs on one machine apart


@pytest.fixture(scope="module")
def data() -> archive_data.DataSet:
    return archive_data.generate(tickets=300, users=12)


@pytest.fixture
def native_url():
    url = recreate_database(NATIVE_DB)
    yield url
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{NATIVE_DB}" WITH (FORCE)')


def log_ins(data: archive_data.DataSet, before: set[str]) -> list[str]:
    """Everyone who logged in at an earlier step (their hash now the last edition's), the
    admin, and for each scheme an active account that still has its original hash."""
    users = [user for user in data.records["users"] if user["active"]]
    chosen = {"admin", *before}
    for prefix in ("scrypt$", "$argon2id$"):
        chosen.add(next(user["username"] for user in users if user["username"] not in before
                        and user["password_hash"].startswith(prefix)))
    return sorted(chosen)


class NanoStep:
    """nano/app.py as a module of its own, on its own database file (read at import)."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        folder.mkdir()
        self.db = folder / "tickets.db"
        monkeypatch.setenv("NANO_DB_PATH", str(self.db))
        monkeypatch.setenv("NANO_SCRYPT_N", "16")  # a test's cost; each hash names its own
        monkeypatch.delenv("NANO_DEMO_ACCOUNTS", raising=False)
        spec = importlib.util.spec_from_file_location(f"nano_{folder.name}",
                                                      ROOT / "nano" / "app.py")
        assert spec is not None and spec.loader is not None
        self.nano = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, spec.name, self.nano)  # its dataclasses look it up
        spec.loader.exec_module(self.nano)
        self.nano.init_db(self.db)

    def load(self, path: Path) -> None:
        self.nano.import_archive(path, db_path=self.db)

    def log_in(self, username: str, password: str) -> bool:
        try:
            self.nano.authenticate(username, password, None)
        except self.nano.RuleError:
            return False
        return True

    def save(self, path: Path) -> Path:
        self.nano.export_archive(path, db_path=self.db)
        return path


class MicroStep:
    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from micro import create_app

        monkeypatch.setenv("MICRO_INSTANCE_PATH", str(folder / "instance"))
        monkeypatch.delenv("MICRO_ENV", raising=False)
        monkeypatch.delenv("MICRO_SECRET_KEY", raising=False)
        self.app = create_app({"DATABASE": str(folder / "micro.db"), "ARGON2_PARAMETERS": {
            "time_cost": 1, "memory_cost": 8, "parallelism": 1}})

    def load(self, path: Path) -> None:
        from micro import archive

        archive.import_archive(self.app.config["DATABASE"], path)

    def log_in(self, username: str, password: str) -> bool:
        client = self.app.test_client()
        page = client.get("/no-such-page-for-a-token").get_data(as_text=True)
        response = client.post("/login", data={"username": username, "password": password,
                                               "csrf_token": TOKEN.search(page).group(1)})
        return response.status_code == 302

    def save(self, path: Path) -> Path:
        from micro import archive

        archive.export_archive(self.app.config["DATABASE"], path)
        return path


class NativeStep:
    def __init__(self, url: str) -> None:
        from helpdesk import create_app

        self.app = create_app(settings_for(url))

    def load(self, path: Path) -> None:
        from helpdesk.archive import importer
        from helpdesk.archive.reader import Archive

        with self.app.app_context(), Archive(path) as archive, \
                self.app.extensions["db_sessionmaker"]() as session:
            importer.load(session, archive, self.app.config)
            session.commit()

    def log_in(self, username: str, password: str) -> bool:
        response = self.app.test_client().post(
            "/api/v1/auth/token", json={"username": username, "password": password})
        return response.status_code == 200

    def save(self, path: Path) -> Path:
        from helpdesk.archive.export import export_archive

        buffer = io.BytesIO()
        with self.app.app_context(), self.app.extensions["db_sessionmaker"]() as session:
            export_archive(session, buffer)
        path.write_bytes(buffer.getvalue())
        return path

    def close(self) -> None:
        self.app.extensions["db_engine"].dispose()
        self.app.extensions["redis"].close()


def without_hashes(records: dict[str, list[dict]], of: set[str]) -> dict[str, list[dict]]:
    """The records with the password hash of the accounts in `of` (re-hashed at log-in)
    left out, and Native's defaults for the two settings the smaller editions keep none of
    read as "none"."""
    users = []
    for user in records["users"]:
        user = dict(user)
        if user["username"] in of:
            user.pop("password_hash")
        users.append(user)
    return {**records, "users": users}


def step(edition: Any, source: Path, target: Path, data: archive_data.DataSet,
         logged_in: set[str]) -> dict[str, list[dict]]:
    edition.load(source)
    for username in log_ins(data, set(logged_in)):
        assert not edition.log_in(username, "wrong password"), username
        assert edition.log_in(username, data.passwords[username]), (type(edition), username)
        logged_in.add(username)
    _manifest, records = archive_data.validated_records(edition.save(target))
    return records


def native_as_smaller(records: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Native keeps a language and a mail setting per person; the generated data (from
    Nano) has none, so Native gives its defaults, which the smaller editions drop again."""
    users = []
    for user in records["users"]:
        assert (user["language"], user["email_notifications"]) == ("en", True)
        users.append({**user, "language": None, "email_notifications": None})
    return {**records, "users": users}


def test_nano_micro_native_micro_nano_ends_with_the_same_data(data, native_url, tmp_path,
                                                             monkeypatch):
    assert data.counts()["tickets"] >= 300
    source = archive_data.write(tmp_path / "generated.zip", data)
    logged_in: set[str] = set()
    expected = data.records

    def same(records: dict[str, list[dict]]) -> None:
        assert without_hashes(records, logged_in) == without_hashes(expected, logged_in)

    same(step(NanoStep(tmp_path / "nano-1", monkeypatch), source, tmp_path / "1-nano.zip",
              data, logged_in))
    same(step(MicroStep(tmp_path / "micro-1", monkeypatch), tmp_path / "1-nano.zip",
              tmp_path / "2-micro.zip", data, logged_in))
    native = NativeStep(native_url)
    try:
        records = step(native, tmp_path / "2-micro.zip", tmp_path / "3-native.zip", data,
                       logged_in)
    finally:
        native.close()
    same(native_as_smaller(records))
    same(step(MicroStep(tmp_path / "micro-2", monkeypatch), tmp_path / "3-native.zip",
              tmp_path / "4-micro.zip", data, logged_in))
    records = step(NanoStep(tmp_path / "nano-2", monkeypatch), tmp_path / "4-micro.zip",
                   tmp_path / "5-nano.zip", data, logged_in)
    same(records)
    # Everyone who logged in on the way now has Nano's own scheme again.
    hashes = {user["username"]: user["password_hash"] for user in records["users"]}
    assert len(logged_in) >= 9
    assert all(hashes[name].startswith("scrypt$") for name in logged_in)
