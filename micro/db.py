"""The SQLite connection of a request, one transaction per request, and `init-db`."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from importlib import resources

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext

from . import queries, search_index, security
from .domain import DEMO_ACCOUNTS


def utcnow() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=5, detect_types=0)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA busy_timeout = 5000")
    connection.execute("PRAGMA synchronous = NORMAL")
    # Read the file through shared memory: a search that looks up a few thousand tickets
    # spread over the file costs no system call per page (the pages are the OS's cache,
    # shared by all workers, not a private copy).
    connection.execute("PRAGMA mmap_size = 268435456")
    return connection


# One connection per worker thread, kept open between requests: reopening would parse the
# schema again and, as the last connection of a WAL database, checkpoint on every close.
_local = threading.local()


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        path = current_app.config["DATABASE"]
        cached = getattr(_local, "connection", None)
        if cached is None or cached[0] != path:
            if cached is not None:
                cached[1].close()
            _local.connection = (path, connect(path))
        g.db = _local.connection[1]
    return g.db


def connection_memo() -> dict:
    """A dict that lives as long as this worker's connection, for what is read from the
    database and kept with a version check (see queries.users_version)."""
    db = get_db()
    memo = getattr(_local, "memo", None)
    if memo is None or memo[0] is not db:
        memo = _local.memo = (db, {})
    return memo[1]


def discard_connection() -> None:
    """Forget a connection that failed; the next get_db() opens a new one."""
    db = g.pop("db", None)
    _local.connection = None
    if db is not None:
        db.close()


def finish_request(response):
    """Commit what a successful request wrote; anything else is rolled back."""
    db = g.get("db")
    if db is not None:
        if response.status_code < 400:
            db.commit()
        else:
            db.rollback()
    return response


def close_db(_error: BaseException | None = None) -> None:
    """End the request's transaction; the connection stays for the next request."""
    db = g.pop("db", None)
    if db is None:
        return
    try:
        db.rollback()
    except sqlite3.Error:  # a broken connection is replaced on the next request
        _local.connection = None
        db.close()  # closing twice is harmless


def create_schema(db: sqlite3.Connection) -> None:
    """Run schema.sql statement by statement, inside the caller's transaction."""
    script = resources.files(__package__).joinpath("schema.sql").read_text()
    for statement in split_statements(script):
        db.execute(statement)


def split_statements(script: str) -> list[str]:
    """Complete SQL statements of a script (triggers included), comments kept."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [statement for statement in statements if statement]


def seed_demo_accounts(db: sqlite3.Connection) -> None:
    """The original product's three demo accounts, only into an empty user table."""
    if queries.count_users(db):
        return
    for username, password, role, email in DEMO_ACCOUNTS:
        queries.insert_user(db, username=username, email=email,
                            role=role, password_hash=security.hash_password(password),
                            default_password=True, now=utcnow())


def init_db(app: Flask) -> None:
    """Create the database on first start (and the demo accounts unless switched off).

    Workers starting at once take turns: the write lock is taken before anything is read.
    """
    db = connect(app.config["DATABASE"])
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
        create_schema(db)
        search_index.create(db)
        if app.config["DEMO_ACCOUNTS"]:
            seed_demo_accounts(db)
        db.commit()
    finally:
        db.close()


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the tables (existing data is kept) and, if enabled, the demo accounts."""
    init_db(current_app)
    click.echo(f"Initialised the database {current_app.config['DATABASE']}.")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["user", "support", "admin"]), default="admin")
@click.option("--email", required=True, help="The address notifications go to.")
@click.password_option()
@with_appcontext
def create_user_command(username: str, role: str, email: str, password: str) -> None:
    """Create an account, e.g. the first admin when the demo accounts are switched off."""
    from .domain import DomainError
    from .services import create_account

    with connect(current_app.config["DATABASE"]) as db:
        try:
            username = create_account(db, username=username, email=email, role=role,
                                      password=password)
        except DomainError as error:
            raise click.ClickException(error.message) from None
    db.close()
    click.echo(f"Created {role} {username}.")


def healthz():
    """For load balancers and the test fixtures: the app answers and the database too."""
    get_db().execute("SELECT 1").fetchone()
    return {"status": "ok"}


def register(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", healthz)
    app.after_request(finish_request)
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
    app.cli.add_command(create_user_command)
