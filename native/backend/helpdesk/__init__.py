"""The Native edition's API: create_app reads like a table of contents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import redis
from flask import Flask

from helpdesk import config as settings
from helpdesk import database, errors, http, instance_secrets, openapi, passwords, spa
from helpdesk.api import ApiBlueprint, IdConverter
from helpdesk.extensions import limiter


def blueprints() -> list[ApiBlueprint]:
    from helpdesk.archive.routes import api as archive
    from helpdesk.attachments.routes import api as attachments
    from helpdesk.audit.routes import api as audit
    from helpdesk.auth.routes import api as auth
    from helpdesk.comments.routes import api as comments
    from helpdesk.notifications.routes import api as notifications
    from helpdesk.stats.routes import api as stats
    from helpdesk.tickets.routes import api as tickets
    from helpdesk.users.routes import api as users

    return [auth, tickets, comments, attachments, users, notifications, stats, audit, archive]


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the application from the environment, with `overrides` on top (tests)."""
    app = Flask(__name__)
    app.url_map.converters["id"] = IdConverter
    config = {**settings.from_env(), **(overrides or {})}
    config["DATABASE_URL"] = settings.database_url(config["DATABASE_URL"])
    instance_secrets.fill_missing(config)
    settings.validate(config)
    app.config.update(config)
    app.config.update(
        MAX_CONTENT_LENGTH=config["MAX_ATTACHMENT_BYTES"] + 64 * 1024,
        RATELIMIT_STORAGE_URI=config["REDIS_URL"],
        # A moving window: a lock-out lasts the full period, not until a clock boundary.
        RATELIMIT_STRATEGY="moving-window",
        RATELIMIT_HEADERS_ENABLED=True,
    )
    http.configure_logging(config["LOG_LEVEL"])
    register_extensions(app)
    register_blueprints(app)
    errors.register(app)
    spa.init_app(app)
    if config["AUTO_MIGRATE"]:
        try:
            prepare_database(app)
        except Exception:
            app.extensions["db_engine"].dispose()
            app.extensions["redis"].close()
            raise
    return app


def register_extensions(app: Flask) -> None:
    from helpdesk.auth import tokens

    database.init_app(app)
    passwords.init_app(app)
    app.extensions["redis"] = redis.Redis.from_url(app.config["REDIS_URL"])
    tokens.configure(app)
    limiter.init_app(app)
    http.init_app(app)


def register_blueprints(app: Flask) -> None:
    api_blueprints = blueprints()
    for blueprint in api_blueprints:
        app.register_blueprint(blueprint.blueprint)
    openapi.init_app(app, api_blueprints)


def prepare_database(app: Flask) -> None:
    """Apply pending migrations and create the first accounts, once, under a lock."""
    from helpdesk.users.service import seed_accounts

    with app.app_context():
        database.migrate(app.extensions["db_engine"],
                         after=lambda session: seed_accounts(session, app.config))
