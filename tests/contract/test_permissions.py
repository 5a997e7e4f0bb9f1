"""The contract's role × action matrix, asked of every edition, and the rules that matter
most driven through each edition's action layer: a user cannot see, change or comment on
another user's ticket, and support cannot manage users.

Nano's actions and Micro's services run on a real SQLite file, Native's services on a
PostgreSQL database of this run's own (dropped at the end).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import psycopg
import pytest

from tests.contract.editions import contract, nano_module

EDITIONS = ("nano", "micro", "native")
ADMIN_URL = os.environ.get("NATIVE_TEST_ADMIN_URL",
                           "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("NATIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RUN = os.getpid()
OWNER_ID, STRANGER_ID = 7, 8


def actions_of(edition: str) -> list[str]:
    return [action for action, rule in contract()["permissions"].items()
            if edition in rule.get("editions", EDITIONS)]


def expected(action: str, role: str, own: bool) -> bool:
    rule = contract()["permissions"][action][role]
    return rule == "yes" or (rule == "own" and own)


def rule_adapters(edition: str) -> tuple[Callable, Callable, Callable]:
    """(can, make_actor(role, id), make_ticket(created_by)) of one edition's domain."""
    if edition == "nano":
        nano = nano_module()
        return (nano.can, lambda role, id_: nano.Actor(id_, f"{role}{id_}", role),
                lambda creator: {"created_by": creator, "status": "new"})
    if edition == "micro":
        from micro import domain

        return (domain.can, lambda role, id_: domain.Actor(id_, role),
                lambda creator: {"created_by": creator, "status": "new"})
    from helpdesk import domain

    return (domain.can, lambda role, id_: SimpleNamespace(id=id_, role=role),
            lambda creator: SimpleNamespace(created_by=creator, status="new"))


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_role_may_do_what_the_matrix_says(edition: str) -> None:
    can, actor, ticket = rule_adapters(edition)
    wanted, found = {}, {}
    for action in actions_of(edition):
        for role in contract()["codes"]["roles"]:
            for own in (True, False):
                key = (action, role, "own ticket" if own else "someone else's")
                wanted[key] = expected(action, role, own)
                found[key] = can(actor(role, OWNER_ID), action,
                                 ticket(OWNER_ID if own else STRANGER_ID))
    assert found == wanted


@pytest.mark.parametrize("edition", EDITIONS)
def test_an_unknown_action_raises(edition: str) -> None:
    """A misspelt action, or one of a feature this edition lacks, is a programming error,
    never a silent "no"."""
    can, actor, ticket = rule_adapters(edition)
    others = [action for action in contract()["permissions"] if action not in
              actions_of(edition)]
    for action in ["manage_user", "view", "", *others]:
        with pytest.raises(ValueError, match="unknown action"):
            can(actor("admin", OWNER_ID), action, ticket(OWNER_ID))


# ─────────────── through each edition's action layer ───────────────

@pytest.fixture
def nano_world(tmp_path) -> Iterator[SimpleNamespace]:
    nano = nano_module()
    path = tmp_path / "tickets.db"
    saved = nano.DB_PATH, nano.SCRYPT_N
    nano.DB_PATH, nano.SCRYPT_N = path, 1024  # cheap hashes: only the rules are tested
    nano.init_db(path)
    people = {name: nano.Actor(nano.register_user(name, f"{name}@example.com", role,
                                                  f"{name}-secret"), name, role)
              for name, role in (("owner", "user"), ("stranger", "user"),
                                 ("helper", "support"), ("boss", "admin"))}
    ticket = nano.create_ticket(people["owner"], "Printer jams", "Page 2", "bug", "low")
    yield SimpleNamespace(nano=nano, people=people, ticket=ticket)
    nano.DB_PATH, nano.SCRYPT_N = saved


