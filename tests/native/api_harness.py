"""Fixtures for the Native API's tests: a real PostgreSQL database and a real Redis.

native/backend/tests/conftest.py takes them all; the data security battery
(tests/native/test_security_battery_data.py) imports them with a database of its own.

The session creates the database `helpdesk_test_<pid>` (via the postgres superuser),
applies the migrations the way the app does on start, and every test starts from empty
tables, cleared Redis keys and the three demo accounts. Database, Redis key prefix and
queue name carry the process id, so two test runs on one machine do not collide.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from helpdesk import create_app
from helpdesk.users.service import seed_accounts
from rq import Queue
from sqlalchemy import text

ADMIN_URL = os.environ.get("NATIVE_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
RUN = os.getpid()
TEST_DB = f"helpdesk_test_{RUN}"
LIMITS_PREFIX = f"helpdesk-test-limits-{RUN}"
MAIL_QUEUE = f"helpdesk-test-mail-{RUN}"
REDIS_URL = os.environ.get("NATIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TABLES = "audit_log, ticket_views, ticket_activity, attachments, comments, tickets, users"
PASSWORDS = {"admin": "admin123", "support": "support123", "user": "user123"}
# The secrets the app generates on first start (no SECRET_KEY is set), kept out of the
# checkout's own instance folder.
SECRETS_DIR = os.path.join(tempfile.gettempdir(), f"helpdesk-test-secrets-{RUN}")


def recreate_database(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def settings_for(database_url: str, **overrides: Any) -> dict[str, Any]:
    return {
        "APP_ENV": "testing", "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL,
        "PASSWORD_TIME_COST": 1, "PASSWORD_MEMORY_KIB": 8192, "CREATE_DEMO_ACCOUNTS": True,
        "RATELIMIT_LOGIN_ACCOUNT": "5 per 15 minutes", "RATELIMIT_LOGIN_CLIENT": "30 per minute",
        "RATELIMIT_WRITES": "200 per minute", "MAIL_ENABLED": True, "LOG_LEVEL": "WARNING",
        "LOGIN_SLOWDOWN_SECONDS": 0,  # on only where a test is about it (it costs waiting)
        "RQ_QUEUE": MAIL_QUEUE, "RATELIMIT_KEY_PREFIX": LIMITS_PREFIX,
        "SECRETS_FILE": os.path.join(SECRETS_DIR, "secrets.env"), **overrides,
    }


def clear_redis(connection: redis.Redis) -> None:
    """Forget this run's rate-limit counters and queued mails (other runs keep theirs)."""
    for key in connection.scan_iter(match=f"*/{LIMITS_PREFIX}/*", count=1000):
        connection.delete(key)
    Queue(MAIL_QUEUE, connection=connection).empty()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    yield recreate_database(TEST_DB)
    shutil.rmtree(SECRETS_DIR, ignore_errors=True)
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)')


@pytest.fixture(scope="session")
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build another application on the test database with some settings changed."""
    apps: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        app = create_app(settings_for(database_url, **overrides))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["db_engine"].dispose()
        app.extensions["redis"].close()


@pytest.fixture(scope="session")
def fresh_database() -> Iterator[Callable[[str], str]]:
    """Create an empty database `helpdesk_test_<suffix>`; every one is dropped at the end."""
    made: list[str] = []

    def make(suffix: str) -> str:
        made.append(f"{TEST_DB}_{suffix}")
        return recreate_database(made[-1])

    yield make
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        for name in made:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def settings() -> Callable[..., dict[str, Any]]:
    return settings_for


@pytest.fixture(scope="session")
def base_app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def app(base_app: Flask) -> Iterator[Flask]:
    engine = base_app.extensions["db_engine"]
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    clear_redis(base_app.extensions["redis"])
    with base_app.app_context():
        from helpdesk.database import get_session

        session = get_session()
        seed_accounts(session, base_app.config)
        session.commit()
    yield base_app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def reset_redis(app: Flask) -> Callable[[], None]:
    return lambda: clear_redis(app.extensions["redis"])


class Api:
    """Signs people in as API clients and calls the API with their Bearer token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.tokens: dict[str, dict[str, Any]] = {}

    def token(self, username: str, password: str | None = None) -> dict[str, Any]:
        if username not in self.tokens:
            response = self.client.post("/api/v1/auth/token", json={
                "username": username, "password": password or PASSWORDS[username]})
            assert response.status_code == 200, response.json
            self.tokens[username] = response.json
        return self.tokens[username]

    def headers(self, username: str) -> dict[str, str]:
        return {"Authorization": "Bearer " + self.token(username)["access_token"]}

    def call(self, method: str, path: str, as_: str | None = None, **kwargs: Any):
        headers = {**(self.headers(as_) if as_ else {}), **kwargs.pop("headers", {})}
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def get(self, path: str, as_: str | None = None, **kwargs: Any):
        return self.call("GET", path, as_, **kwargs)

    def post(self, path: str, as_: str | None = None, **kwargs: Any):
        return self.call("POST", path, as_, **kwargs)

    def patch(self, path: str, as_: str | None = None, **kwargs: Any):
        return self.call("PATCH", path, as_, **kwargs)

    def delete(self, path: str, as_: str | None = None, **kwargs: Any):
        return self.call("DELETE", path, as_, **kwargs)

    def create_user(self, username: str, role: str = "user", password: str = "secret-pass-1",  # noqa: S107
                    **fields: Any) -> dict[str, Any]:
        response = self.post("/api/v1/users", "admin", json={
            "username": username, "email": f"{username}@example.com", "role": role,
            "password": password, **fields})
        assert response.status_code == 201, response.json
        PASSWORDS[username] = password
        return response.json

    def create_ticket(self, as_: str = "user", **fields: Any) -> dict[str, Any]:
        body = {"title": "Printer jams", "description": "Paper stuck", "category": "bug",
                **fields}
        response = self.post("/api/v1/tickets", as_, json=body)
        assert response.status_code == 201, response.json
        return response.json


@pytest.fixture
def api(client: FlaskClient) -> Api:
    return Api(client)


@pytest.fixture
def sql(app: Flask) -> Callable[..., list[Any]]:
    """Run SQL directly against the test database (checks behind the API's back)."""

    def run(statement: str, **params: Any) -> list[Any]:
        with app.extensions["db_engine"].begin() as connection:
            result = connection.execute(text(statement), params)
            return list(result) if result.returns_rows else []

    return run
