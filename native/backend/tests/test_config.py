from __future__ import annotations

import pytest

from helpdesk import create_app
from helpdesk.config import ConfigError, database_url, from_env, validate

STRONG = "x" * 40


def production(**env):
    return from_env({"APP_ENV": "production", "SECRET_KEY": STRONG, **env})


@pytest.mark.parametrize("env", [
    {"SECRET_KEY": ""}, {"SECRET_KEY": "short"},
    {"SECRET_KEY": STRONG, "JWT_SECRET_KEY": "development-only-secret-do-not-use-in-production"},
    {"SECRET_KEY": STRONG, "PASSWORD_MEMORY_KIB": "1024"},
])
def test_production_refuses_default_short_or_weak_settings(env):
    with pytest.raises(ConfigError):
        validate(from_env({"APP_ENV": "production", **env}))


def test_production_with_strong_secrets_is_accepted_and_has_no_demo_accounts():
    config = production()
    validate(config)
    assert config["CREATE_DEMO_ACCOUNTS"] is False
    assert config["JWT_SECRET_KEY"] == STRONG


def test_development_defaults():
    config = from_env({})
    validate(config)
    assert config["CREATE_DEMO_ACCOUNTS"] is True
    assert config["CORS_ORIGINS"] == []
    assert config["ACCESS_TOKEN_MINUTES"] == 15
    assert from_env({"CORS_ORIGINS": "https://a.example, https://b.example"})["CORS_ORIGINS"] == [
        "https://a.example", "https://b.example"]
    assert from_env({"FORCE_HTTPS": "yes"})["COOKIE_SECURE"] is True


def test_database_url_spellings():
    assert database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_create_app_refuses_to_start_in_production_with_the_default_secret():
    with pytest.raises(ConfigError):
        create_app({"APP_ENV": "production", "SECRET_KEY": "", "JWT_SECRET_KEY": "",
                    "AUTO_MIGRATE": False})
