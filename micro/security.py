"""Password hashing, login throttling, the secret key and the response headers."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app, request
from flask_login import current_user

from . import queries

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")

# Secrets that circulate in tutorials and example files; production refuses them.
KNOWN_WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "secret-key",
                      "your-secret-key", "development", "please-change-me"}


def _hasher() -> PasswordHasher:
    return current_app.extensions["micro_password_hasher"]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; without a hash, spend the same time on a dummy one.

    Accounts imported from Nano carry its scrypt hashes (`scrypt$N$r$p$salt$hash`), which
    are checked as Nano checks them; login re-hashes them (needs_rehash)."""
    if password_hash is not None and password_hash.startswith("scrypt$"):
        return verify_scrypt(password_hash, password)
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or current_app.extensions["micro_dummy_hash"],
                             password) \
            and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


# The most memory a stored hash may ask for (Nano's cost needs 128 MiB): a hash from an
# archive cannot make a log-in allocate without bound.
HASH_MEMORY_LIMIT = 1024 * 1024 * 1024


def verify_scrypt(password_hash: str, password: str) -> bool:
    try:
        _, n, r, p, salt, digest = password_hash.split("$")
        if 128 * int(n) * int(r) * int(p) > HASH_MEMORY_LIMIT:
            return False
        expected = base64.b64decode(digest, validate=True)
        # scrypt needs 128·N·r bytes; OpenSSL's default limit of 32 MiB is below Nano's cost.
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt, validate=True),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected),
                                maxmem=128 * int(n) * int(r) * 2 + 1024 * 1024)
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(password_hash: str) -> bool:
    """A hash in another edition's scheme (Nano's scrypt): replaced at the next log-in."""
    return not password_hash.startswith("$argon2id$")


def configure_password_hashing(app: Flask) -> None:
    # argon2id; the defaults of argon2-cffi (t=3, m=64 MiB, p=4) exceed OWASP's minimum.
    hasher = PasswordHasher(**app.config.get("ARGON2_PARAMETERS", {}))
    app.extensions["micro_password_hasher"] = hasher
    app.extensions["micro_dummy_hash"] = dummy_hash(hasher)


def dummy_hash(hasher: PasswordHasher) -> str:
    """An argon2id hash string with the real parameters and random salt and digest.

    Checking a password against it costs exactly what a real check costs (and always
    fails); writing it costs nothing, so a worker starts without hashing anything.
    """
    def random_b64(length: int) -> str:
        return base64.b64encode(secrets.token_bytes(length)).decode().rstrip("=")

    return (f"$argon2id$v=19$m={hasher.memory_cost},t={hasher.time_cost},"
            f"p={hasher.parallelism}${random_b64(hasher.salt_len)}"
            f"${random_b64(hasher.hash_len)}")


def load_secret_key(app: Flask) -> None:
    """Production needs MICRO_SECRET_KEY; development keeps a generated one on disk."""
    key = app.config.get("SECRET_KEY")
    if app.config["ENV_NAME"] == "production":
        if not key or key.strip().lower() in KNOWN_WEAK_SECRETS or len(key) < 32:
            raise RuntimeError(
                "Refusing to start in production without a strong secret key: set "
                "MICRO_SECRET_KEY to a random value of 32 or more characters, e.g. "
                "python -c 'import secrets; print(secrets.token_hex(32))'")
        return
    if key:
        return
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        # Several workers may start at once: write aside, then link into place, which
        # fails if another worker was first; everyone then reads the same key.
        temporary = path.with_name(f"secret_key.{secrets.token_hex(8)}")
        temporary.write_text(secrets.token_hex(32))
        temporary.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
        temporary.unlink()
    app.config["SECRET_KEY"] = path.read_text().strip()


def client_address() -> str:
    return request.remote_addr or "unknown"


def login_lock_seconds(db, username: str, now: float | None = None) -> int:
    """Seconds until this account name or this client may try again (0: go ahead)."""
    now = time.time() if now is None else now
    keys = (f"user:{username.casefold()}", f"ip:{client_address()}")
    remaining = 0.0
    for key in keys:
        row = queries.get_login_failure(db, key)
        if row is not None and row["locked_until"] > now:
            remaining = max(remaining, row["locked_until"] - now)
    return int(remaining + 0.999)


def record_failed_login(db, username: str) -> None:
    config = current_app.config
    now = time.time()
    limits = ((f"user:{username.casefold()}", config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
              (f"ip:{client_address()}", config["LOGIN_MAX_FAILURES_PER_ADDRESS"]))
    for key, limit in limits:
        queries.record_login_failure(db, key, now=now, limit=limit,
                                     lock_seconds=config["LOGIN_LOCK_SECONDS"],
                                     window_seconds=config["LOGIN_LOCK_SECONDS"])


def clear_failed_logins(db, username: str) -> None:
    queries.clear_login_failure(db, f"user:{username.casefold()}")


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if current_user and current_user.is_authenticated and request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    return response
