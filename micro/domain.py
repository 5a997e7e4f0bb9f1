"""The rules of the help desk: codes, the workflow, who may do what, and validation.

Pure Python: no Flask, no SQL. Every route asks `can()` before it reads or writes, and
every list asks `can(actor, "view_all_tickets")` to decide whether it is limited to the caller's
own tickets, so a list can never show what the detail view would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = ("user", "support", "admin")
STAFF_ROLES = ("support", "admin")
CATEGORIES = ("bug", "feature", "support")
PRIORITIES = ("low", "medium", "high")
STATUSES = ("new", "in_progress", "resolved", "closed")
SORTS = ("updated", "created", "priority")

TITLE_MAX = 200
DESCRIPTION_MAX = 20_000
COMMENT_MAX = 20_000
USERNAME_MIN = 3
USERNAME_MAX = 64
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._@-]+")
EMAIL_MAX = 254
EMAIL_PATTERN = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")
PASSWORD_MIN = 8
PASSWORD_MAX = 256

# Demo accounts of the original product; an account still using one is flagged.
DEMO_ACCOUNTS = (("admin", "admin123", "admin", "admin@example.com"),
                 ("support", "support123", "support", "support@example.com"),
                 ("user", "user123", "user", "user@example.com"))

STAFF_TRANSITIONS = {
    ("new", "in_progress"), ("in_progress", "resolved"), ("resolved", "closed"),
    ("resolved", "in_progress"), ("closed", "in_progress"),
}
CREATOR_TRANSITIONS = {("resolved", "closed"), ("resolved", "in_progress")}


@dataclass(frozen=True)
class Actor:
    id: int
    role: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


class DomainError(ValueError):
    """A refused change; `message` is shown to the person (translated by the caller)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def allowed_transitions(actor: Actor, ticket: Mapping[str, Any]) -> list[str]:
    """The statuses this actor may move this ticket to, in workflow order."""
    current = ticket["status"]
    allowed: set[tuple[str, str]] = set()
    if actor.is_staff:
        allowed |= STAFF_TRANSITIONS
    if ticket["created_by"] == actor.id:
        allowed |= CREATOR_TRANSITIONS
    return [status for status in STATUSES if (current, status) in allowed]


# The actions that depend on whose ticket it is: asking about them needs the ticket.
OWNER_ACTIONS = frozenset({"view_ticket", "comment"})


def can(actor: Actor, action: str, ticket: Mapping[str, Any] | None = None) -> bool:
    """The one authorization function, with the product contract's actions
    (contract/product.toml); an unknown action is a programming error. Status changes are
    asked with `allowed_transitions`."""
    staff, admin = actor.is_staff, actor.role == "admin"
    if action in OWNER_ACTIONS and ticket is None:
        raise ValueError(f"action {action!r} needs a ticket")
    own = ticket is not None and ticket["created_by"] == actor.id
    rules = {
        "create_ticket": True,
        "view_all_tickets": staff,
        "view_ticket": staff or own,
        "comment": staff or own,
        "view_internal": staff,
        "write_internal": staff,
        "triage_ticket": staff,  # category, priority, assignee
        "delete_ticket": admin,
        "view_dashboard": staff,
        "manage_users": admin,
    }
    if action not in rules:
        raise ValueError(f"unknown action {action!r}")
    return rules[action]


def clean_text(value: object) -> str:
    """Form text with surrounding blanks removed and Windows line ends normalised."""
    return str(value or "").replace("\r\n", "\n").strip()


def _require_code(value: str, codes: tuple[str, ...], field: str) -> str:
    if value not in codes:
        raise DomainError("Choose one of the listed values.", field)
    return value


