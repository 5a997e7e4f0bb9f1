"""Unread activity (the badge) and the e-mails that go with it.

A person has unread activity on a ticket when someone else did something there that the
person may see, after they last opened it. Users hear about their own tickets; staff
about tickets assigned to them, and about new tickets and user comments on unassigned
ones. Internal notes never notify a user. The e-mails (`mail.py`) follow the same people:
the reporter on others' replies and status changes; support on new tickets, the
reporter's comments and the reporter reopening a resolved ticket.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, bindparam, exists, func, or_, select, text
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.orm import Session

from helpdesk.database import utcnow
from helpdesk.domain import STAFF_ROLES, is_staff
from helpdesk.notifications import mail
from helpdesk.notifications.models import TicketActivity, TicketView
from helpdesk.tickets.models import Ticket
from helpdesk.users.models import User

if TYPE_CHECKING:
    from helpdesk.comments.models import Comment

UNREAD_LIMIT = 50


def _record(session: Session, actor: User, ticket: Ticket, kind: str,
            internal: bool = False) -> None:
    session.add(TicketActivity(ticket_id=ticket.id, actor_id=actor.id, kind=kind,
                               internal=internal, by_creator=actor.id == ticket.created_by))


def _staff_to_tell(session: Session, actor: User, ticket: Ticket) -> list[User]:
    if ticket.assigned_to is not None:
        people = [ticket.assignee] if ticket.assignee else []
    else:
        people = list(session.scalars(select(User).where(
            User.role.in_(STAFF_ROLES), User.is_active.is_(True))))
    return [person for person in people if person is not None and person.id != actor.id]


def ticket_created(*, session: Session, actor: User, ticket: Ticket) -> None:
    _record(session, actor, ticket, "created")
    for person in _staff_to_tell(session, actor, ticket):
        mail.queue(person, "ticket_created", ticket=ticket, actor=actor)


def status_changed(*, session: Session, actor: User, ticket: Ticket, previous: str) -> None:
    _record(session, actor, ticket, "status")
    if ticket.created_by != actor.id:
        mail.queue(ticket.creator, "status_changed", ticket=ticket, actor=actor)
    elif previous == "resolved" and ticket.status == "in_progress":
        # The reporter answered "No, it is still broken": support has work again. (Their
        # "Yes, close the ticket" needs nobody, so it sends nothing.)
        for person in _staff_to_tell(session, actor, ticket):
            mail.queue(person, "reopened", ticket=ticket, actor=actor)


def comment_added(*, session: Session, actor: User, ticket: Ticket, comment: Comment) -> None:
    _record(session, actor, ticket, "comment", internal=comment.internal)
    if comment.internal:
        return
    if ticket.created_by != actor.id:
        mail.queue(ticket.creator, "reply", ticket=ticket, actor=actor, comment=comment)
    else:
        for person in _staff_to_tell(session, actor, ticket):
            mail.queue(person, "user_comment", ticket=ticket, actor=actor, comment=comment)


def _seen_statement() -> Insert:
    # Built once with bound values: building it took longer than running it.
    statement = insert(TicketView.__table__).values(
        user_id=bindparam("user_id"), ticket_id=bindparam("ticket_id"),
        seen_at=bindparam("seen_at"))
    return statement.on_conflict_do_update(
        index_elements=[TicketView.user_id, TicketView.ticket_id],
        set_={"seen_at": statement.excluded.seen_at})


SEEN = _seen_statement()
NO_DISK_WAIT = text("SET LOCAL synchronous_commit = off")


def mark_seen(*, session: Session, user: User, ticket_id: int) -> None:
    # A read receipt may be lost in a crash; it need not wait for the disk (faster reads).
    session.execute(NO_DISK_WAIT)
    session.execute(SEEN, {"user_id": user.id, "ticket_id": ticket_id, "seen_at": utcnow()})


def unread_condition(user: User) -> ColumnElement[bool]:
    """A WHERE clause over Ticket: true when `user` has unread activity on the ticket."""
    seen = select(TicketView.seen_at).where(TicketView.user_id == user.id,
                                            TicketView.ticket_id == Ticket.id
                                            ).correlate(Ticket).scalar_subquery()
    activity = (TicketActivity.ticket_id == Ticket.id) & \
        or_(seen.is_(None), TicketActivity.created_at > seen)
    if is_staff(user):
        relevant = or_(
            Ticket.assigned_to == user.id,
            and_(Ticket.assigned_to.is_(None),
                 or_(TicketActivity.kind == "created",
                     and_(TicketActivity.kind == "comment", TicketActivity.by_creator))),
        )
        addressed = TicketActivity.for_user_id == user.id
    else:
        relevant = and_(Ticket.created_by == user.id, TicketActivity.internal.is_(False),
                        TicketActivity.kind != "created")
        addressed = and_(TicketActivity.for_user_id == user.id, Ticket.created_by == user.id)
    by_others = and_(TicketActivity.for_user_id.is_(None), TicketActivity.actor_id != user.id,
                     relevant)
    return exists(select(TicketActivity.id).where(activity, or_(by_others, addressed)))


def unread_ids(*, session: Session, user: User, ticket_ids: list[int]) -> set[int]:
    if not ticket_ids:
        return set()
    return set(session.scalars(select(Ticket.id).where(
        Ticket.id.in_(ticket_ids), unread_condition(user))))


def unread_tickets(*, session: Session, user: User) -> tuple[int, list[Ticket]]:
    """(number of tickets with unread activity, the newest UNREAD_LIMIT of them)."""
    condition = unread_condition(user)
    count = session.scalar(select(func.count()).select_from(Ticket).where(condition)) or 0
    tickets = session.scalars(select(Ticket).where(condition)
                              .order_by(Ticket.updated_at.desc()).limit(UNREAD_LIMIT))
    return count, list(tickets.unique())
