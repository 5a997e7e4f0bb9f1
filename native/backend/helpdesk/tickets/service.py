"""Tickets: the visible set, the filtered list, create, change by role and workflow, delete."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    RowMapping,
    Select,
    String,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from helpdesk.audit import service as audit
from helpdesk.comments.models import Comment
from helpdesk.database import utcnow
from helpdesk.domain import can, editable_fields, is_staff, may_transition, sees_all_tickets
from helpdesk.errors import Conflict, Forbidden, Invalid, NotFound
from helpdesk.notifications import service as notifications
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.schemas import TicketCreate, TicketFilter, TicketUpdate
from helpdesk.users.models import User

# Counting stops here: 40 pages of 25 are more than anyone pages through, and counting
# 10,000 index entries per list took longer than the rest of the query.
TOTAL_CAP = 1_000
SORT_KEYS = {  # an allow-list of (column, descending): the parameter never reaches SQL as text
    "updated": (("updated_at", False), ("id", False)),
    "-updated": (("updated_at", True), ("id", True)),
    "created": (("created_at", False), ("id", False)),
    "-created": (("created_at", True), ("id", True)),
    "priority": (("priority_rank", False), ("updated_at", True), ("id", True)),
    "-priority": (("priority_rank", True), ("updated_at", True), ("id", True)),
}
AUDITED = ("title", "description", "category", "priority", "status", "assigned_to")


def matches(document: Any, query: Any) -> ColumnElement[bool]:
    return document.op("@@", return_type=Boolean)(query)


def visible_tickets(actor: User) -> Select[tuple[Ticket]]:
    """Every ticket `actor` may see: the one rule (domain.sees_all_tickets) as a query."""
    return select(Ticket).where(*criteria(actor, None))


def _person(value: str, actor: User) -> int | None:
    return actor.id if value == "me" else None if value == "none" else int(value)


FILTER_COLUMNS = {"owner": Ticket.created_by, "status": Ticket.status,
                  "priority": Ticket.priority, "category": Ticket.category,
                  "assignee": Ticket.assigned_to, "created_by": Ticket.created_by}


def filter_values(actor: User, query: TicketFilter | None) -> dict[str, Any]:
    """The visibility rule (`owner`) and the column filters of `query` (everything but the
    words), by name; None stands for "no assignee"."""
    values: dict[str, Any] = {}
    if not sees_all_tickets(actor):
        values["owner"] = actor.id
    if query is None:
        return values
    for name in ("status", "priority", "category"):
        if getattr(query, name):
            values[name] = getattr(query, name)
    if query.assignee:
        values["assignee"] = _person(query.assignee, actor)
    if query.created_by and query.created_by != "none":
        values["created_by"] = _person(query.created_by, actor)
    return values


def _condition(name: str, value: Any) -> ColumnElement[bool]:
    column = FILTER_COLUMNS[name]
    return column.is_(None) if value is None else column == value


def criteria(actor: User, query: TicketFilter | None) -> list[ColumnElement[bool]]:
    """filter_values (and the unread-only filter) as a WHERE clause."""
    where = [_condition(name, value) for name, value in filter_values(actor, query).items()]
    if query is not None and query.unread:
        where.append(notifications.unread_condition(actor))
    return where


def _matches_words(actor: Any, words: Any) -> ColumnElement[bool]:
    """The ticket's text or one of its comments (internal notes only for staff) matches.
    Both sides are index lookups PostgreSQL can OR as bitmaps (the comment matches become
    one array of ids), so a rare word costs its ~1,000 rows; for a common word the planner
    may instead walk the sort index and test each row, stopping after a page."""
    in_comments = select(func.array_agg(Comment.ticket_id)).where(matches(Comment.search, words))
    if not can(actor, "view_internal"):
        in_comments = in_comments.where(Comment.internal.is_(False))
    # = ANY(CAST((SELECT array_agg ...) AS INTEGER[])): one array of ids, which the primary
    # key's index can look up (= ANY (SELECT ...) would be a subquery joined row by row).
    ids = cast(in_comments.scalar_subquery(), ARRAY(Integer))
    return or_(matches(Ticket.search, words), Ticket.id == any_(ids))


def filtered(actor: User, query: TicketFilter) -> Select[tuple[Ticket]]:
    """The filtered, sorted tickets as ORM objects (the CSV export streams these)."""
    statement = select(Ticket).where(*criteria(actor, query))
    if query.q:
        words = func.websearch_to_tsquery("simple", query.q)
        statement = statement.where(_matches_words(actor, words))
    return statement.order_by(*ordering(Ticket, query.sort))


def ordering(columns: Any, sort: str) -> list[ColumnElement[Any]]:
    """The ORDER BY of `sort` over `columns`: the Ticket entity, or a subquery's columns
    named like it."""
    return [getattr(columns, name).desc() if descending else getattr(columns, name).asc()
            for name, descending in SORT_KEYS[sort]]


CREATOR, ASSIGNEE, UPDATER = aliased(User), aliased(User), aliased(User)
PAGE_COLUMNS = (
    Ticket.id, Ticket.title, Ticket.description, Ticket.category, Ticket.priority,
    Ticket.status, CREATOR.id.label("creator_id"), CREATOR.username.label("creator_name"),
    ASSIGNEE.id.label("assignee_id"), ASSIGNEE.username.label("assignee_name"),
    UPDATER.id.label("updater_id"), UPDATER.username.label("updater_name"),
    Ticket.created_at, Ticket.updated_at, Ticket.version,
)


@dataclass(frozen=True)
class ListShape:
    """What the SQL of a list request depends on; every value is bound when it runs, so
    each shape's statements are built (and compiled) once per process."""

    role: str
    filters: tuple[tuple[str, bool], ...]  # (name, is "no assignee") in filter_values order
    search: bool
    sort: str
    unread: bool = False


