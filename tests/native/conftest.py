"""The Native API as a real gunicorn process on its own database, for tests that drive it
over HTTP like any client would (the schema-based fuzzer)."""

from __future__ import annotations

import os
import sys

import psycopg
import pytest
import requests

ADMIN_URL = os.environ.get("NATIVE_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# The process id keeps two test runs on one machine apart (database and Redis keys).
DATABASE = f"helpdesk_test_live_{os.getpid()}"
REDIS_URL = os.environ.get("NATIVE_TEST_LIVE_REDIS_URL", "redis://127.0.0.1:6379/14")
LIMITS_PREFIX = f"helpdesk-test-live-{os.getpid()}"


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
def user_headers(native_server):
    return bearer(native_server, "user", "user123")
