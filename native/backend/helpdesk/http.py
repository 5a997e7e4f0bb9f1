"""Transport concerns: request ids, JSON logs, HTTPS, security headers, CORS, health."""

from __future__ import annotations

import json
import logging
import secrets
import time
from typing import Any

from flask import Flask, Response, g, jsonify, redirect, request
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix

from helpdesk.extensions import cors

CSP_API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
CSP_DOCS = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'")
REQUEST_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Tokens and passwords are never passed to the logger."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record), "level": record.levelname,
            "logger": record.name, "message": record.getMessage(),
        }
        for name in ("request_id", "method", "path", "status", "duration_ms", "client"):
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(level: str) -> None:
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)


def init_app(app: Flask) -> None:
    if app.config["TRUSTED_PROXIES"] > 0:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    cors.init_app(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
                  supports_credentials=True,
                  allow_headers=["Content-Type", "Authorization", "X-CSRF-TOKEN", "If-Match"])
    access_log = logging.getLogger("helpdesk.access")

    @app.before_request
    def start_request() -> Response | None:
        incoming = request.headers.get("X-Request-ID", "")
        valid = 0 < len(incoming) <= 64 and set(incoming) <= REQUEST_ID_CHARS
        g.request_id = incoming if valid else secrets.token_hex(8)
        g.started = time.perf_counter()
        if app.config["FORCE_HTTPS"] and not request.is_secure and request.path != "/healthz":
            return redirect(request.url.replace("http://", "https://", 1), code=308)
        return None

    @app.after_request
    def finish_request(response: Response) -> Response:
        headers = response.headers
        headers["X-Request-ID"] = g.get("request_id", "")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy",
                           CSP_DOCS if request.path.startswith("/api/docs") else CSP_API)
        if not request.path.startswith("/api/docs"):
            headers["Cache-Control"] = "no-store"
        if app.config["FORCE_HTTPS"]:
            headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        access_log.info("request", extra={
            "request_id": g.get("request_id"), "method": request.method, "path": request.path,
            "status": response.status_code, "client": request.remote_addr,
            "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter()))
                                 * 1000, 1),
        })
        return response

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz() -> tuple[Response, int]:
        checks = {"database": False, "redis": False}
        try:
            with app.extensions["db_engine"].connect() as connection:
                connection.execute(text("SELECT 1"))
            checks["database"] = True
        except Exception:
            logging.getLogger(__name__).exception("database not reachable")
        try:
            checks["redis"] = bool(app.extensions["redis"].ping())
        except Exception:
            logging.getLogger(__name__).exception("redis not reachable")
        ready = all(checks.values())
        return jsonify(status="ready" if ready else "unavailable", checks=checks), (
            200 if ready else 503)
