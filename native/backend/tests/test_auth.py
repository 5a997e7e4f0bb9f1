from __future__ import annotations

import base64
import json
import time
from datetime import timedelta

import jwt as pyjwt

from helpdesk.config import DEVELOPMENT_SECRET

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


def test_each_login_starts_a_new_session_id(client):
    first = client.post(TOKEN, json={"username": "user", "password": "user123"}).json
    second = client.post(TOKEN, json={"username": "user", "password": "user123"}).json
    sid = [pyjwt.decode(t["access_token"], options={"verify_signature": False})["sid"]
           for t in (first, second)]
    assert sid[0] != sid[1]


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


def test_unknown_user_and_wrong_password_get_the_same_answer(client):
    unknown = client.post(TOKEN, json={"username": "nobody", "password": "whatever1"})
    wrong = client.post(TOKEN, json={"username": "user", "password": "wrong-password"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json == wrong.json


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


def test_deactivated_account_cannot_sign_in_and_its_tokens_stop_working(api):
    user = api.create_user("leaver")
    headers = api.headers("leaver")
    assert api.get(ME, headers=headers).status_code == 200
    api.patch(f"/api/v1/users/{user['id']}", "admin", json={"is_active": False})
    assert api.get(ME, headers=headers).status_code == 401
    response = api.client.post(TOKEN, json={"username": "leaver", "password": "secret-pass-1"})
    assert response.status_code == 403
    assert response.json["error"] == "account_disabled"


def test_demoted_user_loses_power_at_once(api):
    boss = api.create_user("boss", role="admin")
    headers = api.headers("boss")
    assert api.get("/api/v1/users", headers=headers).status_code == 200
    api.patch(f"/api/v1/users/{boss['id']}", "admin", json={"role": "user"})
    # The role comes from the database: the old token does not carry admin power.
    assert api.get("/api/v1/users", headers=headers).status_code in (401, 403)
    fresh = api.client.post(TOKEN, json={"username": "boss", "password": "secret-pass-1"}).json
    again = api.get("/api/v1/users", headers={"Authorization": "Bearer " + fresh["access_token"]})
    assert again.status_code == 403


def test_refresh_rotates_and_a_used_refresh_token_is_refused(api):
    tokens = api.token("user")
    refresh = {"Authorization": "Bearer " + tokens["refresh_token"]}
    first = api.client.post("/api/v1/auth/refresh", headers=refresh)
    assert first.status_code == 200
    assert first.json["refresh_token"] != tokens["refresh_token"]
    reused = api.client.post("/api/v1/auth/refresh", headers=refresh)
    assert reused.status_code == 401
    assert reused.json["error"] == "token_revoked"
    new_access = {"Authorization": "Bearer " + first.json["access_token"]}
    assert api.client.get(ME, headers=new_access).status_code == 200


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


def test_logout_revokes_access_and_refresh_tokens(api):
    tokens = api.token("user")
    access = {"Authorization": "Bearer " + tokens["access_token"]}
    assert api.client.post("/api/v1/auth/logout", headers=access).status_code == 204
    assert api.client.get(ME, headers=access).status_code == 401
    refresh = {"Authorization": "Bearer " + tokens["refresh_token"]}
    assert api.client.post("/api/v1/auth/refresh", headers=refresh).status_code == 401


def test_browser_logout_clears_cookies(client):
    client.post(LOGIN, json={"username": "user", "password": "user123"})
    csrf = cookie(client, "csrf_access_token").value
    response = client.post("/api/v1/auth/logout", headers={"X-CSRF-TOKEN": csrf})
    assert response.status_code == 204
    assert client.get(ME).status_code == 401


def forge(claims, secret=DEVELOPMENT_SECRET, alg="HS256"):
    return pyjwt.encode(claims, secret, algorithm=alg)


def good_claims(api, username="user"):
    return pyjwt.decode(api.token(username)["access_token"], options={"verify_signature": False})


def test_alg_none_token_is_refused(api):
    claims = {**good_claims(api), "sub": "1"}
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode())
    token = header.rstrip(b"=").decode() + "." + payload.rstrip(b"=").decode() + "."
    response = api.client.get(ME, headers={"Authorization": "Bearer " + token})
    assert response.status_code == 401


def test_tampered_payload_is_refused(api):
    token = api.token("user")["access_token"]
    header, _payload, signature = token.split(".")
    claims = {**good_claims(api), "sub": "1"}  # pretend to be the admin
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged = f"Bearer {header}.{payload}.{signature}"
    response = api.client.get(ME, headers={"Authorization": forged})
    assert response.status_code == 401
    assert response.json["error"] == "invalid_token"


def test_token_signed_with_another_secret_is_refused(api):
    token = forge(good_claims(api), secret="another-secret-another-secret-123")
    assert api.client.get(ME, headers={"Authorization": "Bearer " + token}).status_code == 401


def test_expired_token_is_refused(api):
    claims = good_claims(api)
    claims.update(iat=int(time.time()) - 3600, nbf=int(time.time()) - 3600,
                  exp=int(time.time()) - 60)
    response = api.client.get(ME, headers={"Authorization": "Bearer " + forge(claims)})
    assert response.status_code == 401
    assert response.json["error"] == "token_expired"


def test_token_without_exp_is_refused(api):
    claims = good_claims(api)
    del claims["exp"]
    response = api.client.get(ME, headers={"Authorization": "Bearer " + forge(claims)})
    assert response.status_code == 401


def test_token_in_the_query_string_is_refused(api):
    token = api.token("user")["access_token"]
    assert api.client.get(f"{ME}?jwt={token}").status_code in (401, 422)
    assert api.client.get(f"/api/v1/notifications?access_token={token}").status_code == 401


def test_garbage_authorization_header_is_refused(client):
    response = client.get(ME, headers={"Authorization": "Bearer not.a.token"})
    assert response.status_code == 401
    assert set(response.json) == {"error", "message", "fields"}


def test_anonymous_gets_401(client):
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


def test_me_warns_admins_about_default_passwords(api):
    assert api.get(ME, "admin").json["default_password_accounts"] == ["admin", "support", "user"]
    assert api.get(ME, "user").json["default_password_accounts"] == []


def test_password_change_needs_the_current_password(api):
    response = api.post("/api/v1/auth/password", "user",
                        json={"current_password": "wrong", "new_password": "better-pass-9"})
    assert response.status_code == 422
    assert "current_password" in response.json["fields"]


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


def test_password_change_ends_other_sessions_and_keeps_this_one(api):
    other = api.client.post(TOKEN, json={"username": "user", "password": "user123"}).json
    response = api.post("/api/v1/auth/password", "user",
                        json={"current_password": "user123", "new_password": "better-pass-9"})
    assert response.status_code == 200
    fresh = {"Authorization": "Bearer " + response.json["access_token"]}
    assert api.client.get(ME, headers=fresh).status_code == 200
    stale = {"Authorization": "Bearer " + other["access_token"]}
    assert api.client.get(ME, headers=stale).status_code == 401
    assert api.get(ME, "admin").json["default_password_accounts"] == ["admin", "support"]
    relogin = api.client.post(TOKEN, json={"username": "user", "password": "better-pass-9"})
    assert relogin.status_code == 200


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


def test_login_is_locked_after_repeated_failures_for_one_account(client):
    for _ in range(5):
        response = client.post(TOKEN, json={"username": "user", "password": "wrong-pass"})
        assert response.status_code == 401
    locked = client.post(TOKEN, json={"username": "user", "password": "user123"})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert locked.json["error"] == "rate_limited"
    # Another account is not affected.
    assert client.post(TOKEN, json={"username": "support", "password": "support123"}
                       ).status_code == 200


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
