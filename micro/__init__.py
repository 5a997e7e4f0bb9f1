"""Micro: the help desk as one Flask application on SQLite, rendered on the server."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from . import archive, auth, db, errors, i18n, rate_limit, security, session, templating, widgets
from .domain import SQLITE_MAX_INT
from .extensions import csrf, login_manager
from .memo import BoundedMemo


class MicroFlask(Flask):
    """Flask, with ensure_sync() answered once per function: Flask asks `inspect` whether
    each view and each before/after/teardown function is a coroutine function on every
    request (fourteen times per page); the answer never changes."""

    def ensure_sync(self, func: Callable) -> Callable:
        known = self._sync_functions.get(func)
        if known is None:
            known = self._sync_functions.keep(func, super().ensure_sync(func))
        return known

    @cached_property
    def _sync_functions(self) -> BoundedMemo[Callable, Callable]:
        return BoundedMemo(1000)


class IdConverter(IntegerConverter):
    """`<int:...>` in a URL: ASCII digits only (werkzeug's `\\d` also takes "٣"), within
    SQLite's 64-bit range; anything else is a 404 before a view runs."""

    regex = r"[0-9]{1,20}"

    def __init__(self, map, **kwargs) -> None:
        super().__init__(map, **{"max": SQLITE_MAX_INT, **kwargs})


def create_app(test_config: dict | None = None) -> Flask:
    """The app; with MICRO_SPEEDUPS=0 without the speed work that relies on the internals
    of Flask's dependencies (plain Flask, Jinja and its gettext, Flask's own session,
    Flask-WTF's own token, `{% constant %}` rendered every time): the same pages, slower."""
    speedups = env_flag("MICRO_SPEEDUPS", True)
    instance_path = os.environ.get("MICRO_INSTANCE_PATH")
    app = (MicroFlask if speedups else Flask)(
        __name__, instance_path=os.path.abspath(instance_path) if instance_path else None,
        instance_relative_config=True)
    app.config["SPEEDUPS"] = speedups
    app.url_map.converters["int"] = IdConverter
    load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    security.load_secret_key(app)
    security.configure_password_hashing(app)
    register_extensions(app)
    app.before_request(rate_limit.limit_writes)  # after the CSRF check (an extension's)
    register_blueprints(app)
    errors.register(app)
    templating.install(app)
    app.jinja_env.globals.update(options=widgets.options, ticket_rows=widgets.ticket_rows,
                                 link=widgets.link, query_link=widgets.query_link)
    app.after_request(security.set_security_headers)
    app.session_interface = session.interface(speedups=speedups)
    with app.app_context():
        db.init_db(app)
    return app


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(
        ENV_NAME=os.environ.get("MICRO_ENV", "development"),
        SECRET_KEY=os.environ.get("MICRO_SECRET_KEY"),
        DATABASE=os.environ.get("MICRO_DATABASE")
        or os.path.join(app.instance_path, "micro.db"),
        DEMO_ACCOUNTS=env_flag("MICRO_DEMO_ACCOUNTS", True),
        PAGE_SIZE=25,
        LOGIN_MAX_FAILURES_PER_ACCOUNT=5,
        LOGIN_MAX_FAILURES_PER_ADDRESS=30,
        LOGIN_LOCK_SECONDS=15 * 60,
        WRITES_PER_MINUTE=int(os.environ.get("MICRO_WRITES_PER_MINUTE", "60")),
        THREAD_PAGE_SIZE=50,
        POLL_SECONDS=int(os.environ.get("MICRO_POLL_SECONDS", "30")),
        SESSION_ABSOLUTE_SECONDS=8 * 3600,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=30),
        SESSION_COOKIE_NAME="micro_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=env_flag("MICRO_COOKIE_SECURE", False),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        MAX_CONTENT_LENGTH=256 * 1024,
        BABEL_DEFAULT_LOCALE="en",
        BABEL_DEFAULT_TIMEZONE="UTC",
        ARGON2_PARAMETERS={},
    )
    if test_config is not None:
        app.config.update(test_config)


def register_extensions(app: Flask) -> None:
    csrf.init_app(app)
    if app.config["SPEEDUPS"]:
        # Flask-WTF's csrf_token() for templates, memoised per session (it comes as a
        # global and from a context processor; this processor runs after Flask-WTF's).
        app.jinja_env.globals["csrf_token"] = session.csrf_token
        app.context_processor(lambda: {"csrf_token": session.csrf_token})
    login_manager.init_app(app)
    i18n.init_app(app)
    db.register(app)
    archive.register(app)


def register_blueprints(app: Flask) -> None:
    from . import admin, dashboard, live, tickets

    app.register_blueprint(auth.bp)
    app.register_blueprint(tickets.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(live.bp)
    app.register_blueprint(admin.bp)
