"""User management (admin only): create, change role, reset password, deactivate or
reactivate, and delete an account that has never been used."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from . import queries, security, services
from .auth import current_actor
from .db import get_db
from .domain import (
    ROLES,
    DomainError,
    can,
    deactivation_allowed,
    role_change_allowed,
    validate_code,
    validate_password,
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
    db = get_db()
    user = load_user(user_id)
    try:
        role = validate_code(request.form.get("role"), ROLES, "role")
    except DomainError as error:
        return _refuse(user, "role", _(error.message))
    if not role_change_allowed(user["role"], bool(user["active"]), role,
                               queries.count_active_admins(db)):
        return _refuse(user, "role", _("The last active administrator must stay an "
                                       "administrator."))
    queries.update_user_role(db, user_id, role)
    flash(_("The role of %(name)s was changed.", name=user["username"]), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def reset_password(user_id: int):
    user = load_user(user_id)
    try:
        password = validate_password(request.form.get("password"), user["username"])
    except DomainError as error:
        return _refuse(user, "password", _(error.message))
    queries.update_user_password(get_db(), user_id, security.hash_password(password))
    flash(_("The password of %(name)s was reset.", name=user["username"]), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def set_active(user_id: int):
    db = get_db()
    user = load_user(user_id)
    active = request.form.get("active") == "1"
    if not active and not deactivation_allowed(user["role"], bool(user["active"]),
                                               queries.count_active_admins(db)):
        return _refuse(user, "active", _("The last active administrator cannot be "
                                         "deactivated."))
    queries.set_user_active(db, user_id, active)
    message = _("%(name)s was reactivated.", name=user["username"]) if active else \
        _("%(name)s was deactivated.", name=user["username"])
    flash(message, "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/delete", methods=["POST"])
def delete_user(user_id: int):
    db = get_db()
    user = load_user(user_id)
    if user_id == current_user.id:
        return _refuse(user, "delete", _("You cannot delete your own account."))
    if queries.user_activity_count(db, user_id):
        return _refuse(user, "delete", _("This account has tickets or comments and cannot "
                                         "be deleted. Deactivate it instead."))
    queries.delete_user(db, user_id)
    flash(_("The account %(name)s was deleted.", name=user["username"]), "success")
    return redirect(url_for("admin.users"))
