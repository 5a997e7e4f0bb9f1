from __future__ import annotations

from flask import current_app
from flask_jwt_extended import current_user

from helpdesk.api import ApiBlueprint
from helpdesk.database import get_session
from helpdesk.notifications import service
from helpdesk.notifications.schemas import Notifications, NotificationsQuery
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.service import visible_tickets

api = ApiBlueprint("notifications", "/api/v1")


@api.endpoint("GET", "/notifications",
              summary="Tickets with unread activity (the badge), and the open ticket's version",
              query=NotificationsQuery, response=Notifications)
def list_notifications(query: NotificationsQuery) -> Notifications:
    session = get_session()
    count, tickets = service.unread_tickets(session=session, user=current_user)
    watched = None
    if query.ticket is not None:
        # One the caller may not see answers like one that does not exist: null.
        version = session.scalar(visible_tickets(current_user).where(Ticket.id == query.ticket)
                                 .with_only_columns(Ticket.version))
        watched = None if version is None else {"id": query.ticket, "version": version}
    return Notifications.model_validate({
        "count": count, "tickets": tickets, "watched": watched,
        "poll_seconds": current_app.config["NOTIFICATIONS_POLL_SECONDS"]},
        from_attributes=True)
