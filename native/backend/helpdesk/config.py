"""Settings from the environment. Every setting is documented in `native/.env.example`.

There is no default secret in the code. Production (`APP_ENV=production`) needs both set:
a missing or short secret stops the start. Every other mode generates the missing ones
on first start and keeps them in SECRETS_FILE (`helpdesk.instance_secrets`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MIN_SECRET_LENGTH = 32
# Beside the data, git-ignored (`instance/`), like Micro's instance folder.
DEFAULT_SECRETS_FILE = Path(__file__).resolve().parent.parent / "instance" / "secrets.env"


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says which setting and why."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def database_url(url: str) -> str:
    """Accept the usual `postgresql://` spelling and use the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_env(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    env = environ.get("APP_ENV", "development")
    production = env == "production"
    get = environ.get
    return {
        "APP_ENV": env,
        # An empty value (`SECRET_KEY=` as in .env.example, passed on by an env file)
        # means "not set": generated into SECRETS_FILE on start (refused in production).
        "SECRET_KEY": get("SECRET_KEY") or "",
        "JWT_SECRET_KEY": get("JWT_SECRET_KEY") or get("SECRET_KEY") or "",
        "SECRETS_FILE": get("SECRETS_FILE") or str(DEFAULT_SECRETS_FILE),
        "DATABASE_URL": database_url(
            get("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/helpdesk")
        ),
        "DATABASE_POOL_SIZE": int(get("DATABASE_POOL_SIZE", "5")),
        "REDIS_URL": get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "AUTO_MIGRATE": _bool(get("AUTO_MIGRATE"), True),
        "CREATE_DEMO_ACCOUNTS": _bool(get("CREATE_DEMO_ACCOUNTS"), not production),
        "ADMIN_USERNAME": get("ADMIN_USERNAME", ""),
        "ADMIN_EMAIL": get("ADMIN_EMAIL", ""),
        "ADMIN_PASSWORD": get("ADMIN_PASSWORD", ""),
        "CORS_ORIGINS": _list(get("CORS_ORIGINS")),
        "FORCE_HTTPS": _bool(get("FORCE_HTTPS"), False),
        "COOKIE_SECURE": _bool(get("COOKIE_SECURE"), _bool(get("FORCE_HTTPS"), False)),
        "TRUSTED_PROXIES": int(get("TRUSTED_PROXIES", "0")),
        "ACCESS_TOKEN_MINUTES": int(get("ACCESS_TOKEN_MINUTES", "15")),
        "REFRESH_TOKEN_DAYS": int(get("REFRESH_TOKEN_DAYS", "7")),
        "MAX_ATTACHMENT_BYTES": int(get("MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024))),
        "MAX_ARCHIVE_BYTES": int(get("MAX_ARCHIVE_BYTES", str(512 * 1024 * 1024))),
        "NOTIFICATIONS_POLL_SECONDS": int(get("NOTIFICATIONS_POLL_SECONDS", "30")),
        "RATELIMIT_ENABLED": _bool(get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_KEY_PREFIX": get("RATELIMIT_KEY_PREFIX", "helpdesk-limits"),
        "RATELIMIT_LOGIN_ACCOUNT": get("RATELIMIT_LOGIN_ACCOUNT", "5 per 15 minutes"),
        "RATELIMIT_LOGIN_CLIENT": get("RATELIMIT_LOGIN_CLIENT", "30 per 15 minutes"),
        "RATELIMIT_WRITES": get("RATELIMIT_WRITES", "120 per minute"),
        "LOGIN_SLOWDOWN_SECONDS": float(get("LOGIN_SLOWDOWN_SECONDS", "1")),
        "PASSWORD_TIME_COST": int(get("PASSWORD_TIME_COST", "3")),
        "PASSWORD_MEMORY_KIB": int(get("PASSWORD_MEMORY_KIB", "65536")),
        "MAIL_ENABLED": _bool(get("MAIL_ENABLED"), True),
        "SMTP_HOST": get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(get("SMTP_PORT", "1025")),
        "SMTP_USERNAME": get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _bool(get("SMTP_STARTTLS"), False),
        "MAIL_FROM": get("MAIL_FROM", "helpdesk@localhost"),
        "PUBLIC_URL": get("PUBLIC_URL", "http://localhost:3000"),
        "RQ_QUEUE": get("RQ_QUEUE", "helpdesk-mail"),
        "LOG_LEVEL": get("LOG_LEVEL", "INFO"),
        "FRONTEND_DIST": get("FRONTEND_DIST", ""),
    }


def validate(config: Mapping[str, Any]) -> None:
    """Raise ConfigError for settings that must not reach production."""
    if config["APP_ENV"] != "production":
        return
    for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
        value = config.get(name) or ""
        if len(value) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"{name} must be set to a random value of at least {MIN_SECRET_LENGTH} "
                "characters when APP_ENV=production"
            )
    if config["PASSWORD_MEMORY_KIB"] < 19456 or config["PASSWORD_TIME_COST"] < 2:
        raise ConfigError("argon2id needs at least 19 MiB and 2 passes in production")
