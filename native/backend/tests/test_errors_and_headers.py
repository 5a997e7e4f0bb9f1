from __future__ import annotations

import pytest

ENVELOPE = {"error", "code", "message", "fields", "field_errors", "params"}


def test_malformed_json_is_400_with_the_envelope(api):
    response = api.post("/api/v1/tickets", "user", data="{not json",
                        content_type="application/json")
    assert response.status_code == 400
    assert set(response.json) == ENVELOPE
    assert response.json["error"] == "invalid_json"


def test_non_json_body_is_400(api):
    response = api.post("/api/v1/tickets", "user", data="title=x", content_type="text/plain")
    assert response.status_code == 400


def test_body_that_is_not_an_object_is_422(api):
    response = api.post("/api/v1/tickets", "user", json=[1, 2])
    assert response.status_code == 422
    assert "body" in response.json["fields"]


def test_wrong_types_name_the_field(api):
    response = api.post("/api/v1/tickets", "user", json={"title": ["x"], "category": 3})
    assert response.status_code == 422
    assert {"title", "category"} <= set(response.json["fields"])


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/api/v1/nothing-here", 404), ("PUT", "/api/v1/tickets", 405),
    ("DELETE", "/api/v1/auth/me", 405),
])
def test_routing_errors_use_the_envelope(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert set(response.json) == ENVELOPE


def test_unexpected_errors_are_500_without_a_trace(make_app):
    app = make_app(AUTO_MIGRATE=False)

    @app.get("/__boom")  # a route that fails the way a bug would
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/__boom")
    assert response.status_code == 500
    assert "secret detail" not in response.get_data(as_text=True)
    assert response.json["error"] == "internal_error"


def test_security_headers_on_every_response(api):
    for response in (api.get("/api/v1/tickets", "user"), api.get("/api/v1/nope"),
                     api.client.get("/healthz")):
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"
        assert headers["X-Request-ID"]
        assert "Strict-Transport-Security" not in headers


def test_request_id_is_echoed_when_safe(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}
                      ).headers["X-Request-ID"] == "abc-123"
    unsafe = "<script>" + "x" * 80
    assert client.get("/healthz", headers={"X-Request-ID": unsafe}
                      ).headers["X-Request-ID"] != unsafe


def test_no_cors_by_default(client):
    response = client.get("/api/v1/tickets", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allow_list_and_https_redirect_and_proxies(make_app):
    app = make_app(AUTO_MIGRATE=False, CORS_ORIGINS=["https://desk.example"], FORCE_HTTPS=True,
                   TRUSTED_PROXIES=1)
    client = app.test_client()
    plain = client.get("/api/v1/tickets")
    assert plain.status_code == 308
    assert plain.headers["Location"].startswith("https://")
    secure = client.get("/api/v1/auth/me", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9",
        "Origin": "https://desk.example"})
    assert secure.status_code == 401
    assert secure.headers["Access-Control-Allow-Origin"] == "https://desk.example"
    assert "max-age" in secure.headers["Strict-Transport-Security"]
    other = client.get("/api/v1/auth/me", headers={"X-Forwarded-Proto": "https",
                                                   "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    assert client.get("/healthz").status_code == 200


def test_write_rate_limit_gives_429_with_retry_after(make_app, reset_redis):
    app = make_app(AUTO_MIGRATE=False, RATELIMIT_WRITES="2 per minute")
    client = app.test_client()
    reset_redis()

    def sign_in(username, password):
        token = client.post("/api/v1/auth/token", json={"username": username,
                                                        "password": password})
        return {"Authorization": "Bearer " + token.json["access_token"]}

    user, support = sign_in("user", "user123"), sign_in("support", "support123")
    body = {"title": "x", "category": "bug"}
    for _ in range(2):
        assert client.post("/api/v1/tickets", json=body, headers=user).status_code == 201
    limited = client.post("/api/v1/tickets", json=body, headers=user)
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert set(limited.json) == ENVELOPE
    # The budget is per account: a colleague at the same address can still write.
    assert client.post("/api/v1/tickets", json=body, headers=support).status_code == 201
    # A forged token does not get a fresh budget; it is refused as usual.
    forged = {"Authorization": user["Authorization"][:-2] + "xx"}
    assert client.post("/api/v1/tickets", json=body, headers=forged).status_code in (401, 429)
    reset_redis()
