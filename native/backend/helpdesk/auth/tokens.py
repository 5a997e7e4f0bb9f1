"""JWT set-up: one explicit algorithm, a Redis blocklist, the user read from the database.

Every token carries `sid` (the sign-in family it belongs to, new at each login, kept by
every refresh) and `gen` (the account's token generation). Logout blocks the sid; a
password change, a role change or a deactivation raises the generation, which ends every
older token at once.

Refresh tokens rotate and work once (OAuth 2.0 Security BCP, refresh token rotation with
reuse detection): the first use marks the token's jti used, atomically (SET NX), and
whoever presents it again — an attacker with a stolen copy, or the owner after the
attacker — ends the whole family: its sid is blocked for the refresh lifetime.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Response, current_app, request
from flask_jwt_extended import create_access_token, create_refresh_token
from sqlalchemy import bindparam, select

from helpdesk.database import get_session
from helpdesk.errors import error_response
from helpdesk.extensions import get_redis, jwt
from helpdesk.users.models import User

REQUIRED_CLAIMS = ("exp", "iat", "jti", "sub", "sid", "gen", "type")
# Requests that may change the signed-in account (profile, password, logout everywhere).
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class SignedInUser:
    """The signed-in account as a plain read-only row, for requests that do not change it.

    Building an ORM `User` through the session costs more than the query itself; a read
    request only needs the columns (its id and role, for `/me` the profile)."""

    id: int
    username: str
    email: str
    role: str
    password_hash: str
    is_active: bool
    language: str
    email_notifications: bool
    has_default_password: bool
    token_generation: int
    created_at: datetime
    updated_at: datetime


_USERS = User.__table__
# Built once: the columns in SignedInUser's order, one row by primary key.
USER_BY_ID = select(*(_USERS.c[name] for name in SignedInUser.__dataclass_fields__)).where(
    _USERS.c.id == bindparam("user_id"))


def configure(app: Flask) -> None:
    config = app.config
    config.update(
        JWT_ALGORITHM="HS256",
        JWT_DECODE_ALGORITHMS=["HS256"],
        JWT_TOKEN_LOCATION=["headers", "cookies"],  # never the query string
        JWT_ACCESS_TOKEN_EXPIRES=timedelta(minutes=config["ACCESS_TOKEN_MINUTES"]),
        JWT_REFRESH_TOKEN_EXPIRES=timedelta(days=config["REFRESH_TOKEN_DAYS"]),
        JWT_COOKIE_SECURE=config["COOKIE_SECURE"],
        JWT_COOKIE_SAMESITE="Lax",
        JWT_COOKIE_CSRF_PROTECT=True,
        JWT_CSRF_IN_COOKIES=True,
        JWT_ACCESS_COOKIE_PATH="/api/",
        JWT_REFRESH_COOKIE_PATH="/api/v1/auth/",
        JWT_ACCESS_CSRF_COOKIE_PATH="/",
        JWT_REFRESH_CSRF_COOKIE_PATH="/",
        JWT_SESSION_COOKIE=False,
    )
    jwt.init_app(app)


def issue(user: User, sid: str | None = None) -> tuple[str, str]:
    """A new access and refresh token pair for `user`; a new sid unless one is given."""
    claims = {"sid": sid or secrets.token_urlsafe(16), "gen": user.token_generation}
    return (create_access_token(identity=str(user.id), additional_claims=claims),
            create_refresh_token(identity=str(user.id), additional_claims=claims))


def _remaining(payload: dict[str, Any]) -> int:
    return max(int(payload["exp"] - time.time()), 1)


def revoke_token(payload: dict[str, Any]) -> None:
    get_redis().set(f"revoked:jti:{payload['jti']}", 1, ex=_remaining(payload))


def claim_refresh(payload: dict[str, Any]) -> bool:
    """Mark a refresh token used; False when it had been used before (atomic in Redis:
    of any number of concurrent uses exactly one gets True)."""
    return bool(get_redis().set(f"used:jti:{payload['jti']}", 1, nx=True,
                                ex=_remaining(payload)))


def revoke_session(payload: dict[str, Any]) -> None:
    lifetime = int(current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())
    get_redis().set(f"revoked:sid:{payload['sid']}", 1, ex=lifetime)


def _unauthorized(message: str, code: str = "unauthorized") -> Response:
    return error_response(401, code, message)


@jwt.token_verification_loader
def has_required_claims(_header: dict, payload: dict) -> bool:
    return all(name in payload for name in REQUIRED_CLAIMS)


@jwt.token_in_blocklist_loader
def is_revoked(_header: dict, payload: dict) -> bool:
    keys = [f"revoked:jti:{payload.get('jti')}", f"revoked:sid:{payload.get('sid')}"]
    return bool(get_redis().exists(*keys))


@jwt.user_lookup_loader
def load_user(_header: dict, payload: dict) -> User | SignedInUser | None:
    """The role and the active flag come from the database on every request.

    A write gets the ORM `User` (the route may change the account: profile, password,
    logout everywhere, or link it to a new ticket); any other request a `SignedInUser`
    row read with one pre-built statement, which is cheaper and cannot be changed."""
    try:
        user_id = int(payload["sub"])
    except (KeyError, TypeError, ValueError):
        return None
    user: User | SignedInUser | None
    if request.method in WRITE_METHODS:
        user = get_session().get(User, user_id)
    else:
        row = get_session().execute(USER_BY_ID, {"user_id": user_id}).first()
        user = SignedInUser(*row) if row is not None else None
    if user is None or not user.is_active or user.token_generation != payload.get("gen"):
        return None
    return user


@jwt.unauthorized_loader
def missing_token(_reason: str) -> Response:
    return _unauthorized("Please sign in.")


@jwt.invalid_token_loader
def invalid_token(_reason: str) -> Response:
    return _unauthorized("The token is invalid.", "invalid_token")


@jwt.expired_token_loader
def expired_token(_header: dict, _payload: dict) -> Response:
    return _unauthorized("The session has expired; please sign in again.", "token_expired")


@jwt.revoked_token_loader
def revoked_token(_header: dict, _payload: dict) -> Response:
    return _unauthorized("This session has ended; please sign in again.", "token_revoked")


@jwt.token_verification_failed_loader
def unverified_token(_header: dict, _payload: dict) -> Response:
    return _unauthorized("The token is invalid.", "invalid_token")


@jwt.user_lookup_error_loader
def unknown_user(_header: dict, _payload: dict) -> Response:
    return _unauthorized("This session has ended; please sign in again.", "token_revoked")
