"""Sign-in, cookies, CSRF, refresh and profile. The attack battery (forged, tampered,
expired and revoked tokens, refresh token reuse, fixation, enumeration, lockout) runs
against the real server in tests/native/test_security_battery_auth.py."""

from __future__ import annotations

import time
from datetime import timedelta

import jwt as pyjwt

LOGIN = "/api/v1/auth/login"
TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"


def cookie(client, name):
    found = client.get_cookie(name, path="/api/" if name == "access_token_cookie" else "/")
    if found is None:
        found = client.get_cookie(name, path="/api/v1/auth/")
    return found


def test_browser_login_sets_httponly_samesite_cookies_and_no_token_in_body(client):
    response = client.post(LOGIN, json={"username": "user", "password": "user123"})
    assert response.status_code == 200
    assert response.json["user"]["username"] == "user"
    assert "access_token" not in response.json
    set_cookies = response.headers.getlist("Set-Cookie")
    access = next(c for c in set_cookies if c.startswith("access_token_cookie="))
    refresh = next(c for c in set_cookies if c.startswith("refresh_token_cookie="))
    for value in (access, refresh):
        assert "HttpOnly" in value
        assert "SameSite=Lax" in value
    csrf = next(c for c in set_cookies if c.startswith("csrf_access_token="))
    assert "HttpOnly" not in csrf  # the SPA reads it to send X-CSRF-TOKEN
    assert client.get(ME).json["username"] == "user"


def test_secure_cookies_when_configured(make_app):
    app = make_app(COOKIE_SECURE=True, AUTO_MIGRATE=False)
    response = app.test_client().post(LOGIN, json={"username": "user", "password": "user123"})
    assert all("Secure" in c for c in response.headers.getlist("Set-Cookie"))


def test_cookie_authenticated_write_without_csrf_token_is_refused(client):
    client.post(LOGIN, json={"username": "user", "password": "user123"})
    body = {"title": "No CSRF", "category": "bug"}
    refused = client.post("/api/v1/tickets", json=body)
    assert refused.status_code == 403
    assert refused.json["error"] == "csrf_failed"
    wrong = client.post("/api/v1/tickets", json=body, headers={"X-CSRF-TOKEN": "forged"})
    assert wrong.status_code == 403
    token = cookie(client, "csrf_access_token").value
    accepted = client.post("/api/v1/tickets", json=body, headers={"X-CSRF-TOKEN": token})
    assert accepted.status_code == 201


