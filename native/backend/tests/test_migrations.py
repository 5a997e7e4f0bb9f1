from __future__ import annotations

import threading

import psycopg
import pytest
from sqlalchemy import inspect, text

from helpdesk import create_app, manage
from helpdesk.config import ConfigError
from helpdesk.database import make_engine, migrate

TABLES = {"users", "tickets", "comments", "attachments", "audit_log", "ticket_activity",
          "ticket_views", "alembic_version"}


def test_replicas_starting_together_migrate_once_under_the_advisory_lock(fresh_database):
    url = fresh_database("replicas").replace("postgresql://", "postgresql+psycopg://")
    engines = [make_engine(url) for _ in range(3)]
    failures: list[BaseException] = []

    def start(engine):
        try:
            migrate(engine)
        except BaseException as error:  # collected and asserted below
            failures.append(error)

    threads = [threading.Thread(target=start, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with engines[0].connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "0002"
    migrate(engines[0])  # a later start finds nothing to do
    for engine in engines:
        engine.dispose()


def production_settings(settings, url, **extra):
    return settings(url, APP_ENV="production", SECRET_KEY="s" * 40, JWT_SECRET_KEY="j" * 40,
                    PASSWORD_TIME_COST=2, PASSWORD_MEMORY_KIB=19456, CREATE_DEMO_ACCOUNTS=False,
                    **extra)


def test_production_bootstraps_the_first_admin_and_no_demo_accounts(fresh_database, settings):
    url = fresh_database("production")
    app = create_app(production_settings(settings, url, ADMIN_USERNAME="chief",
                                         ADMIN_EMAIL="chief@example.com",
                                         ADMIN_PASSWORD="a-long-admin-password"))
    client = app.test_client()
    assert client.post("/api/v1/auth/token", json={"username": "admin", "password": "admin123"}
                       ).status_code == 401
    token = client.post("/api/v1/auth/token", json={"username": "chief",
                                                    "password": "a-long-admin-password"})
    assert token.status_code == 200
    users = client.get("/api/v1/users", headers={
        "Authorization": "Bearer " + token.json["access_token"]}).json
    assert [(u["username"], u["role"]) for u in users["items"]] == [("chief", "admin")]
    app.extensions["db_engine"].dispose()


def test_production_without_an_admin_to_bootstrap_refuses_to_start(fresh_database, settings):
    url = fresh_database("no_admin")
    with pytest.raises(ConfigError, match="ADMIN_USERNAME"):
        create_app(production_settings(settings, url))


def test_development_start_creates_the_demo_accounts_once(fresh_database, settings):
    url = fresh_database("demo")
    first = create_app(settings(url))
    second = create_app(settings(url, ADMIN_USERNAME="extra", ADMIN_PASSWORD="extra-password-1"))
    with first.extensions["db_engine"].connect() as connection:
        names = connection.execute(text("SELECT username FROM users ORDER BY id")).scalars()
        assert list(names) == ["admin", "support", "user"]
    for app in (first, second):
        app.extensions["db_engine"].dispose()


def test_manage_prepare_creates_the_database_and_migrates(fresh_database, settings, monkeypatch,
                                                         capsys):
    url = fresh_database("manage")  # dropped again at the end of the session
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}"')
    monkeypatch.setenv("DATABASE_URL", url)
    for key in ("REDIS_URL", "RATELIMIT_KEY_PREFIX", "RQ_QUEUE"):
        monkeypatch.setenv(key, settings(url)[key])
    monkeypatch.setenv("PASSWORD_TIME_COST", "1")
    monkeypatch.setenv("PASSWORD_MEMORY_KIB", "8192")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    manage.main(["prepare"])
    assert f"Created the database {name}" in capsys.readouterr().out
    manage.main(["prepare"])
    assert "Created" not in capsys.readouterr().out


def test_the_initial_revision_downgrades_and_upgrades_cleanly(fresh_database):
    from alembic import command

    from helpdesk.database import alembic_config

    url = fresh_database("downgrade").replace("postgresql://", "postgresql+psycopg://")
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = make_engine(url)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == {"alembic_version"}
    command.upgrade(config, "head")
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
    engine.dispose()
