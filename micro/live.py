"""Live updates without a framework: app.js asks `/activity` every POLL_SECONDS for the
unread count and, on a ticket page, the ticket's latest-activity stamp (`updated_at`,
moved by every reply, note and change); when the stamp moved, the page shows the news.

The answer is cheap: the count comes with the account that every request loads anyway
(queries.get_user_with_unread_count) and the stamp is one primary-key lookup. A poll is
not activity of the person: it never re-signs the session cookie, so an open tab still
ends the session after the idle timeout.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from . import queries
from .auth import current_actor, unread_count
from .db import get_db
from .domain import can, parse_id
from .i18n import fast_ngettext

bp = Blueprint("live", __name__)


@bp.route("/activity")
def activity():
    """{"unread": n, "unread_title": text[, "ticket": stamp or null]}; 401 when signed out
    (the script then stops asking)."""
    if not current_user.is_authenticated:
        response = jsonify(error="not signed in")
        response.status_code = 401
    else:
        db = get_db()
        count = unread_count(db)
        title = fast_ngettext("%(num)d ticket with unread activity",
                              "%(num)d tickets with unread activity", count)
        body: dict[str, object] = {"unread": count, "unread_title": title % {"num": count}}
        if "ticket" in request.args:
            body["ticket"] = ticket_stamp(db, parse_id(request.args["ticket"]))
        response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def ticket_stamp(db, ticket_id: int | None) -> str | None:
    """The ticket's latest activity, or None when it does not exist or the person may not
    see it (the same answer, so the poll reveals nothing the detail page would not)."""
    row = queries.get_ticket_stamp(db, ticket_id) if ticket_id is not None else None
    if row is None or not can(current_actor(), "view_ticket", row):
        return None
    return row["updated_at"]
