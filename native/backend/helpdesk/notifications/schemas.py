from __future__ import annotations

from datetime import datetime

from pydantic import Field

from helpdesk.schemas import Id, Input, Output
from helpdesk.tickets.schemas import Status


class NotificationsQuery(Input):
    ticket: Id | None = Field(None, description="The ticket open on the caller's screen: "
                              "its current version comes back as `watched`")


class UnreadTicket(Output):
    id: int
    title: str
    status: Status
    updated_at: datetime


class WatchedTicket(Output):
    """The open ticket's version: a newer one than on screen means reload it."""

    id: int
    version: int


class Notifications(Output):
    count: int
    tickets: list[UnreadTicket]
    poll_seconds: int = Field(description="Ask again after this many seconds")
    watched: WatchedTicket | None = Field(
        description="The `ticket` asked about, if the caller may see it")