@dataclass(frozen=True)
class _Caller:
    """The caller inside a cached statement: the id is a parameter, the role is fixed."""

    id: Any
    role: str


@lru_cache(maxsize=512)
def _list_statements(shape: ListShape) -> tuple[Select[Any], Select[Any], Select[Any] | None]:
    """(page with total and unread flags, capped count on its own, and for a search the
    page in sort order for when more than TOTAL_CAP tickets match) for `shape`."""
    caller = _Caller(id=bindparam("actor_id", type_=Integer), role=shape.role)
    where = [FILTER_COLUMNS[name].is_(None) if no_one
             else FILTER_COLUMNS[name] == bindparam(name) for name, no_one in shape.filters]
    if shape.search:
        words = func.websearch_to_tsquery(literal_column("'simple'"),
                                          bindparam("q", type_=String))
        where.append(_matches_words(caller, words))
    if shape.unread:
        where.append(notifications.unread_condition(typing.cast(User, caller)))
    limit, offset, cap = (bindparam(name, type_=Integer) for name in ("limit", "offset", "cap"))
    counted = select(Ticket.id).where(*where).limit(cap).subquery("counted")
    count = select(func.count()).select_from(counted)
    in_order = select(Ticket.id).where(*where).order_by(*ordering(Ticket, shape.sort))
    deep = None
    if shape.search:
        # Up to TOTAL_CAP + 1 matches with their sort keys, read once: when that is all of
        # them (a selective search), they give both the total and the page.
        found = (select(Ticket.id, Ticket.updated_at, Ticket.created_at, Ticket.priority_rank)
                 .where(*where).limit(cap).cte("found"))
        total = select(func.count()).select_from(found).scalar_subquery()
        page = (select(found.c.id, total.label("total"))
                .order_by(*ordering(found.c, shape.sort)))
        deep = _page(in_order.add_columns(cap.label("total")).limit(limit).offset(offset),
                     caller, shape.sort)
    else:
        page = in_order.add_columns(count.scalar_subquery().label("total"))
    return _page(page.limit(limit).offset(offset), caller, shape.sort), count, deep


def _page(ids: Select[Any], caller: _Caller, sort: str) -> Select[Any]:
    """The page's rows: `ids` (id, total) joined to the columns, people and unread flag."""
    page = ids.subquery("page")
    unread = notifications.unread_condition(typing.cast(User, caller))
    return (_with_people(select(*PAGE_COLUMNS, page.c.total, unread.label("unread"))
                         .select_from(page).join(Ticket, Ticket.id == page.c.id))
            .order_by(*ordering(Ticket, sort)))


