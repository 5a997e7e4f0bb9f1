from __future__ import annotations

from datetime import datetime

from helpdesk.schemas import Output
from helpdesk.tickets.schemas import Status


class UnreadTicket(Output):
    id: int
    title: str
    status: Status
    updated_at: datetime


class Notifications(Output):
    count: int
    tickets: list[UnreadTicket]
