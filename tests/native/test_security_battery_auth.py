"""The authentication attack battery (SECURITY.md, issue #12), against the real API.

The API runs as production starts it (`bin/start-api`: gunicorn with gunicorn.conf.py, two
worker processes with four threads each) in development mode with no secret set, so it
generates its own on first start (SECRETS_FILE); the default proxy settings
(TRUSTED_PROXIES=0), the default sign-in limits and the JSON access log at INFO. Every
test talks HTTP to it like an attacker would. Where a test forges a token that must be
*validly* signed (expired, without exp), it signs with the server's real secret, read
from its secrets file: the test then shows the claim check, not the signature, refusing it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt as pyjwt
import pytest
import redis
import requests

from tests.native.packaging import REDIS_URL, drop_database, start_api
from tests.servers import ROOT, free_port

API = "/api/v1"
ME = f"{API}/auth/me"
TOKEN = f"{API}/auth/token"
LOGIN = f"{API}/auth/login"
REFRESH = f"{API}/auth/refresh"
RUN = os.getpid()
DATABASE = f"helpdesk_test_auth_{RUN}"
LIMITS_PREFIX = f"helpdesk-test-auth-{RUN}"
TIMEOUT = 30


@dataclass
class Server:
    base: str
    log: Path
    secrets_file: Path
    redis: redis.Redis
    admin: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path

    def secret(self, name: str = "JWT_SECRET_KEY") -> str:
        """The signing key the server generated for itself on first start."""
        values = dict(re.findall(r"^(\w+)=(.*)$", self.secrets_file.read_text(), re.MULTILINE))
        return values[name]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("auth-battery")
    secrets_file = folder / "instance" / "secrets.env"
    port = free_port()
    env: dict[str, Any] = {
        "APP_ENV": None, "SECRET_KEY": None, "JWT_SECRET_KEY": None,  # the defaults
        "TRUSTED_PROXIES": None, "RATELIMIT_LOGIN_ACCOUNT": None,
        "RATELIMIT_LOGIN_CLIENT": None, "LOGIN_SLOWDOWN_SECONDS": None,
        "SECRETS_FILE": str(secrets_file), "RATELIMIT_KEY_PREFIX": LIMITS_PREFIX,
        "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4", "LOG_LEVEL": "INFO",
    }
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        with start_api(DATABASE, port, folder / "api.log", **env):
            yield Server(f"http://127.0.0.1:{port}", folder / "api.log", secrets_file,
                         connection)
    finally:
        connection.close()
        drop_database(DATABASE)


def forget_limits(connection: redis.Redis) -> None:
    for key in connection.scan_iter(match=f"*/{LIMITS_PREFIX}/*", count=1000):
        connection.delete(key)


@pytest.fixture(autouse=True)
def fresh_limits(server: Server) -> Iterator[None]:
    """Every test starts with no failed sign-ins counted (all come from 127.0.0.1)."""
    forget_limits(server.redis)
    yield
    forget_limits(server.redis)


def sign_in(server: Server, username: str, password: str) -> dict[str, Any]:
    response = requests.post(server.url(TOKEN), json={"username": username,
                                                      "password": password}, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + token}


def me(server: Server, token: str) -> requests.Response:
    return requests.get(server.url(ME), headers=bearer(token), timeout=TIMEOUT)


def refresh(server: Server, refresh_token: str) -> requests.Response:
    return requests.post(server.url(REFRESH), headers=bearer(refresh_token), timeout=TIMEOUT)


def claims_of(token: str) -> dict[str, Any]:
    return pyjwt.decode(token, options={"verify_signature": False})


def sign(claims: dict[str, Any], secret: str) -> str:
    with warnings.catch_warnings():  # short keys are the point of some of these forgeries
        warnings.simplefilter("ignore", pyjwt.InsecureKeyLengthWarning)
        return pyjwt.encode(claims, secret, algorithm="HS256")


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def admin(server: Server) -> dict[str, Any]:
    return sign_in(server, "admin", "admin123")


def create_user(server: Server, admin: dict[str, Any], username: str, role: str = "user",
                password: str = "secret-pass-1") -> dict[str, Any]:  # noqa: S107
    response = requests.post(server.url(f"{API}/users"), headers=bearer(admin["access_token"]),
                             json={"username": username, "email": f"{username}@example.com",
                                   "role": role, "password": password}, timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    return response.json()


def update_user(server: Server, admin: dict[str, Any], user_id: int, **changes: Any) -> None:
    response = requests.patch(server.url(f"{API}/users/{user_id}"),
                              headers=bearer(admin["access_token"]), json=changes,
                              timeout=TIMEOUT)
    assert response.status_code == 200, response.text


# ── Secrets: nothing published in the repository signs a token the server accepts ─────────

SECRET_NAME = r"\w*(?:secret|key|token|passw(?:or)?d)\w*"
# NAME = "literal", NAME: type = "literal", "NAME": "literal", NAME="literal" * 40, ...
QUOTED = re.compile(
    rf"(?i)\b{SECRET_NAME}[\"']?\s*(?::\s*[\w\[\]|., ]+?\s*)?[:=]\s*[rbu]?([\"'])"
    r"([^\"'\n]{0,200})\1(?:\s*\*\s*(\d{1,3}))?")
# NAME=value in env files (also commented-out examples).
ENV_LINE = re.compile(rf"(?im)^[ \t#]*{SECRET_NAME}=([^\s#]*)")


def repository_secret_candidates() -> set[str]:
    """Every string literal assigned to a secret-like name in the repository's tracked
    text files, and every value of such a name in the .env.example files."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    found: set[str] = set()
    for name in filter(None, files):
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binaries
        for _quote, value, times in QUOTED.findall(text):
            found.add(value * int(times) if times else value)
        if path.name.endswith(".env.example") or path.name.startswith(".env"):
            found.update(ENV_LINE.findall(text))
    return found


