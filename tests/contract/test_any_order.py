"""A new user's first steps: one fresh clone, the editions started one after the other.

Issue #11: `./run` (Micro) worked, then `./run nano` died with "No module named
'streamlit'", because every edition's install stamp had the same name. This test clones
the committed HEAD into a temporary folder (so it sees what a person cloning gets, not this
working tree's edits or its `.venv`) and runs `./run nano`, `./run micro`, `./run native`
and plain `./run` there in turn, each until its health URL answers, then stops it. The
clone's first `./run` creates its `.venv`; uv's and npm's caches keep the installs quick.
Native gets a database and Redis key prefix of its own, dropped at the end.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.servers import free_port, stop_process, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = os.environ.get("NATIVE_TEST_ADMIN_URL",
                           "postgresql://postgres@127.0.0.1:5432/postgres")
RUN = os.getpid()
NATIVE_DB = f"helpdesk_any_order_{RUN}"
# Edition (as ./run takes it), health path, and how long its first start may take: the
# first creates the virtual environment, Native also installs and builds the SPA.
STARTS = [
    (["nano"], "/_stcore/health", 600),
    (["micro"], "/healthz", 600),
    (["native"], "/healthz", 1200),
    ([], "/healthz", 300),  # plain ./run: Micro
]


def drop_native_database() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{NATIVE_DB}" WITH (FORCE)')


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh clone of the committed HEAD, as a new user gets it."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    folder = tmp_path_factory.mktemp("clone") / "helpdesk"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(folder)],
                   check=True)
    subprocess.run(["git", "-C", str(folder), "checkout", "--quiet", "--detach", head],
                   check=True)
    yield folder
    drop_native_database()


def settings(data: Path) -> dict[str, str]:
    """Every edition's data away from the clone's defaults and from other test runs."""
    return {
        "HOST": "127.0.0.1",
        "NANO_DB_PATH": str(data / "tickets.db"),
        "MICRO_INSTANCE_PATH": str(data / "micro-instance"),
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{NATIVE_DB}",
        "REDIS_URL": os.environ.get("NATIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "RATELIMIT_KEY_PREFIX": f"helpdesk-any-order-{RUN}",
        "RQ_QUEUE": f"helpdesk-any-order-mail-{RUN}",
        "MAIL_ENABLED": "false",
        "WEB_CONCURRENCY": "1",
    }


def test_every_edition_starts_in_turn_on_one_fresh_clone(clone: Path, tmp_path: Path) -> None:
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("VIRTUAL_ENV", "PORT")}
    environment.update(settings(tmp_path))
    for arguments, health, timeout in STARTS:
        port = free_port()
        log_path = tmp_path / f"run-{'-'.join(arguments) or 'default'}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(["./run", *arguments], cwd=clone,
                                       env={**environment, "PORT": str(port)},
                                       stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}{health}", process, timeout)
        except RuntimeError as error:
            pytest.fail(f"./run {' '.join(arguments)}: {error}\n--- its output ---\n"
                        f"{log_path.read_text(errors='replace')[-4000:]}")
        finally:
            stop_process(process, port)
    # Each edition installed its own requirements (one stamp per requirements file).
    stamps = sorted(path.name.rsplit("-", 1)[0] for path in (clone / ".venv").glob(
        ".installed-*"))
    assert stamps == [".installed-micro_requirements", ".installed-nano_requirements",
                      ".installed-native_backend_requirements"]
