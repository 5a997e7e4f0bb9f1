from __future__ import annotations

import psycopg
import redis
from sqlalchemy.orm import sessionmaker

from helpdesk.database import make_engine


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_checks_postgresql_and_redis(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": True, "redis": True}


def test_readyz_reports_an_unreachable_database_and_redis(app, monkeypatch):
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")
    unreachable = redis.Redis.from_url("redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.extensions, "db_engine", engine)
    monkeypatch.setitem(app.extensions, "redis", unreachable)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": False, "redis": False}
    engine.dispose()
    unreachable.close()


def test_lost_database_or_redis_gives_a_clear_503_and_the_app_keeps_serving(app, api,
                                                                            monkeypatch):
    headers = api.headers("user")
    working_engine = app.extensions["db_engine"]
    broken = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")
    monkeypatch.setitem(app.extensions, "db_engine", broken)
    monkeypatch.setitem(app.extensions, "db_sessionmaker", sessionmaker(bind=broken))
    response = api.client.get("/api/v1/tickets", headers=headers)
    assert response.status_code == 503
    assert response.json["error"] == "unavailable"
    assert response.headers["Retry-After"] == "5"
    monkeypatch.setitem(app.extensions, "db_engine", working_engine)
    monkeypatch.setitem(app.extensions, "db_sessionmaker",
                        sessionmaker(bind=working_engine, expire_on_commit=False))
    unreachable = redis.Redis.from_url("redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.extensions, "redis", unreachable)
    assert api.client.get("/api/v1/tickets", headers=headers).status_code == 503
    monkeypatch.undo()
    assert api.client.get("/api/v1/tickets", headers=headers).status_code == 200
    broken.dispose()
    unreachable.close()


def test_connections_the_server_closed_are_replaced_without_a_failed_request(app, api):
    # Every pooled connection is terminated by the server (as by a restart or an idle
    # timeout); the next requests get fresh ones instead of an error.
    headers = api.headers("user")
    engine = app.extensions["db_engine"]
    held = [engine.connect() for _ in range(3)]  # fill the pool with several connections
    pids = [connection.connection.dbapi_connection.info.backend_pid for connection in held]
    for connection in held:
        connection.close()
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as other:
        for pid in pids:
            # With a timeout, pg_terminate_backend waits until the backend has exited, so
            # its socket is closed, as after a restart (without one, a backend still
            # shutting down could take the next query and fail it, at random).
            other.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
    for _ in range(5):
        assert api.client.get("/api/v1/tickets", headers=headers).status_code == 200
