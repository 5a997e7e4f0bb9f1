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
    return can(actor, "view_all_tickets")


def can(actor: Actor, action: str, ticket: TicketLike | None = None) -> bool:
    """May `actor` do `action` (to `ticket`)? The actions are the product contract's
    (contract/product.toml); an unknown one is a programming error and raises."""
    staff, admin = is_staff(actor), actor.role == "admin"
    owner = ticket is not None and ticket.created_by == actor.id
    sees = staff or owner
    rules = {
        "create_ticket": True,
        "view_all_tickets": staff,
        "view_ticket": sees,
        "comment": sees,
        "view_internal": staff,
        "write_internal": staff,
        "triage_ticket": staff,  # category, priority, assignee
        "delete_ticket": admin,
        "view_dashboard": staff,
        "manage_users": admin,
        # Native's own features.
        "edit_ticket": sees,  # title and description
        "attach": sees,
        "delete_attachment": staff,
        "view_audit": admin,
        "export": True,
    }
    if action not in rules:
        raise ValueError(f"unknown action {action!r}")
    return rules[action]


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
