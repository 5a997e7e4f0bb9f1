"""Extensions, created unbound here and bound to the application in create_app."""

from __future__ import annotations

import redis
from flask import current_app, request
from flask_cors import CORS
from flask_jwt_extended import JWTManager, decode_token
from flask_limiter import Limiter


def client_address() -> str:
    # ProxyFix (configured by TRUSTED_PROXIES) has already put the real client here.
    return request.remote_addr or "unknown"


def caller_key() -> str:
    """The signed-in account when the request carries a valid access token, else the
    client address: colleagues behind one NAT address do not share one write budget.
    The token's signature is checked, so nobody can pick someone else's bucket."""
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else request.cookies.get(
        current_app.config.get("JWT_ACCESS_COOKIE_NAME", "access_token_cookie"))
    if token:
        try:
            return "user:" + str(decode_token(token)["sub"])
        except Exception:  # an invalid token is refused later, by the endpoint itself
            return "address:" + client_address()
    return "address:" + client_address()


jwt = JWTManager()
limiter = Limiter(key_func=client_address, headers_enabled=True)
cors = CORS()


def get_redis() -> redis.Redis:
    return current_app.extensions["redis"]
