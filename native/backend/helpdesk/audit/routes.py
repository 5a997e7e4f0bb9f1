from __future__ import annotations

from flask_jwt_extended import current_user

from helpdesk.api import ApiBlueprint
from helpdesk.audit import service
from helpdesk.audit.schemas import AuditPage, AuditQuery
from helpdesk.database import get_session
from helpdesk.domain import can
from helpdesk.errors import Forbidden

api = ApiBlueprint("audit", "/api/v1")


@api.endpoint("GET", "/audit", summary="The audit log, newest first (admin)",
              query=AuditQuery, response=AuditPage)
def list_audit(query: AuditQuery) -> AuditPage:
    if not can(current_user, "view_audit"):
        raise Forbidden("Only administrators may read the audit log.", reason="audit_admin_only")
    rows, total = service.list_entries(session=get_session(), query=query)
    return AuditPage(items=rows, total=total, page=query.page, per_page=query.per_page)
