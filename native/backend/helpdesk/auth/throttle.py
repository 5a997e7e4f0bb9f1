"""Failed sign-ins are slowed before the rate limit locks the account.

After the first two failures for an account name (ten for a client address), each
further failure makes that name (or address) wait before its next attempt:
LOGIN_SLOWDOWN_SECONDS, then twice that, four times... (capped at a minute). The wait
is a "not before" time in Redis, answered with 429 and Retry-After, so no server thread
sleeps on an attacker's behalf. It applies to unknown names too (the answer must not
reveal which accounts exist); a success clears the account's count. The hard locks
(RATELIMIT_LOGIN_ACCOUNT / _CLIENT, Flask-Limiter) still come after it."""

from __future__ import annotations

import math

from flask import current_app

from helpdesk.errors import ApiError
from helpdesk.extensions import client_address, get_redis

# Failures that cost nothing, per kind of subject: a typo is not an attack, and one
# office address is shared by many colleagues.
FREE_FAILURES = {"account": 2, "client": 10}
LONGEST_WAIT_SECONDS = 60.0
FAILURE_MEMORY_SECONDS = 15 * 60


class SlowedDown(ApiError):
    status, code = 429, "rate_limited"


def _subjects(username: str) -> list[tuple[str, str]]:
    return [("account", username.strip().lower()[:64]), ("client", client_address())]


def _keys(kind: str, name: str) -> tuple[str, str]:
    # The shape of Flask-Limiter's own keys, so whoever clears the counters clears these.
    prefix = f"login-slowdown/{current_app.config['RATELIMIT_KEY_PREFIX']}/{kind}/{name}"
    return prefix + "/failures", prefix + "/not-before"


def _enabled() -> bool:
    config = current_app.config
    return bool(config["RATELIMIT_ENABLED"]) and config["LOGIN_SLOWDOWN_SECONDS"] > 0


def wait_seconds(failures: int, free: int, base: float) -> float:
    """How long a subject waits after its n-th failure within FAILURE_MEMORY_SECONDS."""
    if failures <= free:
        return 0.0
    return min(base * 2 ** (failures - free - 1), LONGEST_WAIT_SECONDS)


def check(username: str) -> None:
    """Refuse the attempt (429 with Retry-After) while the account or address must wait."""
    if not _enabled():
        return
    connection = get_redis()
    remaining_ms = max(connection.pttl(_keys(kind, name)[1]) for kind, name in
                       _subjects(username))
    if remaining_ms > 0:
        seconds = math.ceil(remaining_ms / 1000)
        unit = "second" if seconds == 1 else "seconds"
        # Flask-Limiter may raise Retry-After to its own window's end, never lower it.
        raise SlowedDown(f"Too many failed sign-ins. Please wait {seconds} {unit} and "
                         "try again.", headers={"Retry-After": str(seconds)},
                         reason="login_slowed", params={"wait_seconds": seconds})


def record_failure(username: str) -> None:
    if not _enabled():
        return
    connection = get_redis()
    base = current_app.config["LOGIN_SLOWDOWN_SECONDS"]
    for kind, name in _subjects(username):
        failures_key, not_before_key = _keys(kind, name)
        with connection.pipeline() as pipe:
            pipe.incr(failures_key)
            pipe.expire(failures_key, FAILURE_MEMORY_SECONDS)
            failures = int(pipe.execute()[0])
        wait = wait_seconds(failures, FREE_FAILURES[kind], base)
        if wait > 0:
            connection.set(not_before_key, "1", px=int(wait * 1000))


def record_success(username: str) -> None:
    """A correct password ends the account's slow-down (the address keeps its count)."""
    if _enabled():
        get_redis().delete(*_keys("account", username.strip().lower()[:64]))
