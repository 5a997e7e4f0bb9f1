"""Engine, the request's session, and migrations applied on start under an advisory lock."""

from __future__ import annotations

import select
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from sqlalchemy import DateTime, Engine, create_engine, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same for every replica of this application.
MIGRATION_LOCK_KEY = 7_412_309_114


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {datetime: DateTime(timezone=True)}


def make_engine(url: str, pool_size: int = 5) -> Engine:
    engine = create_engine(url, pool_size=pool_size, max_overflow=10,
                           connect_args={"options": "-c timezone=UTC"})
    event.listen(engine, "checkout", discard_if_closed)
    return engine


def discard_if_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Pessimistic disconnect handling without a round trip. A pooled connection that the
    server has closed since (restart, idle timeout, pg_terminate_backend) is marked closed
    or has its idle socket readable (the goodbye and EOF); the pool then replaces it
    instead of failing the request. pool_pre_ping would instead send a query with every
    checkout, one more round trip per request."""
    if dbapi_connection.closed:
        raise DisconnectionError("the connection is closed")
    readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    if readable:  # an idle connection is never sent anything unless it is going away
        raise DisconnectionError("the server closed the connection")


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"], app.config["DATABASE_POOL_SIZE"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)

    @app.teardown_appcontext
    def close_session(_error: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


def get_session() -> Session:
    """The one session of this request; the request commits it once (see api.endpoint)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine, after: Callable[[Session], None] | None = None) -> None:
    """Bring the schema to the newest revision, then run `after` (seeding) in the same
    transaction. A transaction-scoped advisory lock makes replicas that start together
    wait for each other instead of racing."""
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if after is not None:
            with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
                after(session)
                session.commit()  # releases the savepoint; the connection commits below
        connection.commit()
