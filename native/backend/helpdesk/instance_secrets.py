"""Secrets generated on first start, for every mode but production.

There is no secret in the code: a constant published in the repository would sign tokens
that every copy of the app accepts. When SECRET_KEY or JWT_SECRET_KEY is not set (and
APP_ENV is not production, which refuses to start without them), random values are made
once and kept in SECRETS_FILE (default `native/backend/instance/secrets.env`, git-ignored),
mode 0600. Every API process on the host reads the same file — gunicorn's workers and
replicas started from the same folder — so they all sign and verify with the same keys
(the mail worker signs nothing and does not need them). The file
is written aside and then linked into place, which fails for all but the first of several
processes starting together; each then reads the winner's file.

Rotating: delete the file (or set new values in the environment) and restart every
process; every session then ends and everyone signs in again.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from helpdesk.config import ConfigError

GENERATED = ("SECRET_KEY", "JWT_SECRET_KEY")
LINE = re.compile(r"^(\w+)=(.*)$", re.MULTILINE)


def _create(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    content = "".join(f"{name}={secrets.token_urlsafe(48)}\n" for name in GENERATED)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write("# Generated on first start; delete it and restart to rotate.\n")
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)  # fails when another process was first
    finally:
        temporary.unlink()


def load_or_create(path: Path) -> dict[str, str]:
    """The generated secrets in `path`, made first when the file does not exist yet."""
    try:
        if not path.exists():
            _create(path)
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(f"{path} holds the generated secrets and must be readable by "
                              f"its owner only: chmod 600 {path}")
        values = dict(LINE.findall(path.read_text()))
    except OSError as error:
        raise ConfigError(
            f"SECRET_KEY is not set and the secrets file {path} cannot be used ({error}); "
            "set SECRET_KEY, or SECRETS_FILE to a writable place") from None
    missing = [name for name in GENERATED if len(values.get(name, "")) < 32]
    if missing:
        raise ConfigError(f"{path} lacks {', '.join(missing)}; delete it to generate new "
                          "secrets, or set them in the environment")
    return values


def fill_missing(config: MutableMapping[str, Any]) -> None:
    """Outside production, give an unset SECRET_KEY / JWT_SECRET_KEY the generated value.

    An explicit SECRET_KEY alone also signs the tokens (JWT_SECRET_KEY defaults to it),
    so the file is only read when a value is still missing."""
    if config["APP_ENV"] == "production" or all(config.get(name) for name in GENERATED):
        return
    generated = load_or_create(Path(config["SECRETS_FILE"]))
    for name in GENERATED:
        if not config.get(name):
            config[name] = generated[name]
