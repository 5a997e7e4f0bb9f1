"""Logging in and out, the session of a request, the own password and the language."""

from __future__ import annotations

import sqlite3
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_required, login_user, logout_user

from . import queries, security
from .db import get_db
from .domain import (
    USERNAME_MAX,
    Actor,
    DomainError,
    clean_text,
    parse_id,
    validate_password,
)
from .extensions import login_manager
from .i18n import LANGUAGES

bp = Blueprint("auth", __name__)


class User(UserMixin):
    """The signed-in account, loaded from the database on every request."""

    def __init__(self, row) -> None:
        self.id = row["id"]
        self.username = row["username"]
        self.role = row["role"]
        self.active = bool(row["active"])
        self.session_version = row["session_version"]
        self.default_password = bool(row["default_password"])

    def get_id(self) -> str:
        # The version makes every older session cookie invalid once it is raised.
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.role)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_text, _sep, version_text = session_id.partition(":")
    user_id, version = parse_id(user_text), parse_id(version_text)
    if user_id is None or version is None:
        return None
    db = get_db()
    row = queries.get_user_with_unread_count(db, user_id)
    if row is None or not row["active"] or row["session_version"] != version:
        return None
    # The navbar's count, valid for as long as this request has written nothing.
    g.unread_count = (row["id"], db.total_changes, row["unread_count"])
    return User(row)


@bp.before_app_request
def enforce_absolute_session_lifetime() -> None:
    started = session.get("login_at")
    if started is not None and time.time() - started > \
            current_app.config["SESSION_ABSOLUTE_SECONDS"]:
        logout_user()
        session.clear()


@bp.app_context_processor
def navigation_context() -> dict:
    """The navbar's unread count and, for admins, accounts still on a default password."""
    nothing: dict = {"unread_count": 0, "default_password_accounts": []}
    if not current_user.is_authenticated:
        return nothing
    db = get_db()
    try:
        return {
            "unread_count": unread_count(db),
            "default_password_accounts": queries.users_with_default_password(db)
            if current_user.role == "admin" else [],
        }
    except sqlite3.Error:  # an error page about the database must still render
        return nothing


def unread_count(db) -> int:
    """The signed-in person's unread tickets: as counted when the account was loaded, or
    counted again if this request has written to the database since (opening a ticket
    marks it read)."""
    loaded = g.get("unread_count")
    if loaded is not None and loaded[:2] == (current_user.id, db.total_changes):
        return loaded[2]
    return queries.count_notifications(db, current_user.id)


def current_actor() -> Actor:
    return current_user.actor


def safe_next(target: str | None) -> str | None:
    """A redirect target only when it stays on this site (no `//host`, no scheme)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ch in target for ch in "\\\r\n\t"):
        return None
    return target


def _locked_message(seconds: int) -> str:
    if seconds < 60:
        return _("Too many failed log-ins. Please wait %(seconds)d seconds and try again.",
                 seconds=seconds)
    minutes = (seconds + 59) // 60
    return _("Too many failed log-ins. Please wait %(minutes)d minutes and try again.",
             minutes=minutes)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("tickets.index"))
    error = None
    status = 200
    username = ""
    if request.method == "POST":
        db = get_db()
        username = clean_text(request.form.get("username"))[:USERNAME_MAX + 1]
        password = request.form.get("password", "")
        wait = security.login_lock_seconds(db, username)
        if wait:
            error, status = _locked_message(wait), 429
        else:
            row = queries.get_user_by_username(db, username) if username else None
            valid = security.verify_password(row["password_hash"] if row else None, password)
            if valid and row["active"]:
                security.clear_failed_logins(db, username)
                if security.needs_rehash(row["password_hash"]):
                    queries.set_password_hash(db, row["id"], security.hash_password(password))
                session.clear()  # a fresh session at login: no fixation
                login_user(User(row))
                session.permanent = True
                session["login_at"] = time.time()
                return redirect(safe_next(request.args.get("next")) or url_for("tickets.index"))
            if valid:
                error = _("This account is deactivated. Please ask an administrator.")
            else:
                security.record_failed_login(db, username)
                wait = security.login_lock_seconds(db, username)
                error = _locked_message(wait) if wait else \
                    _("Unknown user name or wrong password.")
    return render_template("auth/login.html", error=error, username=username), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    queries.end_sessions(get_db(), current_user.id)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    errors: dict[str, str] = {}
    if request.method == "POST":
        db = get_db()
        row = queries.get_user(db, current_user.id)
        if not security.verify_password(row["password_hash"],
                                        request.form.get("current_password", "")):
            errors["current_password"] = _("The current password is wrong.")
        else:
            new = request.form.get("new_password", "")
            try:
                validate_password(new, row["username"], "new_password")
                if new != request.form.get("confirm_password", ""):
                    raise DomainError("The two new passwords differ.", "confirm_password")
            except DomainError as error:
                errors[error.field or "new_password"] = _(error.message)
            else:
                queries.update_user_password(db, row["id"], security.hash_password(new))
                login_user(User(queries.get_user(db, row["id"])))  # this session stays valid
                flash(_("Your password was changed. Your other sessions were logged out."),
                      "success")
                return redirect(url_for("tickets.index"))
    return render_template("auth/password.html", errors=errors), 422 if errors else 200


@bp.route("/language", methods=["POST"])
def set_language():
    language = request.form.get("lang", "")
    if language not in LANGUAGES:
        abort(400)
    response = redirect(safe_next(request.form.get("next")) or url_for("tickets.index"))
    response.set_cookie("lang", language, max_age=365 * 24 * 3600, samesite="Lax",
                        httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
