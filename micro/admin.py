"""User management (admin only): create, change role, reset password, deactivate or
reactivate, and delete an account that has never been used."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from . import queries, services
from .auth import current_actor
from .db import get_db
from .domain import (
    ROLES,
    DomainError,
    can,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_admin() -> None:
    if not can(current_actor(), "manage_users"):
        abort(403)


def load_user(user_id: int):
    row = queries.get_user(get_db(), user_id)
    if row is None:
        abort(404)
    return row


@bp.route("/users")
def users():
    return render_template("admin/users.html", users=queries.list_users(get_db()))


@bp.route("/users/new", methods=["GET", "POST"])
def create_user():
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = request.form
        try:
            username = services.create_account(
                get_db(), username=form.get("username"), email=form.get("email"),
                role=form.get("role"), password=form.get("password"))
        except DomainError as error:
            errors[error.field or "username"] = _(error.message)
        else:
            flash(_("The account %(name)s was created.", name=username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/new_user.html", errors=errors, form=request.form,
                           roles=ROLES), 422 if errors else 200


@bp.route("/users/<int:user_id>")
def edit_user(user_id: int):
    return render_template("admin/edit_user.html", user=load_user(user_id), roles=ROLES,
                           errors={})


def _refuse(user, field: str, message: str):
    return render_template("admin/edit_user.html", user=user, roles=ROLES,
                           errors={field: message}), 422


@bp.route("/users/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int):
    user = load_user(user_id)
    try:
        services.change_role(get_db(), user, request.form.get("role"))
    except DomainError as error:
        return _refuse(user, "role", _(error.message))
    flash(_("The role of %(name)s was changed.", name=user["username"]), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def reset_password(user_id: int):
    user = load_user(user_id)
    try:
        services.reset_password(get_db(), user, request.form.get("password"))
    except DomainError as error:
        return _refuse(user, "password", _(error.message))
    flash(_("The password of %(name)s was reset.", name=user["username"]), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def set_active(user_id: int):
    user = load_user(user_id)
    active = request.form.get("active") == "1"
    try:
        services.set_active(get_db(), user, active)
    except DomainError as error:
        return _refuse(user, "active", _(error.message))
    message = _("%(name)s was reactivated.", name=user["username"]) if active else \
        _("%(name)s was deactivated.", name=user["username"])
    flash(message, "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/delete", methods=["POST"])
def delete_user(user_id: int):
    user = load_user(user_id)
    try:
        services.delete_account(get_db(), current_actor(), user)
    except DomainError as error:
        return _refuse(user, "delete", _(error.message))
    flash(_("The account %(name)s was deleted.", name=user["username"]), "success")
    return redirect(url_for("admin.users"))
