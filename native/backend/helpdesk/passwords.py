"""argon2id hashing. Unknown users are checked against a dummy hash: the same time.

Accounts imported from Nano carry its scrypt hashes (`scrypt$N$r$p$salt$hash`, base64
salt and hash); they are verified as Nano does and replaced by argon2id at the next
successful log-in (`needs_rehash`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

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


SCRYPT_PREFIX = "scrypt$"
# Nano's own cost is N=2^17, r=8; an imported hash asking for far more is refused rather
# than letting one log-in take the server's memory.
SCRYPT_MAX_MEMORY = 256 * 1024 * 1024


def verify_scrypt(password_hash: str, password: str) -> bool:
    try:
        _scheme, n, r, p, salt, digest = password_hash.split("$")
        cost, block, lanes = int(n), int(r), int(p)
        expected = base64.b64decode(digest, validate=True)
        memory = 128 * cost * block * lanes
        if memory > SCRYPT_MAX_MEMORY or not expected:
            return False
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt, validate=True),
                                n=cost, r=block, p=lanes, dklen=len(expected),
                                maxmem=memory * 2 + 1024 * 1024)
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(password_hash: str) -> bool:
    """Not argon2id at this server's cost (an imported scrypt hash, or older settings)."""
    if password_hash.startswith(SCRYPT_PREFIX):
        return True
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no hash, spend the same time and say False."""
    try:
        if password_hash is not None and password_hash.startswith(SCRYPT_PREFIX):
            return verify_scrypt(password_hash, password)
        if password_hash is None:
            _hasher().verify(current_app.extensions["dummy_password_hash"], password + "\0")
            return False
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