def test_the_scan_finds_the_published_secrets_it_is_meant_to_try():
    """Catches a scan that silently finds nothing (and so lets every forgery test pass):
    the demo passwords and the tests' own fixed secrets are
    all literals the scan must see."""
    found = repository_secret_candidates()
    assert {"admin123", "support123", "s" * 40, "secret-pass-1"} <= found
    assert len(found) > 50


def test_no_secret_published_in_the_repository_signs_a_token_the_server_accepts(server, admin):
    """Catches the static-secret flaw (Peppermint's): a development default in the code,
    an example value or a test constant that the running server signs its tokens with.
    A token for the admin with exactly the claims of a real one is signed with every
    candidate; each must get 401 on the admin-only user list, while the same claims
    signed with the server's generated secret get 200 (so the forgery itself is sound)."""
    claims = claims_of(admin["access_token"])
    users = server.url(f"{API}/users")
    genuine = requests.get(users, headers=bearer(sign(claims, server.secret())), timeout=TIMEOUT)
    assert genuine.status_code == 200
    accepted = []
    with requests.Session() as session:
        for candidate in sorted(filter(None, repository_secret_candidates())):  # "" signs none
            response = session.get(users, headers=bearer(sign(claims, candidate)),
                                   timeout=TIMEOUT)
            if response.status_code != 401:
                accepted.append((candidate, response.status_code))
    assert accepted == []


def test_the_generated_secret_is_random_long_and_private(server):
    """Catches a generated secret that is short, shared by both keys, or readable by
    other accounts on the machine."""
    assert server.secrets_file.stat().st_mode & 0o777 == 0o600
    assert len(server.secret("JWT_SECRET_KEY")) >= 43 and len(server.secret("SECRET_KEY")) >= 43
    assert server.secret("JWT_SECRET_KEY") != server.secret("SECRET_KEY")


# ── Forged and tampered tokens ───────────────────────────────────────────────────────────


def test_alg_none_token_is_refused(server, admin):
    """Catches a verifier that accepts an unsigned token (`alg: none`) for the admin."""
    claims = claims_of(admin["access_token"])
    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    response = me(server, token)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


def test_token_signed_with_another_key_is_refused(server, admin):
    """Catches a verifier that checks the claims but not whose key signed them."""
    token = sign(claims_of(admin["access_token"]), "another-secret-another-secret-123")
    assert me(server, token).status_code == 401


def test_changed_payload_is_refused(server, admin):
    """Catches a signature that does not cover the payload: a user's token with the role
    raised to admin and the subject changed to the admin's id keeps its signature."""
    tokens = sign_in(server, "user", "user123")
    header, _payload, signature = tokens["access_token"].split(".")
    raised = {**claims_of(tokens["access_token"]), "role": "admin",
              "sub": claims_of(admin["access_token"])["sub"]}
    forged = f"{header}.{b64(raised)}.{signature}"
    response = requests.get(server.url(f"{API}/users"), headers=bearer(forged),
                            timeout=TIMEOUT)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert me(server, tokens["access_token"]).json()["role"] == "user"  # the untouched one