def _with_people(statement: Select[Any]) -> Select[Any]:
    return (statement.join(CREATOR, CREATOR.id == Ticket.created_by)
            .outerjoin(ASSIGNEE, ASSIGNEE.id == Ticket.assigned_to)
            .outerjoin(UPDATER, UPDATER.id == Ticket.last_updated_by))


def list_tickets(*, session: Session, actor: User,
                 query: Any) -> tuple[list[RowMapping], int, bool]:
    """(page of tickets as plain rows with `unread`, total up to TOTAL_CAP, whether the total
    was capped), in one round trip: the page's ids and the total come from a subquery, the
    columns, the three user names and the unread flag are joined to those 25 ids only."""
    values = filter_values(actor, query)
    shape = ListShape(role=actor.role, search=bool(query.q), sort=query.sort,
                      filters=tuple((name, value is None) for name, value in values.items()),
                      unread=bool(query.unread))
    params = {name: value for name, value in values.items() if value is not None}
    params.update(actor_id=actor.id, limit=query.per_page, cap=TOTAL_CAP + 1,
                  offset=(query.page - 1) * query.per_page)
    if query.q:
        params["q"] = query.q
    statement, count, deep = _list_statements(shape)
    rows = list(session.execute(statement, params).mappings())
    # A page past the end carries no total; it is counted on its own.
    found = rows[0]["total"] if rows else session.scalar(count, params) or 0
    if deep is not None and found > TOTAL_CAP:  # the first matches found are not the page
        rows = list(session.execute(deep, params).mappings())
    return rows, min(found, TOTAL_CAP), found > TOTAL_CAP


@dataclass(frozen=True)
class _Visible:
    created_by: int
    status: str


@lru_cache(maxsize=8)
def _read_statement(role: str) -> Select[Any]:
    caller = _Caller(id=bindparam("actor_id", type_=Integer), role=role)
    where = [Ticket.id == bindparam("ticket_id", type_=Integer)]
    if not sees_all_tickets(caller):
        where.append(Ticket.created_by == caller.id)
    return _with_people(select(*PAGE_COLUMNS).select_from(Ticket)).where(*where)


def read_ticket(*, session: Session, actor: User, ticket_id: int) -> RowMapping:
    """The ticket as a plain row (the columns of a list row) if `actor` may see it; 404
    otherwise, exactly as if it did not exist. For reading only: no ORM object."""
    row = session.execute(_read_statement(actor.role),
                          {"actor_id": actor.id, "ticket_id": ticket_id}).mappings().first()
    if row is None or not can(actor, "view_ticket", _Visible(row["creator_id"], row["status"])):
        raise NotFound("There is no such ticket.", reason="ticket_not_found")
    return row


def get_ticket(*, session: Session, actor: User, ticket_id: int, lock: bool = False) -> Ticket:
    """The ticket if `actor` may see it; 404 otherwise, exactly as if it did not exist."""
    statement = visible_tickets(actor).where(Ticket.id == ticket_id)
    if lock:
        statement = statement.with_for_update(of=Ticket)
    ticket = session.scalars(statement).unique().one_or_none()
    if ticket is None or not can(actor, "view_ticket", ticket):
        raise NotFound("There is no such ticket.", reason="ticket_not_found")
    return ticket


def snapshot(ticket: Ticket) -> dict[str, Any]:
    return {name: getattr(ticket, name) for name in AUDITED}


def create_ticket(*, session: Session, actor: User, data: TicketCreate) -> Ticket:
    # The people are set as objects, so the response needs no reload after the INSERT
    # (its RETURNING brings the id and the computed columns).
    ticket = Ticket(**data.model_dump(), status="new", creator=actor, updater=actor,
                    assignee=None)
    session.add(ticket)
    session.flush()
    audit.record(session=session, action="ticket.create", entity_type="ticket",
                 entity_id=ticket.id, actor=actor, after=snapshot(ticket))
    notifications.ticket_created(session=session, actor=actor, ticket=ticket)
    return ticket


def _check_assignee(session: Session, user_id: int | None) -> None:
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or not user.is_active or not is_staff(user):
        raise Invalid("Tickets can be assigned only to an active support or admin account.",
                      fields={"assigned_to": "not an active support or admin account"},
                      reason="not_assignable", field_errors={"assigned_to": "not_assignable"})


