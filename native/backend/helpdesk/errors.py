"""One JSON error envelope for every error:
{"error": kind, "code": what exactly, "message": English text, "fields": {name: text},
 "field_errors": {name: field code}, "params": {name: value}}.
The codes are listed in error_codes.py; clients translate them, `message` is for people
reading the raw API."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from flask_jwt_extended.exceptions import CSRFError
from redis.exceptions import RedisError
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """`code` is the envelope's `error` (the kind); `reason` its specific `code`; each
    field's problem is `field_errors[name]`, "invalid" unless given."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None,
                 code: str | None = None, headers: dict[str, str] | None = None,
                 reason: str | None = None, field_errors: dict[str, str] | None = None,
                 params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}
        if code:
            self.code = code
        self.reason = reason or self.code
        self.field_errors = {name: (field_errors or {}).get(name, "invalid")
                             for name in self.fields}
        self.params = params or {}


class Invalid(ApiError):
    status, code = 422, "validation_error"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class TooLarge(ApiError):
    status, code = 413, "too_large"


def error_response(status: int, code: str, message: str,
                   fields: dict[str, Any] | None = None, *, reason: str | None = None,
                   field_errors: dict[str, str] | None = None,
                   params: dict[str, Any] | None = None) -> Response:
    response = jsonify({"error": code, "code": reason or code, "message": message,
                        "fields": fields or {}, "field_errors": field_errors or {},
                        "params": params or {}})
    response.status_code = status
    return response


HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "too_large",
    415: "unsupported_media_type", 422: "validation_error", 429: "rate_limited",
    503: "unavailable",
}


LOGIN_ENDPOINTS = frozenset({"auth.login", "auth.token"})


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        response = error_response(error.status, error.code, error.message, error.fields,
                                  reason=error.reason, field_errors=error.field_errors,
                                  params=error.params)
        response.headers.update(error.headers)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> Response:
        return error_response(403, "csrf_failed", "The CSRF token is missing or does not match.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        message = error.description or error.name
        reason = None
        if status == 429:
            message = "Too many requests. Please wait and try again."
            if request.endpoint in LOGIN_ENDPOINTS:
                # The hard lock of Flask-Limiter on sign-in: the wait is in Retry-After.
                reason = "account_locked"
                message = "Too many failed sign-ins. Please wait and try again."
        response = error_response(status, HTTP_CODES.get(status, "error"), message,
                                  reason=reason)
        if status == 429 or status == 405:
            # Flask-Limiter adds Retry-After itself; 405 must name the allowed methods.
            for header in ("Allow",):
                value = error.get_response().headers.get(header)
                if value:
                    response.headers[header] = value
        return response

    @app.errorhandler(DataError)
    def data_error(error: DataError) -> Response:
        log.warning("value refused by the database: %s", error.orig)
        return error_response(422, "validation_error", "A value is out of the allowed range.")

    @app.errorhandler(OperationalError)
    @app.errorhandler(RedisError)
    def unavailable(error: Exception) -> Response:
        # A lost database or Redis connection: say so clearly; the pool reconnects
        # (pre-ping) on the next request, so the app keeps serving once it is back.
        log.error("backing service unavailable: %s", type(error).__name__)
        response = error_response(503, "unavailable",
                                  "The service is briefly unavailable. Please try again.")
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("unhandled error", exc_info=error)
        return error_response(500, "internal_error",
                              "Something went wrong on our side. It has been logged.")
