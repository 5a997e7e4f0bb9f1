from __future__ import annotations

from flask_jwt_extended import current_user

from helpdesk.api import ApiBlueprint
from helpdesk.database import get_session
from helpdesk.stats import service
from helpdesk.stats.schemas import Stats

api = ApiBlueprint("stats", "/api/v1")


@api.endpoint("GET", "/stats", summary="Dashboard figures (support, admin)", response=Stats)
def get_stats() -> Stats:
    return service.dashboard(session=get_session(), actor=current_user)