def test_nano_actions_refuse_a_stranger_and_support_managing_users(nano_world) -> None:
    nano, people, ticket = nano_world.nano, nano_world.people, nano_world.ticket
    stranger, owner = people["stranger"], people["owner"]
    assert nano.open_ticket(owner, ticket)["title"] == "Printer jams"
    with nano.connect() as db:
        accounts = nano.count_users(db)
    attempts: dict[str, Callable[[], Any]] = {
        "see": lambda: nano.open_ticket(stranger, ticket),
        "comment": lambda: nano.add_reply(stranger, ticket, "Me too"),
        "change status": lambda: nano.change_status(stranger, ticket, "in_progress"),
        "triage": lambda: nano.edit_ticket(stranger, ticket, priority="high",
                                           category="bug", assigned_to=None),
        "support creates a user": lambda: nano.create_user(
            people["helper"], "newbie", "n@example.com", "user", "long-enough"),
        "support manages a user": lambda: nano.manage_user(
            people["helper"], people["stranger"].id, "role", "admin"),
    }
    for name, attempt in attempts.items():
        with pytest.raises((nano.RuleError, nano.FormErrors)):
            attempt()
            pytest.fail(f"{name} was allowed")
    with nano.connect() as db:
        stored = nano.get_ticket(db, ticket)
        assert (stored["status"], stored["priority"]) == ("new", "low")
        assert nano.list_comments(db, ticket, internal=True) == ([], 0)
        assert nano.count_users(db) == accounts
        assert nano.get_user(db, people["stranger"].id)["role"] == "user"


@pytest.fixture
def micro_world(tmp_path, monkeypatch) -> Iterator[SimpleNamespace]:
    from micro import create_app, queries, services
    from micro.db import connect
    from micro.domain import Actor

    monkeypatch.setenv("MICRO_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"DATABASE": str(tmp_path / "micro.db"), "TESTING": True,
                      "WTF_CSRF_ENABLED": False,
                      "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 8,
                                            "parallelism": 1}})
    db = connect(app.config["DATABASE"])
    ids = {row["username"]: row["id"] for row in queries.list_users(db)}
    people = {name: Actor(ids[name], name) for name in ("user", "support", "admin")}
    db.execute("INSERT INTO users (username, email, role, password_hash, created_at) "
               "SELECT 'stranger', 'stranger@example.com', 'user', password_hash, created_at "
               "FROM users WHERE username = 'user'")
    stranger = queries.get_user_by_username(db, "stranger")
    people["stranger"] = Actor(stranger["id"], "user")
    ticket_id = services.create_ticket(db, people["user"], {
        "title": "Printer jams", "description": "Page 2", "category": "bug",
        "priority": "low"})
    db.commit()
    yield SimpleNamespace(app=app, db=db, people=people, ticket_id=ticket_id,
                          queries=queries, services=services)
    db.close()


def test_micro_services_refuse_a_stranger_and_support_managing_users(micro_world) -> None:
    world = micro_world
    db, services, queries = world.db, world.services, world.queries
    ticket = queries.get_ticket(db, world.ticket_id)
    stranger = world.people["stranger"]
    assert services.open_ticket(db, world.people["user"], ticket)["transitions"] == []
    attempts = {
        "see": lambda: services.open_ticket(db, stranger, ticket),
        "comment": lambda: services.update_ticket(db, stranger, ticket, {"body": "Me too"}),
        "change status": lambda: services.update_ticket(db, stranger, ticket,
                                                        {"status": "in_progress"}),
        "triage": lambda: services.update_ticket(db, stranger, ticket, {"priority": "high"}),
    }
    for name, attempt in attempts.items():
        with pytest.raises(PermissionError):
            attempt()
            pytest.fail(f"{name} was allowed")
    db.rollback()
    stored = queries.get_ticket(db, world.ticket_id)
    assert (stored["status"], stored["priority"]) == ("new", "low")
    assert queries.list_comments_page(db, world.ticket_id, include_internal=True,
                                      before=None, limit=1) == []
    # User management is the admin blueprint's routes: support is refused every one.
    client = world.app.test_client()
    client.post("/login", data={"username": "support", "password": "support123"})
    assert client.get("/tickets").status_code == 200  # signed in
    stranger_id = stranger.id
    for method, path, form in (
            ("get", "/admin/users", None),
            ("post", "/admin/users/new", {"username": "newbie", "email": "n@example.com",
                                          "role": "admin", "password": "long-enough"}),
            ("post", f"/admin/users/{stranger_id}/role", {"role": "admin"})):
        response = getattr(client, method)(path, data=form)
        assert response.status_code == 403, path
    assert queries.get_user_by_username(db, "newbie") is None
    assert queries.get_user(db, stranger_id)["role"] == "user"