def validate_ticket(form: Mapping[str, Any]) -> dict[str, str]:
    """The cleaned fields of a new ticket, or DomainError naming the first bad field."""
    title = clean_text(form.get("title"))
    description = clean_text(form.get("description"))
    if not title:
        raise DomainError("Please enter a title.", "title")
    if len(title) > TITLE_MAX:
        raise DomainError("The title is too long (at most 200 characters).", "title")
    if len(description) > DESCRIPTION_MAX:
        raise DomainError("The description is too long (at most 20,000 characters).",
                          "description")
    category = _require_code(str(form.get("category", "")), CATEGORIES, "category")
    priority = _require_code(str(form.get("priority", "")), PRIORITIES, "priority")
    return {"title": title, "description": description, "category": category,
            "priority": priority}


def validate_comment(value: object, required: bool) -> str:
    body = clean_text(value)
    if required and not body:
        raise DomainError("Please write a message.", "body")
    if len(body) > COMMENT_MAX:
        raise DomainError("The message is too long (at most 20,000 characters).", "body")
    return body


def validate_code(value: object, codes: tuple[str, ...], field: str) -> str:
    return _require_code(str(value or ""), codes, field)


def validate_username(value: object) -> str:
    username = clean_text(value)
    if not username:
        raise DomainError("Please enter a username.", "username")
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX \
            or not USERNAME_PATTERN.fullmatch(username):
        raise DomainError("3 to 64 characters: letters, digits and . _ @ -", "username")
    return username


def validate_email(value: object) -> str:
    """A required address (notifications go to it), without characters that only a
    payload needs."""
    email = clean_text(value)
    if not email:
        raise DomainError("Please enter an e-mail address.", "email")
    if len(email) > EMAIL_MAX:
        raise DomainError("The e-mail address is too long.", "email")
    if not EMAIL_PATTERN.fullmatch(email):
        raise DomainError("Please enter a valid e-mail address.", "email")
    return email


def validate_password(password: object, username: str, field: str = "password") -> str:
    value = str(password or "")
    if len(value) < PASSWORD_MIN:
        raise DomainError("The password must have at least 8 characters.", field)
    if len(value) > PASSWORD_MAX:
        raise DomainError("The password is too long.", field)
    if value.casefold() == username.casefold():
        raise DomainError("The password must differ from the username.", field)
    return value


def role_change_allowed(target_role: str, target_active: bool, new_role: str,
                        active_admins: int) -> bool:
    """False when the change would remove the last active admin."""
    losing_admin = target_role == "admin" and target_active and new_role != "admin"
    return not (losing_admin and active_admins <= 1)


def deactivation_allowed(target_role: str, target_active: bool, active_admins: int) -> bool:
    return not (target_role == "admin" and target_active and active_admins <= 1)


def notification_audience(*, actor: Actor, creator_id: int, assignee_id: int | None,
                          staff_ids: list[int], internal: bool) -> set[int]:
    """Who gets unread activity when `actor` comments on or changes the status of a ticket.

    The creator hears about public activity by others. Staff hear about what the user
    side does (a new ticket, a user's comment or status change): the assignee if there is
    one, otherwise every support and admin account. An internal note reaches the assignee.
    """
    audience: set[int] = set()
    if not internal:
        audience.add(creator_id)
    if assignee_id is not None:
        audience.add(assignee_id)
    elif not actor.is_staff:
        audience.update(staff_ids)
    audience.discard(actor.id)
    return audience


@dataclass(frozen=True)
class TicketFilter:
    """A list query as the person asked for it, every value already validated."""

    status: str = ""
    priority: str = ""
    category: str = ""
    assignee: int | None = None
    unassigned: bool = False
    creator: int | None = None
    q: str = ""
    match: str = ""  # the FTS5 query with every word (search_expression)
    match_words: tuple[str, ...] = ()  # one FTS5 query per word (search_words)
    sort: str = "updated"
    unread_for: int | None = None  # only tickets with unread activity for this person
    # The URL parameters that produced this filter (for links, pagination and export).
    params: dict[str, str] = field(default_factory=dict)

    @property
    def unread(self) -> bool:
        return self.unread_for is not None

    @property
    def search_only(self) -> bool:
        """True when the search is the only condition (no field filter)."""
        return bool(self.match) and not (
            self.status or self.priority or self.category or self.unassigned
            or self.assignee is not None or self.creator is not None or self.unread)