def test_a_role_claim_in_a_validly_signed_token_gives_no_power(server):
    """Catches a role taken from the token instead of the database: even a correctly
    signed token saying `role: admin` leaves a plain user a plain user."""
    claims = {**claims_of(sign_in(server, "user", "user123")["access_token"]), "role": "admin"}
    response = requests.get(server.url(f"{API}/users"),
                            headers=bearer(sign(claims, server.secret())), timeout=TIMEOUT)
    assert response.status_code == 403


def test_expired_token_is_refused(server):
    """Catches a missing expiry check: validly signed with the server's key, only `exp`
    is in the past (the same claims with a future `exp` are accepted)."""
    claims = claims_of(sign_in(server, "user", "user123")["access_token"])
    now = int(time.time())
    assert me(server, sign(claims, server.secret())).status_code == 200
    claims.update(iat=now - 3600, nbf=now - 3600, exp=now - 60)
    response = me(server, sign(claims, server.secret()))
    assert response.status_code == 401
    assert response.json()["error"] == "token_expired"


def test_token_without_exp_is_refused(server):
    """Catches a token that never expires because it has no `exp` at all (validly signed;
    the same token with its `exp` is accepted)."""
    claims = claims_of(sign_in(server, "user", "user123")["access_token"])
    assert me(server, sign(claims, server.secret())).status_code == 200
    del claims["exp"]
    assert me(server, sign(claims, server.secret())).status_code == 401


# ── Revocation: logout, password change, deactivation, demotion ──────────────────────────


def test_logout_revokes_the_access_and_the_refresh_token(server):
    """Catches a logout that only deletes cookies: the stolen tokens of that sign-in must
    stop working on the server."""
    tokens = sign_in(server, "user", "user123")
    assert me(server, tokens["access_token"]).status_code == 200
    response = requests.post(server.url(f"{API}/auth/logout"),
                             headers=bearer(tokens["access_token"]), timeout=TIMEOUT)
    assert response.status_code == 204
    assert me(server, tokens["access_token"]).status_code == 401
    assert refresh(server, tokens["refresh_token"]).status_code == 401


def test_password_change_revokes_every_other_token_and_keeps_this_sign_in(server, admin):
    """Catches a password change that leaves a thief's session alive: every token issued
    before it (this sign-in's old ones and every other sign-in's) is refused; the new
    pair the change returns works, and so does the new password."""
    create_user(server, admin, "changer")
    laptop = sign_in(server, "changer", "secret-pass-1")
    phone = sign_in(server, "changer", "secret-pass-1")
    response = requests.post(server.url(f"{API}/auth/password"),
                             headers=bearer(laptop["access_token"]), timeout=TIMEOUT,
                             json={"current_password": "secret-pass-1",
                                   "new_password": "better-pass-9"})
    assert response.status_code == 200, response.text
    assert me(server, response.json()["access_token"]).status_code == 200
    for stale in (laptop["access_token"], phone["access_token"]):
        assert me(server, stale).status_code == 401
    assert refresh(server, phone["refresh_token"]).status_code == 401
    sign_in(server, "changer", "better-pass-9")


def test_deactivation_revokes_the_tokens_and_blocks_sign_in(server, admin):
    """Catches a deactivated account that keeps working until its token expires."""
    account = create_user(server, admin, "leaver")
    tokens = sign_in(server, "leaver", "secret-pass-1")
    assert me(server, tokens["access_token"]).status_code == 200
    update_user(server, admin, account["id"], is_active=False)
    assert me(server, tokens["access_token"]).status_code == 401
    assert refresh(server, tokens["refresh_token"]).status_code == 401
    response = requests.post(server.url(TOKEN), timeout=TIMEOUT,
                             json={"username": "leaver", "password": "secret-pass-1"})
    assert response.status_code == 403
    assert response.json()["error"] == "account_disabled"


def test_a_demoted_admin_loses_power_at_once(server, admin):
    """Catches a role cached in the token or the process: the admin's existing token must
    lose admin power the moment the role changes, and a new sign-in gets none."""
    boss = create_user(server, admin, "boss", role="admin")
    tokens = sign_in(server, "boss", "secret-pass-1")
    users = server.url(f"{API}/users")
    assert requests.get(users, headers=bearer(tokens["access_token"]),
                        timeout=TIMEOUT).status_code == 200
    update_user(server, admin, boss["id"], role="user")
    assert requests.get(users, headers=bearer(tokens["access_token"]),
                        timeout=TIMEOUT).status_code in (401, 403)
    fresh = sign_in(server, "boss", "secret-pass-1")
    assert requests.get(users, headers=bearer(fresh["access_token"]),
                        timeout=TIMEOUT).status_code == 403


