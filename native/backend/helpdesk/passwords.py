"""argon2id hashing. Unknown users are checked against a dummy hash: the same time."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app


def init_app(app: Flask) -> None:
    hasher = PasswordHasher(time_cost=app.config["PASSWORD_TIME_COST"],
                            memory_cost=app.config["PASSWORD_MEMORY_KIB"], parallelism=1)
    app.extensions["password_hasher"] = hasher
    app.extensions["dummy_password_hash"] = hasher.hash("no such user, dummy password")


def _hasher() -> PasswordHasher:
    return current_app.extensions["password_hasher"]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no hash, spend the same time and say False."""
    try:
        if password_hash is None:
            _hasher().verify(current_app.extensions["dummy_password_hash"], password + "\0")
            return False
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