SEARCH_MAX = 200
SEARCH_TERMS_MAX = 10
_WORD = re.compile(r"\w+", re.UNICODE)


def search_expression(text: str, *, include_internal: bool) -> str:
    """An FTS5 query from free text: every word must occur; the last may be the start of a
    word ("druck" finds "Drucker"), as in search-as-you-type.

    Each word is quoted, so no FTS5 syntax (`OR`, `NEAR`, `*`, `:`, quotes) typed by a
    person is ever interpreted. Without access to internal notes the notes column is
    excluded, so a user's search cannot reveal what an internal note says. Whole words
    for all but the last keep the search fast at 100,000 tickets: a prefix term must
    gather every word that starts with it.
    """
    terms = _search_terms(text)
    if not terms:
        return ""
    return f"{_search_columns(include_internal)} : ({' '.join(terms)})"


def search_words(text: str, *, include_internal: bool) -> tuple[str, ...]:
    """search_expression() as one FTS5 query per word (each word once), for the index's
    long threads, where the words of one ticket may be in different rows."""
    columns = _search_columns(include_internal)
    return tuple(f"{columns} : {term}" for term in dict.fromkeys(_search_terms(text)))


def _search_terms(text: str) -> list[str]:
    words = _WORD.findall(text)[:SEARCH_TERMS_MAX]
    return [*(f'"{word}"' for word in words[:-1]), f'"{words[-1]}"*'] if words else []


def _search_columns(include_internal: bool) -> str:
    return "{title description replies notes}" if include_internal else \
        "{title description replies}"


SQLITE_MAX_INT = 2**63 - 1


def parse_id(value: object) -> int | None:
    """A positive id within SQLite's 64-bit range from ASCII digits only, else None.

    str.isdigit() alone is not enough: it is true for "²" and "٣", which int() refuses or
    reads as another number.
    """
    text = value if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= 20):
        return None
    number = int(text)
    return number if 0 < number <= SQLITE_MAX_INT else None


def parse_filters(args: Mapping[str, str], *, actor: Actor) -> tuple[TicketFilter, list[str]]:
    """Validate list parameters; unknown values are dropped and named in the second item."""
    invalid: list[str] = []
    params: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name, codes in (("status", STATUSES), ("priority", PRIORITIES),
                        ("category", CATEGORIES), ("sort", SORTS)):
        value = str(args.get(name, "") or "")
        if value in codes:
            values[name] = params[name] = value
        elif value:
            invalid.append(name)
    assignee = str(args.get("assignee", "") or "")
    if assignee == "me":
        values["assignee"] = actor.id
        params["assignee"] = assignee
    elif assignee == "none":
        values["unassigned"] = True
        params["assignee"] = assignee
    elif parse_id(assignee):
        values["assignee"] = parse_id(assignee)
        params["assignee"] = assignee
    elif assignee:
        invalid.append("assignee")
    creator = str(args.get("creator", "") or "")
    if parse_id(creator):
        values["creator"] = parse_id(creator)
        params["creator"] = creator
    elif creator:
        invalid.append("creator")
    if args.get("unread") == "1":
        values["unread_for"] = actor.id
        params["unread"] = "1"
    q = clean_text(args.get("q", ""))[:SEARCH_MAX]
    if q:
        params["q"] = q
        values["q"] = q
        internal = can(actor, "view_internal")
        values["match"] = search_expression(q, include_internal=internal)
        values["match_words"] = search_words(q, include_internal=internal)
    return TicketFilter(**values, params=params), invalid


def page_number(value: object, pages: int) -> int:
    """A page number within 1..pages, whatever was asked for."""
    number = parse_id(value) or 1
    return min(number, max(pages, 1))