# ── Refresh tokens: rotation with reuse detection ────────────────────────────────────────


def test_refresh_token_reuse_ends_the_whole_sign_in_family(server, admin):
    """Catches refresh tokens that are not single-use, and a reuse that only refuses the
    old token: presenting a used refresh token must end every token of that sign-in (the
    newest access and refresh tokens too — they may be the thief's), write an audit
    entry with the client address, and leave the account's other sign-ins alone."""
    account = create_user(server, admin, "victim")
    first = sign_in(server, "victim", "secret-pass-1")
    other = sign_in(server, "victim", "secret-pass-1")  # another device: another family
    second = refresh(server, first["refresh_token"])
    assert second.status_code == 200
    third = refresh(server, second.json()["refresh_token"])
    assert third.status_code == 200
    newest = third.json()
    assert me(server, newest["access_token"]).status_code == 200

    reused = refresh(server, first["refresh_token"])
    assert reused.status_code == 401
    assert reused.json()["error"] == "token_reused"
    assert me(server, newest["access_token"]).status_code == 401
    assert refresh(server, newest["refresh_token"]).status_code == 401

    assert me(server, other["access_token"]).status_code == 200
    assert refresh(server, other["refresh_token"]).status_code == 200

    audit = requests.get(server.url(f"{API}/audit"), headers=bearer(admin["access_token"]),
                         params={"action": "auth.refresh_reuse", "entity_id": account["id"]},
                         timeout=TIMEOUT).json()
    assert audit["total"] == 1
    entry = audit["items"][0]
    assert entry["actor_id"] == account["id"] and entry["entity_type"] == "user"
    assert entry["client_address"] == "127.0.0.1"
    assert entry["after"] == {"family": claims_of(first["refresh_token"])["sid"]}


