"""Error pages: a clear message for the person, never a stack trace (that goes to the log)."""

from __future__ import annotations

import sqlite3

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from . import db

MESSAGES = {
    400: lazy_gettext("The request could not be understood."),
    401: lazy_gettext("Please log in."),
    403: lazy_gettext("You are not allowed to do this."),
    404: lazy_gettext("This page does not exist, or you may not see it."),
    405: lazy_gettext("This action is not possible here."),
    413: lazy_gettext("The form is too large."),
    429: lazy_gettext("Too many requests. Please wait a moment."),
    500: lazy_gettext("Something went wrong on our side. Please try again."),
    503: lazy_gettext("The database is busy. Please try again in a moment."),
}


def render_error(code: int, message: str | None = None):
    text = message or str(MESSAGES.get(code, lazy_gettext("Something went wrong.")))
    return render_template("error.html", code=code, message=text), code


def handle_http_error(error: HTTPException):
    return render_error(error.code or 500)


def handle_csrf_error(_error: CSRFError):
    return render_error(400, _("The form has expired or was sent from elsewhere. Please "
                               "reload the page and try again."))


def handle_database_error(error: sqlite3.OperationalError):
    if "locked" in str(error) or "busy" in str(error):
        return render_error(503)
    raise InternalServerError() from error


def handle_server_error(error: InternalServerError):
    if isinstance(error.original_exception, sqlite3.Error):
        db.discard_connection()  # the error page itself must not reuse a broken one
    return render_error(500)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(sqlite3.OperationalError, handle_database_error)
    app.register_error_handler(InternalServerError, handle_server_error)
