"""Ticket actions that touch several tables: each checks the rules in `domain`, then writes
through `queries`. They never commit; the request does, so an action is all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import queries, security
from .db import connection_memo, utcnow
from .domain import (
    CATEGORIES,
    PRIORITIES,
    ROLES,
    STATUSES,
    Actor,
    DomainError,
    allowed_transitions,
    can,
    deactivation_allowed,
    notification_audience,
    parse_id,
    role_change_allowed,
    validate_code,
    validate_comment,
    validate_email,
    validate_password,
    validate_ticket,
    validate_username,
)


def require(actor: Actor, action: str, ticket) -> None:
    """Refuse an action the rules do not allow. The routes answer 404/403 before they call
    a service (tickets.load_ticket); this keeps each service safe on its own."""
    if not can(actor, action, ticket):
        raise PermissionError(f"{action} is not allowed")


def create_ticket(db, actor: Actor, form: Mapping[str, Any]) -> int:
    """A new ticket by the caller (never "as" someone else); staff hear of it."""
    fields = validate_ticket(form)
    now = utcnow()
    ticket_id = queries.insert_ticket(db, fields, creator_id=actor.id, now=now)
    # Every support and admin account hears of a new ticket, whoever opened it.
    staff = {row["id"] for row in queries.list_staff(db)} - {actor.id}
    queries.add_notifications(db, staff, ticket_id, now)
    return ticket_id


def _field_changes(actor: Actor, ticket, form: Mapping[str, Any],
                   staff_ids: set[int]) -> dict[str, Any]:
    """The requested status/priority/category/assignee changes, each one checked."""
    changes: dict[str, Any] = {}
    status = form.get("status") or ticket["status"]
    if status != ticket["status"]:
        validate_code(status, STATUSES, "status")
        if status not in allowed_transitions(actor, ticket):
            raise DomainError("This status change is not allowed.", "status")
        changes["status"] = status
    if not can(actor, "triage_ticket", ticket):
        return changes  # a user's form has no other fields; anything sent is ignored
    for name, codes in (("priority", PRIORITIES), ("category", CATEGORIES)):
        value = form.get(name) or ticket[name]
        if value != ticket[name]:
            changes[name] = validate_code(value, codes, name)
    if "assigned_to" in form:
        raw = str(form.get("assigned_to") or "")
        assignee = parse_id(raw)
        if raw and assignee not in staff_ids:
            raise DomainError("Choose one of the listed values.", "assigned_to")
        if assignee != ticket["assigned_to"]:
            changes["assigned_to"] = assignee
    return changes


def _assign_the_taker(actor: Actor, ticket, changes: dict[str, Any]) -> None:
    """Staff taking an unassigned ticket "in progress" become its assignee, unless the same
    submission names one (the form's menu still says "nobody" when it does not)."""
    if (changes.get("status") == "in_progress" and actor.is_staff
            and ticket["assigned_to"] is None and changes.get("assigned_to") is None):
        changes["assigned_to"] = actor.id


def update_ticket(db, actor: Actor, ticket, form: Mapping[str, Any]) -> bool:
    """Reply (or add an internal note) and change fields in one action.

    Raises DomainError for a refused transition, an unknown code or a bad message.
    Returns False when the form asked for nothing.
    """
    require(actor, "comment", ticket)
    internal = bool(form.get("internal")) and can(actor, "write_internal", ticket)
    body = validate_comment(form.get("body"), required=False)
    staff = queries.list_staff(db)
    changes = _field_changes(actor, ticket, form, {row["id"] for row in staff})
    _assign_the_taker(actor, ticket, changes)
    if not body and not changes:
        return False
    now = utcnow()
    if "status" in changes:
        if changes["status"] == "resolved":
            changes["resolved_at"] = now
        elif changes["status"] == "in_progress":
            changes["resolved_at"] = None
    queries.update_ticket(db, ticket["id"], changes, actor_id=actor.id, now=now)
    for field, new in changes.items():
        if field != "resolved_at":
            queries.insert_change(db, ticket["id"], actor_id=actor.id, field=field,
                                  old=ticket[field], new=new, now=now)
    if body:
        queries.insert_comment(db, ticket["id"], author_id=actor.id, body=body,
                               internal=internal, now=now)
    assignee = changes.get("assigned_to", ticket["assigned_to"])
    notify_public = "status" in changes or (body and not internal)
    audience = notification_audience(
        actor=actor, creator_id=ticket["created_by"], assignee_id=assignee,
        staff_ids=[row["id"] for row in staff], internal=not notify_public)
    if notify_public or body or "assigned_to" in changes:
        queries.add_notifications(db, audience, ticket["id"], now)
    queries.clear_notification(db, actor.id, ticket["id"])  # acting on it means seeing it
    return True


def open_ticket(db, actor: Actor, ticket, *, before: int | None = None,
                page_size: int = 50) -> dict[str, Any]:
    """Everything the detail page shows, and the viewer's unread mark cleared.

    The thread comes a page at a time: the newest `page_size` comments, or those before
    the comment `before`, with the changes made between them. `older` is the comment to
    continue from (None: this page reaches back to the start), `newer` whether later
    comments exist (a page that was asked for with `before`).
    """
    require(actor, "view_ticket", ticket)
    queries.clear_notification(db, actor.id, ticket["id"])
    include_internal = can(actor, "view_internal", ticket)
    boundary = queries.get_comment(db, ticket["id"], before,
                                   include_internal=include_internal) if before else None
    comments = queries.list_comments_page(db, ticket["id"], include_internal=include_internal,
                                          before=boundary, limit=page_size + 1)
    older = comments[page_size - 1]["id"] if len(comments) > page_size else None
    comments = comments[:page_size][::-1]
    changes = queries.list_changes(
        db, ticket["id"], since=comments[0]["created_at"] if older else "",
        until=boundary["created_at"] if boundary else "\uffff")
    timeline = sorted(
        [{"kind": "comment", **dict(row)} for row in comments]
        + [{"kind": "change", **dict(row)} for row in changes],
        key=lambda item: item["created_at"])
    return {"timeline": timeline, "transitions": allowed_transitions(actor, ticket),
            "older": older, "newer": boundary is not None}


def people(rows) -> tuple[tuple[str, str], ...]:
    """(id, username) choices from account rows."""
    return tuple((str(row["id"]), row["username"]) for row in rows)


def account_choices(db) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(staff, everyone) as choices for the filter and assignment menus, read again only
    when the accounts have changed: a list page asked the database for every account."""
    memo = connection_memo()
    version = queries.users_version(db)
    cached = memo.get("accounts")
    if cached is None or cached[0] != version:
        cached = memo["accounts"] = (version, people(queries.list_staff(db)),
                                     people(queries.list_user_names(db)))
    return cached[1], cached[2]


def create_account(db, *, username: str | None, email: str | None, role: str | None,
                   password: str | None) -> str:
    """Create an account from what an admin (the form) or the operator (`flask create-user`)
    typed; returns the username as stored. Raises DomainError for the first bad field."""
    username = validate_username(username)
    email = validate_email(email)
    role = validate_code(role, ROLES, "role")
    password = validate_password(password, username)
    if queries.get_user_by_username(db, username):
        raise DomainError("This username is taken.", "username")
    queries.insert_user(db, username=username, email=email, role=role,
                        password_hash=security.hash_password(password),
                        default_password=False, now=utcnow())
    return username


def delete_ticket(db, actor: Actor, ticket) -> None:
    require(actor, "delete_ticket", ticket)
    queries.delete_ticket(db, ticket["id"])


def change_role(db, user, role: str | None) -> None:
    """Give an account another role; the last active administrator keeps theirs."""
    role = validate_code(role, ROLES, "role")
    if not role_change_allowed(user["role"], bool(user["active"]), role,
                               queries.count_active_admins(db)):
        raise DomainError("The last active administrator must stay an administrator.",
                          "role")
    queries.update_user_role(db, user["id"], role)


def reset_password(db, user, password: str | None) -> None:
    password = validate_password(password, user["username"])
    queries.update_user_password(db, user["id"], security.hash_password(password))


def set_active(db, user, active: bool) -> None:
    """(De)activate an account; the last active administrator stays active."""
    if not active and not deactivation_allowed(user["role"], bool(user["active"]),
                                               queries.count_active_admins(db)):
        raise DomainError("The last active administrator cannot be deactivated.", "active")
    queries.set_user_active(db, user["id"], active)


def delete_account(db, actor: Actor, user) -> None:
    """Delete an account that has written nothing (others are deactivated instead)."""
    if user["id"] == actor.id:
        raise DomainError("You cannot delete your own account.", "delete")
    if queries.user_activity_count(db, user["id"]):
        raise DomainError("This account has tickets or comments and cannot be deleted. "
                          "Deactivate it instead.", "delete")
    queries.delete_user(db, user["id"])
