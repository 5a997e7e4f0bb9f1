from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from helpdesk import create_app, instance_secrets
from helpdesk.config import DEFAULT_SECRETS_FILE, ConfigError, database_url, from_env, validate

STRONG = "x" * 40


def production(**env):
    return from_env({"APP_ENV": "production", "SECRET_KEY": STRONG, **env})


@pytest.mark.parametrize("env", [
    {"SECRET_KEY": ""}, {"SECRET_KEY": "short"},
    {"SECRET_KEY": STRONG, "JWT_SECRET_KEY": "too-short-for-a-key"},
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


def development(tmp_path: Path, **env: str) -> dict:
    config = from_env({"SECRETS_FILE": str(tmp_path / "instance" / "secrets.env"), **env})
    instance_secrets.fill_missing(config)
    validate(config)
    return config


def test_the_code_has_no_default_secret():
    """Catches a secret constant coming back: without SECRET_KEY, from_env has none."""
    config = from_env({})
    assert config["SECRET_KEY"] == config["JWT_SECRET_KEY"] == ""
    assert config["SECRETS_FILE"] == str(DEFAULT_SECRETS_FILE)
    assert DEFAULT_SECRETS_FILE.parent.name == "instance"  # git-ignored


def test_missing_secrets_are_generated_once_into_a_private_file(tmp_path):
    """Catches a generated secret that is not random, not kept (every restart or every
    worker its own), or readable by other accounts."""
    first = development(tmp_path)
    path = tmp_path / "instance" / "secrets.env"
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(first["SECRET_KEY"]) >= 43 and len(first["JWT_SECRET_KEY"]) >= 43
    assert first["SECRET_KEY"] != first["JWT_SECRET_KEY"]
    again = development(tmp_path)
    assert (again["SECRET_KEY"], again["JWT_SECRET_KEY"]) == (
        first["SECRET_KEY"], first["JWT_SECRET_KEY"])
    elsewhere = development(tmp_path / "other")
    assert elsewhere["JWT_SECRET_KEY"] != first["JWT_SECRET_KEY"]


def test_an_explicit_secret_wins_and_writes_no_file(tmp_path):
    config = development(tmp_path, SECRET_KEY=STRONG)
    assert config["SECRET_KEY"] == config["JWT_SECRET_KEY"] == STRONG
    assert not (tmp_path / "instance").exists()
    only_jwt = development(tmp_path, JWT_SECRET_KEY=STRONG)
    assert only_jwt["JWT_SECRET_KEY"] == STRONG
    assert only_jwt["SECRET_KEY"] not in ("", STRONG)


def test_production_never_generates_a_secret(tmp_path):
    config = from_env({"APP_ENV": "production",
                       "SECRETS_FILE": str(tmp_path / "instance" / "secrets.env")})
    instance_secrets.fill_missing(config)
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        validate(config)
    assert not (tmp_path / "instance").exists()


def test_a_secrets_file_others_can_read_is_refused(tmp_path):
    development(tmp_path)
    path = tmp_path / "instance" / "secrets.env"
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        development(tmp_path)


def test_a_damaged_secrets_file_is_refused_not_replaced(tmp_path):
    path = tmp_path / "instance" / "secrets.env"
    path.parent.mkdir()
    path.write_text("SECRET_KEY=short\n")
    path.chmod(0o600)
    with pytest.raises(ConfigError, match="lacks SECRET_KEY, JWT_SECRET_KEY"):
        development(tmp_path)
    assert path.read_text() == "SECRET_KEY=short\n"


def test_an_unwritable_place_names_the_settings_to_use(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    with pytest.raises(ConfigError, match="set SECRET_KEY, or SECRETS_FILE"):
        development(blocked)


def _read_secret(path: str, queue: multiprocessing.Queue) -> None:
    queue.put(instance_secrets.load_or_create(Path(path))["JWT_SECRET_KEY"])


def test_processes_starting_together_agree_on_one_secret(tmp_path):
    """Catches a race on first start: gunicorn's workers (no --preload) and replicas all
    find no file; each must end up with the first one's secret, or a token signed by one
    worker would be refused by the next."""
    path = str(tmp_path / "instance" / "secrets.env")
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [context.Process(target=_read_secret, args=(path, queue)) for _ in range(8)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * 8
    assert len({queue.get(timeout=5) for _ in processes}) == 1
    assert sorted(os.listdir(tmp_path / "instance")) == ["secrets.env"]  # no leftovers
