"""The feedback thread of a ticket; internal notes exist only for staff."""

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from helpdesk.audit import service as audit
from helpdesk.comments.models import Comment
from helpdesk.comments.schemas import CommentCreate
from helpdesk.domain import can
from helpdesk.errors import Forbidden
from helpdesk.notifications import service as notifications
from helpdesk.tickets import service as tickets
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.schemas import TicketUpdate
from helpdesk.users.models import User


def list_comments(*, session: Session, actor: User, ticket_id: int, before: int | None = None,
                  limit: int = 50) -> tuple[list[Comment], int | None]:
    """(the newest `limit` comments `actor` may see that are older than the comment
    `before`, oldest first; the cursor for the page before it, or None). Keyset paging on
    (created_at, id), which the index on (ticket_id, created_at) walks backwards."""
    ticket = tickets.get_ticket(session=session, actor=actor, ticket_id=ticket_id)
    statement = select(Comment).where(Comment.ticket_id == ticket.id)
    if not can(actor, "view_internal", ticket):
        statement = statement.where(Comment.internal.is_(False))
    if before is not None:
        anchor = session.scalar(select(Comment.created_at).where(
            Comment.id == before, Comment.ticket_id == ticket.id))
        if anchor is None:  # not a comment of this ticket: nothing of it comes before
            return [], None
        statement = statement.where(tuple_(Comment.created_at, Comment.id) < (anchor, before))
    newest_first = list(session.scalars(
        statement.order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit + 1)))
    page = newest_first[:limit][::-1]
    return page, (page[0].id if len(newest_first) > limit else None)


def add_comment(*, session: Session, actor: User, ticket_id: int,
                data: CommentCreate) -> tuple[Comment, Ticket]:
    ticket = tickets.get_ticket(session=session, actor=actor, ticket_id=ticket_id, lock=True)
    changes_status = data.status is not None and data.status != ticket.status
    if changes_status and not can(actor, "write_internal", ticket):
        raise Forbidden("Change the status of your ticket with PATCH /tickets/{id}.",
                        fields={"status": "not allowed for your role"},
                        reason="status_change_refused", field_errors={"status": "not_allowed"})
    comment = write_comment(session=session, actor=actor, ticket=ticket, body=data.body,
                            internal=data.internal)
    before = tickets.snapshot(ticket)
    if data.status is not None:
        tickets.change_status(session=session, actor=actor, ticket=ticket, status=data.status)
    tickets.touch(ticket, actor)
    session.flush()
    session.refresh(ticket)
    tickets.record_changes(session=session, actor=actor, ticket=ticket, before=before)
    return comment, ticket


def update_with_reply(*, session: Session, actor: User, ticket_id: int, data: TicketUpdate,
                      expected_version: int | None = None) -> Ticket:
    """PATCH /tickets/{id}: the field changes and, when given, a reply, in one transaction
    (the request's): a refused change stores no reply, a refused reply no change. The reply
    comes first, so the conversation reads "reply, then the new status"."""
    ticket = tickets.get_ticket(session=session, actor=actor, ticket_id=ticket_id, lock=True)
    if data.reply is None:
        tickets.apply_changes(session=session, actor=actor, ticket=ticket, data=data,
                              expected_version=expected_version)
        return ticket
    write_comment(session=session, actor=actor, ticket=ticket, body=data.reply.body,
                  internal=data.reply.internal)
    if not tickets.apply_changes(session=session, actor=actor, ticket=ticket, data=data,
                                 expected_version=expected_version):
        tickets.touch(ticket, actor)  # a reply alone is activity on the ticket too
        session.flush()
        session.refresh(ticket)
    return ticket


def write_comment(*, session: Session, actor: User, ticket: Ticket, body: str,
                  internal: bool) -> Comment:
    """Add a reply (or, for staff, an internal note) to the locked ticket, audited and
    notified; the caller touches the ticket."""
    if internal and not can(actor, "write_internal", ticket):
        raise Forbidden("Only support and admin may write internal notes.",
                        fields={"internal": "not allowed for your role"},
                        reason="internal_note_refused", field_errors={"internal": "not_allowed"})
    comment = Comment(ticket_id=ticket.id, author_id=actor.id, body=body, internal=internal)
    session.add(comment)
    session.flush()
    session.refresh(comment)
    audit.record(session=session, action="comment.create", entity_type="comment",
                 entity_id=comment.id, actor=actor,
                 after={"ticket_id": ticket.id, "internal": comment.internal})
    notifications.comment_added(session=session, actor=actor, ticket=ticket, comment=comment)
    return comment