@pytest.fixture(scope="module")
def native_app() -> Iterator[Any]:
    from helpdesk import create_app

    name = f"helpdesk_contract_{RUN}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    app = create_app({
        "APP_ENV": "testing", "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + "/" + name,
        "REDIS_URL": REDIS_URL, "PASSWORD_TIME_COST": 1, "PASSWORD_MEMORY_KIB": 8192,
        "CREATE_DEMO_ACCOUNTS": True, "MAIL_ENABLED": False, "LOG_LEVEL": "WARNING",
        "RATELIMIT_KEY_PREFIX": f"helpdesk-contract-{RUN}", "RQ_QUEUE": f"contract-{RUN}",
        "LOGIN_SLOWDOWN_SECONDS": 0})
    yield app
    app.extensions["db_engine"].dispose()
    app.extensions["redis"].close()
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_native_services_refuse_a_stranger_and_support_managing_users(native_app) -> None:
    from helpdesk.comments import service as comments
    from helpdesk.comments.schemas import CommentCreate
    from helpdesk.database import get_session
    from helpdesk.errors import ApiError
    from helpdesk.tickets import service as tickets
    from helpdesk.tickets.schemas import TicketCreate, TicketUpdate
    from helpdesk.users import service as users
    from helpdesk.users.schemas import UserCreate, UserUpdate

    with native_app.app_context():
        session = get_session()
        people = {name: users.find_by_username(session=session, username=name)
                  for name in ("user", "support", "admin")}
        stranger = users.create_user(session=session, actor=people["admin"], data=UserCreate(
            username="stranger", email="stranger@example.com", password="stranger-secret"))
        ticket = tickets.create_ticket(session=session, actor=people["user"], data=TicketCreate(
            title="Printer jams", description="Page 2", category="bug", priority="low"))
        session.commit()
        assert tickets.get_ticket(session=session, actor=people["user"],
                                  ticket_id=ticket.id).title == "Printer jams"
        attempts = {
            "see": lambda: tickets.get_ticket(session=session, actor=stranger,
                                              ticket_id=ticket.id),
            "comment": lambda: comments.add_comment(session=session, actor=stranger,
                                                    ticket_id=ticket.id,
                                                    data=CommentCreate(body="Me too")),
            "change": lambda: tickets.update_ticket(session=session, actor=stranger,
                                                    ticket_id=ticket.id,
                                                    data=TicketUpdate(title="Mine now")),
            "support creates a user": lambda: users.create_user(
                session=session, actor=people["support"],
                data=UserCreate(username="newbie", email="n@example.com",
                                password="long-enough")),
            "support manages a user": lambda: users.update_user(
                session=session, actor=people["support"], user_id=stranger.id,
                data=UserUpdate(role="admin")),
        }
        for name, attempt in attempts.items():
            with pytest.raises(ApiError):
                attempt()
                pytest.fail(f"{name} was allowed")
            session.rollback()
        stored = tickets.get_ticket(session=session, actor=people["admin"], ticket_id=ticket.id)
        assert stored.title == "Printer jams"
        assert comments.list_comments(session=session, actor=people["admin"],
                                      ticket_id=ticket.id) == ([], None)
        assert users.find_by_username(session=session, username="newbie") is None
        assert users.find_by_username(session=session, username="stranger").role == "user"
