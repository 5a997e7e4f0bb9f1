from __future__ import annotations

from flask_jwt_extended import current_user

from helpdesk.api import ApiBlueprint
from helpdesk.database import get_session
from helpdesk.notifications import service
from helpdesk.notifications.schemas import Notifications

api = ApiBlueprint("notifications", "/api/v1")


@api.endpoint("GET", "/notifications", summary="Tickets with unread activity (the badge)",
              response=Notifications)
def list_notifications() -> Notifications:
    count, tickets = service.unread_tickets(session=get_session(), user=current_user)
    return Notifications.model_validate({"count": count, "tickets": tickets},
                                        from_attributes=True)
