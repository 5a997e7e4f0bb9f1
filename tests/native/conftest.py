"""The Native API as a real gunicorn process on its own database, for tests that drive it
over HTTP like any client would (the schema-based fuzzer), and the same API serving the
built React app for the browser tests (`spa_server`)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from playwright.sync_api import Browser, expect

from tests.native.packaging import SECRETS_DIR, SECRETS_FILE, database_url, drop_database
from tests.native.spa import Api, Person
from tests.servers import ROOT

ADMIN_URL = os.environ.get("NATIVE_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# The process id keeps two test runs on one machine apart (database and Redis keys).
DATABASE = f"helpdesk_test_live_{os.getpid()}"
REDIS_URL = os.environ.get("NATIVE_TEST_LIVE_REDIS_URL", "redis://127.0.0.1:6379/14")
LIMITS_PREFIX = f"helpdesk-test-live-{os.getpid()}"


@pytest.fixture(scope="session", autouse=True)
def generated_secrets() -> Iterator[None]:
    """The servers started here generate their secrets (none is set) into SECRETS_FILE;
    it is removed when the session ends."""
    yield
    shutil.rmtree(SECRETS_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def native_server(launch_server):
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    env = {
        "PYTHONPATH": "native/backend",
        "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE,
        "REDIS_URL": REDIS_URL, "PASSWORD_TIME_COST": "1", "PASSWORD_MEMORY_KIB": "8192",
        "RATELIMIT_WRITES": "100000 per minute", "RATELIMIT_LOGIN_CLIENT": "10000 per minute",
        "MAIL_ENABLED": "false", "LOG_LEVEL": "WARNING", "RATELIMIT_KEY_PREFIX": LIMITS_PREFIX,
        "SECRETS_FILE": str(SECRETS_FILE),
    }
    base_url = launch_server(
        [sys.executable, "-m", "gunicorn", "--chdir", "native/backend", "--bind",
         "127.0.0.1:{port}", "--workers", "2",
         # Long generated URLs reach the app (gunicorn alone would answer 414 for them).
         "--limit-request-line", "0", "helpdesk.wsgi:app"],
        health_path="/readyz", env=env)
    yield base_url
    # FORCE: the server itself is stopped a moment later, by launch_server.
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def bearer(base_url: str, username: str, password: str) -> dict[str, str]:
    response = requests.post(f"{base_url}/api/v1/auth/token", timeout=10,
                             json={"username": username, "password": password})
    response.raise_for_status()
    return {"Authorization": "Bearer " + response.json()["access_token"]}


@pytest.fixture(scope="session")
def admin_headers(native_server):
    return bearer(native_server, "admin", "admin123")


@pytest.fixture(scope="session")
def support_headers(native_server):
    return bearer(native_server, "support", "support123")


@pytest.fixture(scope="session")
def user_headers(native_server):
    return bearer(native_server, "user", "user123")


# --- The React SPA in a real browser (tests/native/test_spa_*.py) -------------------------
# The API serves the built app itself (FRONTEND_DIST), on its own database and Redis DB.

SPA_DATABASE = f"helpdesk_test_spa_{os.getpid()}"
SPA_REDIS_URL = os.environ.get("NATIVE_TEST_SPA_REDIS_URL", "redis://127.0.0.1:6379/12")
SPA_LIMITS_PREFIX = f"helpdesk-test-spa-{os.getpid()}"
FRONTEND = Path(__file__).resolve().parents[2] / "native" / "frontend"


@pytest.fixture(scope="session")
def spa_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SPA built from the current sources (`build_frontend` rebuilds only when they
    changed), copied to a folder of this test run: another build rewriting dist/ while
    the tests run cannot swap the files under the server.

    NATIVE_TEST_SPA_DIST names an already built dist folder to use instead (a build of
    another checkout while this one is mid-edit)."""
    if os.environ.get("NATIVE_TEST_SPA_DIST"):
        given = Path(os.environ["NATIVE_TEST_SPA_DIST"])
        assert (given / "index.html").is_file(), f"{given} holds no built SPA"
        return given
    build = subprocess.run(
        ["bash", "-c", "source scripts/bootstrap.sh; source scripts/frontend.sh; build_frontend"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert build.returncode == 0, f"the front end did not build:\n{build.stdout}\n{build.stderr}"
    copy = tmp_path_factory.mktemp("spa") / "dist"
    shutil.copytree(FRONTEND / "dist", copy)
    # Every script and style the page loads came along (not a build half-written by another).
    assets = re.findall(r'(?:src|href)="/(assets/[^"]+)"', (copy / "index.html").read_text())
    assert assets and all((copy / asset).is_file() for asset in assets), assets
    return copy


def serve_spa(launch_server, spa_dist: Path, database: str, limits_prefix: str,
              **settings: str) -> str:
    """Start the API under gunicorn on a fresh `database`, serving the built SPA, with
    `settings` added to its environment: its base URL."""
    drop_database(database)
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    env = {
        "PYTHONPATH": "native/backend", "DATABASE_URL": database_url(database),
        "REDIS_URL": SPA_REDIS_URL, "RATELIMIT_KEY_PREFIX": limits_prefix,
        "FRONTEND_DIST": str(spa_dist), "CREATE_DEMO_ACCOUNTS": "true",
        "PASSWORD_TIME_COST": "1", "PASSWORD_MEMORY_KIB": "8192",
        "RATELIMIT_WRITES": "100000 per minute", "RATELIMIT_LOGIN_CLIENT": "10000 per minute",
        "RATELIMIT_LOGIN_ACCOUNT": "10000 per minute", "LOGIN_SLOWDOWN_SECONDS": "0",
        "MAIL_ENABLED": "false", "LOG_LEVEL": "WARNING", "SECRETS_FILE": str(SECRETS_FILE),
        **settings,
    }
    return launch_server(
        [sys.executable, "-m", "gunicorn", "--chdir", "native/backend", "--bind",
         "127.0.0.1:{port}", "--workers", "2", "--threads", "4", "helpdesk.wsgi:app"],
        health_path="/readyz", env=env)


@pytest.fixture(scope="session")
def spa_server(launch_server, spa_dist: Path) -> Iterator[str]:
    """The API under gunicorn on a fresh database, serving the built SPA: its base URL.

    Demo accounts admin/admin123, support/support123, user/user123; cheap argon2, no
    login slowdown and generous rate limits (the browser tests are not about them)."""
    yield serve_spa(launch_server, spa_dist, SPA_DATABASE, SPA_LIMITS_PREFIX)
    drop_database(SPA_DATABASE)  # FORCE: launch_server stops the server a moment later


LIVE_POLL_SECONDS = 2


@pytest.fixture(scope="session")
def live_spa_server(launch_server, spa_dist: Path) -> Iterator[str]:
    """Like `spa_server`, on a database of its own, with the notifications poll every
    LIVE_POLL_SECONDS: for the live-update tests (elsewhere a poll that fast would
    refresh a page under a test that is about a stale one)."""
    database = SPA_DATABASE + "_live"
    yield serve_spa(launch_server, spa_dist, database, SPA_LIMITS_PREFIX + "-live",
                    NOTIFICATIONS_POLL_SECONDS=str(LIVE_POLL_SECONDS))
    drop_database(database)


@contextlib.contextmanager
def people_on(browser: Browser, base_url: str) -> Iterator[Callable[..., Person]]:
    """`open_person(**context_options)`: a new browser context (English unless told) with a
    tab on `base_url`. At the end: no dialog opened, no CSP violation, no uncaught script
    error and no 5xx answer, in any of them."""
    people: list[Person] = []
    # Two shared cores and a build or benchmark beside the tests: give the SPA time.
    expect.set_options(timeout=15_000)

    def open_person(**context_args: Any) -> Person:
        context = browser.new_context(**{"locale": "en-US", "timezone_id": "Europe/Berlin",
                                         **context_args})
        people.append(Person(context, base_url))
        return people[-1]

    yield open_person
    expect.set_options(timeout=5_000)  # Playwright's default, for the other editions' tests
    for someone in people:
        someone.context.close()
    assert [d for p in people for d in p.dialogs] == [], "a script ran and opened a dialog"
    assert [e for p in people for e in p.csp_violations] == [], "the page broke its own CSP"
    assert [e for p in people for e in p.script_errors] == [], "uncaught script errors"
    assert [e for p in people for e in p.server_errors] == [], "the server answered 5xx"


@pytest.fixture
def person(browser: Browser, spa_server: str) -> Iterator[Callable[..., Person]]:
    """`person(**context_options)`: someone in a browser of their own (see people_on)."""
    with people_on(browser, spa_server) as open_person:
        yield open_person


@pytest.fixture
def live_person(browser: Browser, live_spa_server: str) -> Iterator[Callable[..., Person]]:
    """`person`, on the server with the fast poll."""
    with people_on(browser, live_spa_server) as open_person:
        yield open_person


@pytest.fixture(scope="session")
def admin_api(spa_server: str) -> Api:
    return Api(spa_server, "admin", "admin123")
