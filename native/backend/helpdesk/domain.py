"""The product's rules: codes, the workflow and who may do what. No Flask, no SQL.

`can(actor, action, ticket)` is the one authorization function: every route and every
query that shows or changes a ticket, comment or attachment asks it (lists ask
`sees_all_tickets`, the same rule in the form a query can use).
"""

from __future__ import annotations

from typing import Protocol

ROLES = ("user", "support", "admin")
STAFF_ROLES = frozenset({"support", "admin"})
CATEGORIES = ("bug", "feature", "support")
PRIORITIES = ("low", "medium", "high")
STATUSES = ("new", "in_progress", "resolved", "closed")
LANGUAGES = ("en", "de")

STAFF_TRANSITIONS = frozenset({
    ("new", "in_progress"),
    ("in_progress", "resolved"),
    ("resolved", "closed"),
    ("resolved", "in_progress"),
    ("closed", "in_progress"),
})
CREATOR_TRANSITIONS = frozenset({("resolved", "closed"), ("resolved", "in_progress")})

# Fields of a ticket each kind of person may change with PATCH.
CREATOR_FIELDS = frozenset({"title", "description", "status"})
STAFF_FIELDS = frozenset(
    {"title", "description", "category", "priority", "status", "assigned_to"}
)

TITLE_MAX = 200
TEXT_MAX = 20_000
PASSWORD_MIN = 8
PASSWORD_MAX = 256
USERNAME_MIN = 3
USERNAME_MAX = 64


class Actor(Protocol):
    id: int
    role: str


class TicketLike(Protocol):
    created_by: int
    status: str


def is_staff(actor: Actor) -> bool:
    return actor.role in STAFF_ROLES


def sees_all_tickets(actor: Actor) -> bool:
    """Staff see every ticket; anyone else only the tickets they created."""
    return is_staff(actor)


def can(actor: Actor, action: str, ticket: TicketLike | None = None) -> bool:
    """May `actor` do `action` (to `ticket`)? Unknown actions are refused."""
    staff = is_staff(actor)
    owner = ticket is not None and ticket.created_by == actor.id
    sees = staff or owner
    rules = {
        "view_ticket": sees,
        "create_ticket": True,
        "edit_ticket": sees,
        "comment": sees,
        "view_internal": staff,
        "write_internal": staff,
        "attach": sees,
        "delete_attachment": staff,
        "delete_ticket": actor.role == "admin",
        "manage_users": actor.role == "admin",
        "view_audit": actor.role == "admin",
        "view_stats": staff,
        "export": True,
    }
    return rules.get(action, False)


def editable_fields(actor: Actor, ticket: TicketLike) -> frozenset[str]:
    if is_staff(actor):
        return STAFF_FIELDS
    if ticket.created_by == actor.id:
        return CREATOR_FIELDS
    return frozenset()


def may_transition(actor: Actor, ticket: TicketLike, new_status: str) -> bool:
    step = (ticket.status, new_status)
    if is_staff(actor) and step in STAFF_TRANSITIONS:
        return True
    return ticket.created_by == actor.id and step in CREATOR_TRANSITIONS


def password_problem(password: str, username: str) -> str | None:
    """Why this password may not be used, or None when it is fine."""
    if len(password) < PASSWORD_MIN:
        return f"The password must have at least {PASSWORD_MIN} characters."
    if password.strip().lower() == username.strip().lower():
        return "The password must differ from the username."
    return None
