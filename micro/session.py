"""The session cookie and the CSRF token, cheaper than Flask's and Flask-WTF's own but in
the same format: the signing serializer built once per key, a cookie seen before not
HMAC-checked again, an unchanged session not re-serialised, the signed CSRF token memoised.

Each piece relies on itsdangerous', Flask's or Flask-WTF's private behaviour (see "Private
hooks to re-check on an upgrade" in micro/README.md).
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import TimestampSigner, URLSafeTimedSerializer, want_bytes
from itsdangerous.encoding import base64_decode, bytes_to_int

from .memo import BoundedMemo

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


class PollQuiet:
    """A session interface's mixin: a poll never sends a refreshed cookie."""

    def save_session(self, app: Flask, session, response) -> None:
        if request.endpoint == "live.activity" and not session.modified:
            return
        super().save_session(app, session, response)


class PollQuietSessionInterface(PollQuiet, SessionInterface):
    """Micro's session interface, quiet on polls."""


class PollQuietFlaskSessionInterface(PollQuiet, SecureCookieSessionInterface):
    """Flask's own session interface, quiet on polls (MICRO_SPEEDUPS=0)."""


def interface(*, speedups: bool) -> SecureCookieSessionInterface:
    """The app's session interface: Micro's cheaper one, or Flask's own."""
    return PollQuietSessionInterface() if speedups else PollQuietFlaskSessionInterface()