def change_status(*, session: Session, actor: User, ticket: Ticket, status: str) -> None:
    """Move the ticket along the workflow, or refuse with a clear message. Staff taking an
    unassigned ticket in progress become its assignee: the one who works on it."""
    if status == ticket.status:
        return
    if not may_transition(actor, ticket, status):
        message = f"A ticket cannot go from {ticket.status} to {status} by you."
        raise Invalid(message, fields={"status": message}, code="invalid_transition",
                      field_errors={"status": "invalid_transition"},
                      params={"from": ticket.status, "to": status})
    previous, ticket.status = ticket.status, status
    if status == "resolved":
        ticket.resolved_at = utcnow()
    if status == "in_progress" and ticket.assigned_to is None and is_staff(actor):
        ticket.assigned_to = actor.id
    notifications.status_changed(session=session, actor=actor, ticket=ticket, previous=previous)


def touch(ticket: Ticket, actor: User) -> None:
    ticket.updated_at = utcnow()
    ticket.last_updated_by = actor.id
    ticket.version += 1


# The audit action of each kind of change; status and assignee also appear in the timeline.
CHANGE_ACTIONS = (("ticket.status", ("status",)), ("ticket.assign", ("assigned_to",)),
                  ("ticket.update", ("title", "description", "category", "priority")))


def record_changes(*, session: Session, actor: User, ticket: Ticket,
                   before: dict[str, Any]) -> None:
    """One audit entry per kind of change between `before` (a snapshot) and now."""
    after = snapshot(ticket)
    for action, fields in CHANGE_ACTIONS:
        changed = [name for name in fields if before[name] != after[name]]
        if changed:
            audit.record(session=session, action=action, entity_type="ticket",
                         entity_id=ticket.id, actor=actor,
                         before={name: before[name] for name in changed},
                         after={name: after[name] for name in changed})


def update_ticket(*, session: Session, actor: User, ticket_id: int, data: TicketUpdate,
                  expected_version: int | None = None) -> Ticket:
    ticket = get_ticket(session=session, actor=actor, ticket_id=ticket_id, lock=True)
    apply_changes(session=session, actor=actor, ticket=ticket, data=data,
                  expected_version=expected_version)
    return ticket


def apply_changes(*, session: Session, actor: User, ticket: Ticket, data: TicketUpdate,
                  expected_version: int | None = None) -> bool:
    """Change the (locked) ticket's fields as `data` says (its `reply` is not a field);
    whether anything changed."""
    changes = data.model_dump(exclude_unset=True, exclude={"reply"})
    version = changes.pop("version", None) or expected_version
    if version is not None and version != ticket.version:
        raise Conflict("Someone else changed this ticket; reload it and try again.",
                       code="stale_version", fields={"version": f"current is {ticket.version}"},
                       field_errors={"version": "stale_version"})
    refused = sorted(set(changes) - editable_fields(actor, ticket))
    if refused:
        raise Forbidden("You may not change: " + ", ".join(refused) + ".",
                        fields={name: "not allowed for your role" for name in refused},
                        reason="fields_refused",
                        field_errors={name: "not_allowed" for name in refused})
    for name in ("title", "category", "priority", "status", "description"):
        if name in changes and changes[name] is None:
            raise Invalid(f"{name} cannot be empty.", fields={name: "may not be null"},
                          reason="field_empty", field_errors={name: "may_not_be_empty"})
    before = snapshot(ticket)
    if "assigned_to" in changes:
        _check_assignee(session, changes["assigned_to"])
    if "status" in changes:
        change_status(session=session, actor=actor, ticket=ticket, status=changes.pop("status"))
    for name, value in changes.items():
        setattr(ticket, name, value)
    if snapshot(ticket) == before:
        return False
    touch(ticket, actor)
    session.flush()
    session.refresh(ticket)  # reload the assignee and updater it now points to
    record_changes(session=session, actor=actor, ticket=ticket, before=before)
    return True


def delete_ticket(*, session: Session, actor: User, ticket_id: int) -> None:
    ticket = get_ticket(session=session, actor=actor, ticket_id=ticket_id, lock=True)
    if not can(actor, "delete_ticket", ticket):
        raise Forbidden("Only administrators may delete tickets.",
                        reason="ticket_delete_admin_only")
    audit.record(session=session, action="ticket.delete", entity_type="ticket",
                 entity_id=ticket.id, actor=actor, before=snapshot(ticket))
    session.delete(ticket)
    session.flush()