def test_api_client_gets_bearer_tokens(client):
    response = client.post(TOKEN, json={"username": "support", "password": "support123"})
    assert response.status_code == 200
    body = response.json
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    header = pyjwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "HS256"
    claims = pyjwt.decode(body["refresh_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 7 * 24 * 3600
    me = client.get(ME, headers={"Authorization": "Bearer " + body["access_token"]})
    assert me.json["role"] == "support"


def test_login_timing_does_not_reveal_unknown_users(client):
    def timed(username):
        start = time.perf_counter()
        client.post(TOKEN, json={"username": username, "password": "not-the-password"})
        return time.perf_counter() - start

    unknown = min(timed(f"ghost{i}") for i in range(5))
    known = min(timed(name) for name in ("user", "support", "admin", "user", "support"))
    # The dummy hash costs as much as a real check; without it an unknown name would
    # answer about ten times faster.
    assert unknown > known * 0.3


def test_an_access_token_cannot_be_used_to_refresh(api):
    response = api.post("/api/v1/auth/refresh", "user")
    assert response.status_code == 401


def test_browser_refresh_uses_cookies_and_needs_the_refresh_csrf_token(client):
    client.post(LOGIN, json={"username": "user", "password": "user123"})
    assert client.post("/api/v1/auth/refresh").status_code == 403
    csrf = cookie(client, "csrf_refresh_token").value
    response = client.post("/api/v1/auth/refresh", headers={"X-CSRF-TOKEN": csrf})
    assert response.status_code == 200
    assert response.json["access_token"] is None
    assert any(c.startswith("access_token_cookie=")
               for c in response.headers.getlist("Set-Cookie"))


def test_browser_logout_clears_cookies(client):
    client.post(LOGIN, json={"username": "user", "password": "user123"})
    csrf = cookie(client, "csrf_access_token").value
    response = client.post("/api/v1/auth/logout", headers={"X-CSRF-TOKEN": csrf})
    assert response.status_code == 204
    assert client.get(ME).status_code == 401


def test_garbage_authorization_header_is_refused(client):
    response = client.get(ME, headers={"Authorization": "Bearer not.a.token"})
    assert response.status_code == 401
    assert set(response.json) == {"error", "code", "message", "fields", "field_errors", "params"}


def test_anonymous_gets_401(client):
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


def test_me_warns_admins_about_default_passwords(api):
    assert api.get(ME, "admin").json["default_password_accounts"] == ["admin", "support", "user"]
    assert api.get(ME, "user").json["default_password_accounts"] == []


def test_password_change_policy(api):
    for new, reason in (("short", "at least"), ("User", "at least"), ("useruser", "differ")):
        if new == "useruser":
            api.create_user("useruser")
            response = api.post("/api/v1/auth/password", "useruser", json={
                "current_password": "secret-pass-1", "new_password": "USERUSER"})
        else:
            response = api.post("/api/v1/auth/password", "user",
                                json={"current_password": "user123", "new_password": new})
        assert response.status_code == 422
        assert reason in response.json["message"]


def test_a_changed_default_password_ends_the_admins_warning(api):
    response = api.post("/api/v1/auth/password", "user",
                        json={"current_password": "user123", "new_password": "better-pass-9"})
    assert response.status_code == 200
    assert api.get(ME, "admin").json["default_password_accounts"] == ["admin", "support"]


def test_browser_password_change_renews_the_cookies(client):
    client.post(LOGIN, json={"username": "user", "password": "user123"})
    csrf = cookie(client, "csrf_access_token").value
    response = client.post("/api/v1/auth/password", headers={"X-CSRF-TOKEN": csrf},
                           json={"current_password": "user123", "new_password": "better-pass-9"})
    assert response.status_code == 200
    assert response.json["access_token"] is None
    assert client.get(ME).status_code == 200


def test_profile_update_switches_mails_and_language(api):
    response = api.patch(ME, "user", json={"email_notifications": False, "language": "de"})
    assert response.status_code == 200
    assert response.json["language"] == "de"
    assert response.json["email_notifications"] is False
    refused = api.patch(ME, "user", json={"role": "admin"})
    assert refused.status_code == 422
    assert "role" in refused.json["fields"]


def test_failed_logins_are_slowed_before_the_lock(make_app, reset_redis):
    app = make_app(AUTO_MIGRATE=False, LOGIN_SLOWDOWN_SECONDS=0.4)
    client = app.test_client()
    reset_redis()

    def attempt(password: str, username: str = "user") -> int:
        return client.post(TOKEN, json={"username": username, "password": password}
                           ).status_code

    # Two failures cost nothing; the third makes the account wait 0.4 s.
    assert [attempt("wrong-pass") for _ in range(3)] == [401, 401, 401]
    slowed = client.post(TOKEN, json={"username": "user", "password": "user123"})
    assert slowed.status_code == 429  # even the right password must wait
    assert slowed.json["error"] == "rate_limited"
    assert "wait 1 second " in slowed.json["message"]
    assert int(slowed.headers["Retry-After"]) >= 1
    # An unknown name is slowed the same way (no hint which accounts exist) ...
    assert [attempt("wrong-pass", "nobody") for _ in range(4)] == [401, 401, 401, 429]
    # ... while another account is not affected.
    assert attempt("support123", "support") == 200
    # After the wait the next failure doubles it (0.8 s): still refused after 0.5 s.
    time.sleep(0.45)
    assert attempt("wrong-pass") == 401
    time.sleep(0.5)
    assert attempt("user123") == 429
    time.sleep(0.35)
    # A success ends the account's slow-down (the hard lock keeps counting failures).
    assert attempt("user123") == 200
    redis_client, prefix = app.extensions["redis"], app.config["RATELIMIT_KEY_PREFIX"]
    assert not list(redis_client.scan_iter(match=f"login-slowdown/{prefix}/account/user/*"))
    assert list(redis_client.scan_iter(match=f"login-slowdown/{prefix}/account/nobody/*"))
    reset_redis()


def test_login_slowdown_follows_the_wait_schedule():
    from helpdesk.auth.throttle import wait_seconds

    assert [wait_seconds(n, 2, 1.0) for n in range(1, 7)] == [0, 0, 1, 2, 4, 8]
    assert wait_seconds(30, 2, 1.0) == 60  # capped at a minute
    assert [wait_seconds(n, 10, 1.0) for n in (10, 11, 12)] == [0, 1, 2]


def test_login_is_limited_per_client_address(make_app, reset_redis):
    app = make_app(AUTO_MIGRATE=False, RATELIMIT_LOGIN_CLIENT="3 per minute")
    client = app.test_client()
    reset_redis()
    statuses = [client.post(TOKEN, json={"username": f"u{i}", "password": "x" * 8}).status_code
                for i in range(4)]
    assert statuses == [401, 401, 401, 429]
    reset_redis()


def test_access_token_lifetime_is_configurable(make_app):
    app = make_app(AUTO_MIGRATE=False, ACCESS_TOKEN_MINUTES=5)
    assert app.config["JWT_ACCESS_TOKEN_EXPIRES"] == timedelta(minutes=5)


def test_logout_everywhere_ends_every_sign_in_of_the_account(api):
    laptop = api.client.post(TOKEN, json={"username": "user", "password": "user123"}).json
    phone = api.client.post(TOKEN, json={"username": "user", "password": "user123"}).json
    response = api.client.post("/api/v1/auth/logout?everywhere=true",
                               headers={"Authorization": "Bearer " + phone["access_token"]})
    assert response.status_code == 204
    for tokens in (laptop, phone):
        assert api.client.get(ME, headers={
            "Authorization": "Bearer " + tokens["access_token"]}).status_code == 401
    assert api.client.post("/api/v1/auth/refresh", headers={
        "Authorization": "Bearer " + laptop["refresh_token"]}).status_code == 401
