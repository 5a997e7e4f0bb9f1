from __future__ import annotations

import redis

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
