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
from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import TimestampSigner, URLSafeTimedSerializer, want_bytes
from itsdangerous.encoding import base64_decode, bytes_to_int

from . import queries
from .memo import BoundedMemo

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


_derived_keys: BoundedMemo[tuple, bytes] = BoundedMemo(16)


class _Signer(TimestampSigner):
    """itsdangerous' signer with its key derivation (an HMAC of the secret) done once per
    key rather than for every signature."""

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        secret = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        key = (secret, self.salt, self.key_derivation, self.digest_method)
        derived = _derived_keys.get(key)
        if derived is None:
            derived = _derived_keys.keep(key, super().derive_key(secret_key))
        return derived


_SCALARS = (str, int, float, bool)
_decoded_payloads: BoundedMemo[bytes, dict] = BoundedMemo(10_000)


class _Serializer(URLSafeTimedSerializer):
    """The session serializer with decoded payloads memoised: an unchanged session keeps
    its payload from response to response (see SessionInterface.save_session). Only the
    decoding is skipped; signature and age are checked on every request before it."""

    def load_payload(self, payload: bytes, serializer=None):
        if serializer is not None:
            return super().load_payload(payload, serializer=serializer)
        data = _decoded_payloads.get(payload)
        if data is None:
            data = super().load_payload(payload)
            if isinstance(data, dict) and all(type(v) in _SCALARS for v in data.values()):
                _decoded_payloads.keep(payload, data)
        return dict(data) if isinstance(data, dict) else data


# Session cookies whose signature this worker has checked, by the signing keys and the
# cookie's exact text: the same text under the same keys always checks the same way, so a
# browser sending its cookie again costs a dict lookup instead of an HMAC and two decodes.
# Only the signature check is skipped; the age is checked on every request. Only sessions
# of plain values are kept (nothing mutable is shared between requests).
_verified_cookies: BoundedMemo[tuple, tuple[str, dict, int]] = BoundedMemo(10_000)


class _Session(SecureCookieSession):
    # The signed payload of the cookie this session was read from, what it held, and when
    # it was signed (seconds since the epoch).
    loaded: tuple[str, dict, int] | None = None


# An unchanged session's cookie is signed again (which restarts the idle timeout) only
# when it is older than this: the idle timeout may run up to a minute longer, and most
# responses need no new cookie at all.
SESSION_REFRESH_SECONDS = 60


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed session cookie, in the same format, but cheaper: the signing
    serializer is built once per key (Flask builds two per request), a cookie seen before
    is not verified again (see _verified_cookies), and a session that the request left as
    it was keeps the cookie's payload — no new cookie at all while it is younger than
    SESSION_REFRESH_SECONDS, else the same payload signed again with the new time (the
    idle timeout restarts) instead of serialising and compressing the same values again."""

    session_class = _Session

    def __init__(self) -> None:
        # Only the serializer of the current keys is kept.
        self._serializers: BoundedMemo[tuple, URLSafeTimedSerializer | None] = BoundedMemo(1)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        if keys not in self._serializers:
            self._serializers.keep(keys, _Serializer(
                list(keys), salt=self.salt, serializer=self.serializer, signer=_Signer,
                signer_kwargs={"key_derivation": self.key_derivation,
                               "digest_method": self.digest_method},
            ) if app.secret_key else None)
        return self._serializers[keys]

    def open_session(self, app: Flask, request) -> _Session | None:
        serializer = self.get_signing_serializer(app)
        name = self.get_cookie_name(app)
        cookie = request.cookies.get(name)
        if serializer is None or not cookie:
            return super().open_session(app, request)
        key = (*serializer.secret_keys, cookie)
        known = _verified_cookies.get(key)
        if known is not None:
            payload, data, signed_at = known
            # The age check of itsdangerous' TimestampSigner, on every request.
            age = int(time.time()) - signed_at
            if 0 <= age <= int(app.permanent_session_lifetime.total_seconds()):
                session = self.session_class(data)
                session.loaded = (payload, dict(data), signed_at)
                return session
        session = super().open_session(app, request)
        if session:  # read from a cookie with a valid signature
            payload, stamp, _ = cookie.rsplit(".", 2)
            signed_at = bytes_to_int(base64_decode(stamp))
            session.loaded = (payload, dict(session), signed_at)
            if all(type(value) in _SCALARS for value in session.values()):
                _verified_cookies.keep(key, (payload, dict(session), signed_at))
        return session

    def save_session(self, app: Flask, session, response) -> None:
        loaded = getattr(session, "loaded", None)
        if (loaded is None or session.modified or not session
                or not self.should_set_cookie(app, session)
                or not all(type(value) in _SCALARS for value in session.values())
                or dict(session) != loaded[1]):
            super().save_session(app, session, response)
            return
        response.vary.add("Cookie")
        if time.time() - loaded[2] < SESSION_REFRESH_SECONDS:
            return  # the browser's cookie is fresh enough: send none
        signer = self.get_signing_serializer(app).make_signer(self.salt)
        response.set_cookie(
            self.get_cookie_name(app), signer.sign(loaded[0]).decode(),
            expires=self.get_expiration_time(app, session),
            httponly=self.get_cookie_httponly(app), domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app), secure=self.get_cookie_secure(app),
            partitioned=self.get_cookie_partitioned(app),
            samesite=self.get_cookie_samesite(app))


# Signed CSRF tokens by the session's raw token (and the signing key). The token never
# expires by itself (WTF_CSRF_TIME_LIMIT is None: it lives as long as the session), so
# signing the same raw token again on every page only costs time.
_signed_csrf_tokens: BoundedMemo[tuple[str, str], str] = BoundedMemo(10_000)


def csrf_token() -> str:
    """Flask-WTF's generate_csrf() for the forms of a page, memoised per session."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if not isinstance(raw, str) or field in g or config.get("WTF_CSRF_TIME_LIMIT"):
        return generate_csrf()
    key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)
    token = _signed_csrf_tokens.get(key)
    if token is None:
        token = _signed_csrf_tokens.keep(key, generate_csrf())
    else:
        setattr(g, field, token)  # where Flask-WTF keeps the token of the request
    return token


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
