"""Each test gets its own app, database and instance folder, seeded with the demo accounts.

Helpers are fixtures (test modules cannot import each other in importlib mode): `auth`
logs in through the real form, `post` sends a form with a valid CSRF token, and
`make_ticket` creates a ticket through the real route as someone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from micro import create_app, env_flag
from micro.db import connect

CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With MICRO_SPEEDUPS=0 the suite proves the plain app behaves the same; a test of a
    speed trick itself (marked `speedups`) has nothing to check there."""
    if env_flag("MICRO_SPEEDUPS", True):
        return
    skip = pytest.mark.skip(reason="checks a speed trick; MICRO_SPEEDUPS=0 runs without")
    for item in items:
        if "speedups" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("MICRO_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("MICRO_ENV", raising=False)
    monkeypatch.delenv("MICRO_SECRET_KEY", raising=False)
    return create_app({"DATABASE": str(tmp_path / "micro.db"),
                       "ARGON2_PARAMETERS": CHEAP_ARGON2})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    """A direct connection for arranging and checking data (committed at once)."""
    connection = connect(app.config["DATABASE"])
    connection.isolation_level = None
    yield connection
    connection.close()


def csrf_token(client) -> str:
    # Every page carries a token in the language form; a 404 page is the cheapest one.
    page = client.get("/no-such-page-for-a-token").get_data(as_text=True)
    return TOKEN.search(page).group(1)


@pytest.fixture
def login_elsewhere(app) -> Callable:
    """Log the account in from a second browser; returns that browser's client."""

    def login(username: str, password: str | None = None):
        other = app.test_client()
        other.post("/login", data={"username": username,
                                   "password": password or f"{username}123",
                                   "csrf_token": csrf_token(other)})
        return other

    return login


@pytest.fixture
def post(client) -> Callable:
    def send(url: str, data: dict | None = None, **kwargs):
        return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)},
                           **kwargs)

    return send


class AuthActions:
    def __init__(self, client, post) -> None:
        self.client = client
        self.post = post

    def login(self, username: str = "user", password: str | None = None):
        password = password if password is not None else f"{username}123"
        return self.post("/login", {"username": username, "password": password})

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def auth(client, post) -> AuthActions:
    return AuthActions(client, post)


@pytest.fixture
def make_ticket(app, post, auth) -> Callable[..., int]:
    """Create a ticket as `username` through the route; returns its id and stays logged in."""

    def create(username: str = "user", title: str = "Drucker kaputt", **fields) -> int:
        auth.logout()
        auth.login(username)
        response = post("/tickets/new", {"title": title, "description": "",
                                         "category": "bug", "priority": "medium", **fields})
        assert response.status_code == 302, response.get_data(as_text=True)
        return int(response.headers["Location"].rsplit("/", 1)[1])

    return create


@pytest.fixture
def user_id(db) -> Callable[[str], int]:
    def find(username: str) -> int:
        return db.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()[0]

    return find


@pytest.fixture
def add_comments(db) -> Callable[..., None]:
    """Add `count` comments to a ticket straight into the table (the index's triggers
    run), by support: `body`, or filler text of `size` characters."""

    def add(ticket_id: int, count: int, *, body: str | None = None, size: int = 100,
            internal: bool = False) -> None:
        filler = ("wort " * (size // 5 + 1))[:size]
        db.executemany(
            "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
            "VALUES (?, 2, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            [(ticket_id, body or filler, int(internal))] * count)

    return add
