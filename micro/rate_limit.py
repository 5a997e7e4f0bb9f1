"""Writes per account and minute: a flood of posts from one account (several clients at
once) must not keep everybody else waiting for SQLite's write lock.

Every POST of a signed-in person counts, except logging out and switching the language.
The count is part of the request's transaction, so a refused or failed request (4xx)
counts nothing, and the counting write serialises with the other writes as it must.
"""

from __future__ import annotations

import math
import time

from flask import current_app, make_response, request
from flask_babel import gettext as _
from flask_login import current_user

from . import queries
from .db import get_db
from .errors import render_error

WINDOW_SECONDS = 60
NOT_COUNTED = frozenset({"auth.logout", "auth.set_language", "auth.login"})


def limit_writes():
    """A before_request hook: None to go ahead, or the 429 page."""
    limit = current_app.config["WRITES_PER_MINUTE"]
    if (request.method != "POST" or not limit or request.endpoint in NOT_COUNTED
            or not current_user.is_authenticated):
        return None
    now = time.time()
    writes, started = queries.count_write(get_db(), current_user.id, now=now,
                                          window_seconds=WINDOW_SECONDS)
    if writes <= limit:
        return None
    wait = max(1, math.ceil(started + WINDOW_SECONDS - now))
    response = make_response(render_error(429, _(
        "You are saving very fast: at most %(limit)d changes a minute. Please wait "
        "%(seconds)d seconds and try again. Nothing was saved.", limit=limit, seconds=wait)))
    response.headers["Retry-After"] = str(wait)
    return response
