"""Authentication's per-request work: each token verified once, the account still re-read.

The claims of a verified token are kept for the request (the write rate limiter and the
endpoint both need them); nothing about the account is kept across requests.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
import pytest

ME = "/api/v1/auth/me"
TICKET = {"title": "Printer is broken", "description": "It prints nothing at all",
          "category": "bug", "priority": "low"}


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every PyJWT decode (verified or not) made while the test runs."""
    calls: list[dict[str, Any]] = []
    real = pyjwt.decode

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("options") or {})
        return real(*args, **kwargs)

    monkeypatch.setattr(pyjwt, "decode", spy)
    return calls


def cookie(client: Any, name: str) -> str:
    found = client.get_cookie(name, path="/") or client.get_cookie(name, path="/api/")
    assert found is not None
    return found.value


def test_a_read_decodes_the_token_once(api, decodes):
    headers = api.headers("user")
    decodes.clear()
    assert api.get("/api/v1/tickets?status=new", headers=headers).status_code == 200
    assert len(decodes) == 1
    assert decodes[0].get("verify_signature", True) is True


def test_a_write_decodes_the_token_once_for_the_rate_limiter_and_the_endpoint(api, decodes):
    headers = api.headers("user")
    decodes.clear()
    assert api.post("/api/v1/tickets", headers=headers, json=TICKET).status_code == 201
    assert len(decodes) == 1


def test_a_tampered_token_on_a_write_is_still_refused(api):
    token = api.token("user")["access_token"]
    header, payload, signature = token.split(".")
    claims = {**json.loads(base64.urlsafe_b64decode(payload + "==")), "sub": "1"}
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    response = api.client.post("/api/v1/tickets", json=TICKET,
                               headers={"Authorization": f"Bearer {header}.{forged}.{signature}"})
    assert response.status_code == 401
    assert response.json["error"] == "invalid_token"


def test_a_cookie_write_with_a_wrong_csrf_token_is_refused_after_the_limiter_decoded_it(
        client, decodes):
    response = client.post("/api/v1/auth/login", json={"username": "user", "password": "user123"})
    assert response.status_code == 200
    csrf = cookie(client, "csrf_access_token")
    decodes.clear()
    wrong = {"X-CSRF-TOKEN": csrf[:-2] + "xx"}
    refused = client.post("/api/v1/tickets", json=TICKET, headers=wrong)
    assert refused.status_code in (401, 403)
    accepted = client.post("/api/v1/tickets", json=TICKET, headers={"X-CSRF-TOKEN": csrf})
    assert accepted.status_code == 201
    assert len(decodes) == 2  # one per request, although both the limiter and the endpoint ask


def test_role_and_active_flag_are_read_for_every_request(api, sql: Callable[..., list]):
    """Even a change behind the application's back (no token generation raised) counts at
    the next request: nothing about the account is cached between requests."""
    boss = api.create_user("boss", role="admin")
    headers = api.headers("boss")
    assert api.get("/api/v1/users", headers=headers).status_code == 200
    sql("UPDATE users SET role = 'user' WHERE id = :id", id=boss["id"])
    assert api.get("/api/v1/users", headers=headers).status_code == 403
    assert api.get(ME, headers=headers).json["role"] == "user"
    sql("UPDATE users SET is_active = false WHERE id = :id", id=boss["id"])
    assert api.get(ME, headers=headers).status_code == 401
    assert api.post("/api/v1/tickets", headers=headers, json=TICKET).status_code == 401


def test_profile_and_password_changes_still_save_the_account(api):
    """Writes get the ORM account (the route changes it); reads a plain row."""
    headers = api.headers("user")
    changed = api.patch(ME, headers=headers, json={"language": "de"})
    assert changed.status_code == 200
    assert api.get(ME, headers=headers).json["language"] == "de"
