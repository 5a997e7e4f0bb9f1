"""Extensions, created unbound here and bound to the application in create_app."""

from __future__ import annotations

from hmac import compare_digest
from typing import Any

import redis
from flask import current_app, g, has_app_context, request
from flask_cors import CORS
from flask_jwt_extended import JWTManager, decode_token
from flask_jwt_extended.config import config as jwt_config
from flask_jwt_extended.default_callbacks import default_decode_key_callback
from flask_jwt_extended.exceptions import CSRFError, JWTDecodeError
from flask_jwt_extended.tokens import _decode_jwt
from flask_limiter import Limiter


def client_address() -> str:
    # ProxyFix (configured by TRUSTED_PROXIES) has already put the real client here.
    return request.remote_addr or "unknown"


def caller_key() -> str:
    """The signed-in account when the request carries a valid access token, else the
    client address: colleagues behind one NAT address do not share one write budget.
    The token's signature is checked, so nobody can pick someone else's bucket; the
    verified claims are kept for the request, so the endpoint does not decode it again."""
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else request.cookies.get(
        current_app.config.get("JWT_ACCESS_COOKIE_NAME", "access_token_cookie"))
    if token:
        try:
            return "user:" + str(decode_token(token)["sub"])
        except Exception:  # an invalid token is refused later, by the endpoint itself
            return "address:" + client_address()
    return "address:" + client_address()


class OnceJWTManager(JWTManager):
    """Verifies each token once per request (PyJWT's decoding costs ~0.2 ms a pass).

    flask-jwt-extended decodes a token twice (unverified, to choose the key, then
    verified) and the write rate limiter's `caller_key` decoded it once more. Here a
    token is verified in one pass and its claims are kept on `flask.g` for the rest of
    the request. Whatever does not pass the fast path (invalid, tampered, expired,
    alg=none...) goes through flask-jwt-extended's own code, so it is refused exactly
    as before, with the same error."""

    def _decode_jwt_from_config(self, encoded_token: str, csrf_value: Any = None,
                                allow_expired: bool = False) -> dict:
        if (allow_expired or not has_app_context()
                or self._decode_key_callback is not default_decode_key_callback):
            # The key would depend on the unverified token: keep the library's two passes.
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        verified: dict[str, dict] = g.setdefault("verified_tokens", {})
        claims = verified.get(encoded_token)
        if claims is None:
            try:
                claims = _decode_jwt(
                    algorithms=jwt_config.decode_algorithms, allow_expired=False,
                    audience=jwt_config.decode_audience, csrf_value=None,
                    encoded_token=encoded_token,
                    identity_claim_key=jwt_config.identity_claim_key,
                    issuer=jwt_config.decode_issuer, leeway=jwt_config.leeway,
                    secret=jwt_config.decode_key,
                    verify_aud=jwt_config.decode_audience is not None,
                    verify_sub=jwt_config.verify_sub)
            except Exception:
                # Refused: let the library raise its own error (with header and claims).
                return super()._decode_jwt_from_config(encoded_token, csrf_value,
                                                       allow_expired)
            verified[encoded_token] = claims
        if csrf_value:  # the double-submit check of flask_jwt_extended.tokens._decode_jwt
            if "csrf" not in claims:
                raise JWTDecodeError("Missing claim: csrf")
            if not compare_digest(claims["csrf"], csrf_value):
                raise CSRFError("CSRF double submit tokens do not match")
        return dict(claims)


jwt = OnceJWTManager()
limiter = Limiter(key_func=client_address, headers_enabled=True)
cors = CORS()


def get_redis() -> redis.Redis:
    return current_app.extensions["redis"]
