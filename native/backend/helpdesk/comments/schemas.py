from __future__ import annotations

from datetime import datetime

from helpdesk.schemas import Body, Input, Output, UserRef
from helpdesk.tickets.schemas import Status, TicketRead


class CommentCreate(Input):
    """`internal` (a note only staff see) and `status` (reply and change the status in one
    action) are for support and admin; a user sending them is refused."""

    body: Body
    internal: bool = False
    status: Status | None = None


class CommentRead(Output):
    id: int
    ticket_id: int
    author: UserRef
    body: str
    internal: bool
    created_at: datetime


class CommentList(Output):
    items: list[CommentRead]


class CommentCreated(Output):
    comment: CommentRead
    ticket: TicketRead
