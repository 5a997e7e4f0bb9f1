from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from helpdesk.schemas import Body, Id, Input, Output, UserRef
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


class CommentPageQuery(Input):
    before: Id | None = Field(None, description="Give the comments older than this one "
                              "(the `older` of the page before); without it, the newest")
    limit: Annotated[int, Field(ge=1, le=100)] = 50


class CommentList(Output):
    """One page of the thread: the newest `limit` comments before the cursor, oldest first."""

    items: list[CommentRead]
    older: int | None = Field(description="Pass as `before` for the page of older comments; "
                              "null when there are none")


class CommentCreated(Output):
    comment: CommentRead
    ticket: TicketRead
