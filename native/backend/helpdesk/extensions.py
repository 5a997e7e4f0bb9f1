"""Extensions, created unbound here and bound to the application in create_app."""

from __future__ import annotations

import redis
from flask import current_app, request
from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter


def client_address() -> str:
    # ProxyFix (configured by TRUSTED_PROXIES) has already put the real client here.
    return request.remote_addr or "unknown"


jwt = JWTManager()
limiter = Limiter(key_func=client_address, headers_enabled=True)
cors = CORS()


def get_redis() -> redis.Redis:
    return current_app.extensions["redis"]