def test_concurrent_refreshes_with_one_token_succeed_exactly_once(server, admin):
    """Catches a check-then-set race: 16 threads present one refresh token at the same
    moment to two gunicorn workers with four threads each; exactly one gets new tokens."""
    create_user(server, admin, "racer")
    tokens = sign_in(server, "racer", "secret-pass-1")
    start = threading.Barrier(16)
    statuses: list[int] = []

    def use() -> None:
        with requests.Session() as session:
            session.get(server.url("/healthz"), timeout=TIMEOUT)  # connected before the race
            start.wait(timeout=TIMEOUT)
            response = session.post(server.url(REFRESH), timeout=TIMEOUT,
                                    headers=bearer(tokens["refresh_token"]))
            statuses.append(response.status_code)

    threads = [threading.Thread(target=use) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [200] + [401] * 15


# ── Where tokens travel ──────────────────────────────────────────────────────────────────


def test_a_token_in_the_query_string_is_refused(server):
    """Catches tokens accepted from URLs (they end up in logs, history and Referer)."""
    token = sign_in(server, "user", "user123")["access_token"]
    for name in ("jwt", "access_token", "token"):
        response = requests.get(server.url(ME), params={name: token}, timeout=TIMEOUT)
        assert response.status_code == 401


def test_tokens_never_appear_in_urls_or_the_access_log(server):
    """Catches a token written to the JSON access log (a path with a query string, a
    logged header): after signing in both ways, refreshing and calling the API with the
    tokens, no log line holds any of them, while the log does record those requests."""
    pair = sign_in(server, "user", "user123")
    renewed = refresh(server, pair["refresh_token"]).json()
    assert me(server, renewed["access_token"]).status_code == 200
    with requests.Session() as browser:
        login = browser.post(server.url(LOGIN), timeout=TIMEOUT,
                             json={"username": "support", "password": "support123"})
        assert login.status_code == 200
        assert "token" not in login.text.replace("expires_in", "")  # no token in the body
        cookies = [browser.cookies["access_token_cookie"], browser.cookies["refresh_token_cookie"]]
        assert browser.get(server.url(ME), timeout=TIMEOUT).status_code == 200
    secrets_seen = [pair["access_token"], pair["refresh_token"], renewed["access_token"],
                    renewed["refresh_token"], *cookies]
    lines = [json.loads(line) for line in server.log.read_text().splitlines()
             if line.startswith("{") and '"helpdesk.access"' in line]
    paths = {line["path"] for line in lines}
    assert {TOKEN, REFRESH, LOGIN, ME} <= paths
    text = server.log.read_text()
    for token in secrets_seen:
        signature = token.rsplit(".", 1)[1]
        assert signature not in text
    assert all("?" not in line["path"] for line in lines)


def test_sign_in_issues_new_tokens_and_does_not_adopt_a_planted_cookie(server):
    """Catches session fixation: an attacker plants their own (valid) session cookie in
    the victim's browser before the victim signs in. The sign-in must issue a new token
    of a new sign-in family, and the planted token must stay the attacker's own — it
    never becomes the victim's session."""
    attacker = sign_in(server, "user", "user123")
    planted = attacker["access_token"]
    with requests.Session() as browser:
        browser.cookies.set("access_token_cookie", planted, domain="127.0.0.1", path="/api/")
        login = browser.post(server.url(LOGIN), timeout=TIMEOUT,
                             json={"username": "support", "password": "support123"})
        assert login.status_code == 200
        issued = login.cookies["access_token_cookie"]
        assert issued != planted
        assert claims_of(issued)["sid"] != claims_of(planted)["sid"]
        assert browser.get(server.url(ME), timeout=TIMEOUT).json()["username"] == "support"
    assert me(server, planted).json()["username"] == "user"
    again = sign_in(server, "user", "user123")
    assert claims_of(again["access_token"])["sid"] != claims_of(planted)["sid"]


# ── Sign-in: enumeration, lockout, password change ───────────────────────────────────────


def test_unknown_user_and_wrong_password_get_the_same_answer(server):
    """Catches user enumeration by the answer: status, error code and message are the
    same whether the account exists or not."""
    def attempt(username: str) -> requests.Response:
        return requests.post(server.url(TOKEN), timeout=TIMEOUT,
                             json={"username": username, "password": "not-the-password"})

    unknown, wrong = attempt("nobody-here"), attempt("user")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.json()["message"] == "Wrong username or password."


def test_repeated_failures_get_429_with_retry_after_even_for_the_right_password(server, admin):
    """Catches a missing brute-force limit: after a few failures for one account the
    API answers 429 with a Retry-After, and the right password must wait too."""
    create_user(server, admin, "target")
    statuses = []
    for _ in range(6):
        response = requests.post(server.url(TOKEN), timeout=TIMEOUT,
                                 json={"username": "target", "password": "wrong-pass"})
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    assert statuses[-1] == 429, statuses
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json()["error"] == "rate_limited"
    right = requests.post(server.url(TOKEN), timeout=TIMEOUT,
                          json={"username": "target", "password": "secret-pass-1"})
    assert right.status_code == 429
    assert int(right.headers["Retry-After"]) >= 1


def test_the_client_limit_cannot_be_dodged_with_a_forged_x_forwarded_for(server):
    """Catches a proxy setting that believes any client's X-Forwarded-For: with the
    default TRUSTED_PROXIES=0 an attacker spraying guesses at many account names, each
    request claiming another address, still counts as one client and is slowed."""
    statuses = []
    for attempt in range(14):
        response = requests.post(
            server.url(TOKEN), timeout=TIMEOUT,
            headers={"X-Forwarded-For": f"203.0.113.{attempt + 1}", "X-Real-IP": "10.0.0.9"},
            json={"username": f"guess{attempt}", "password": "wrong-pass"})
        statuses.append(response.status_code)
    assert 429 in statuses, statuses
    assert statuses.index(429) <= 11  # the client's 10 free failures, then it must wait


def test_a_password_change_needs_the_current_password(server, admin):
    """Catches a password change a stolen session can make alone: without the current
    password, or with a wrong one, it is refused and the old password still works."""
    create_user(server, admin, "keeper")
    tokens = sign_in(server, "keeper", "secret-pass-1")
    url = server.url(f"{API}/auth/password")
    missing = requests.post(url, headers=bearer(tokens["access_token"]), timeout=TIMEOUT,
                            json={"new_password": "taken-over-1"})
    assert missing.status_code == 422
    assert "current_password" in missing.json()["fields"]
    wrong = requests.post(url, headers=bearer(tokens["access_token"]), timeout=TIMEOUT,
                          json={"current_password": "guessed-pass", "new_password": "taken-over-1"})
    assert wrong.status_code == 422
    assert "current_password" in wrong.json()["fields"]
    assert me(server, tokens["access_token"]).status_code == 200
    sign_in(server, "keeper", "secret-pass-1")
