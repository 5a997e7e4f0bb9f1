"""Dashboard figures, computed in PostgreSQL over the tickets the caller may see."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpdesk.database import utcnow
from helpdesk.domain import CATEGORIES, PRIORITIES, STATUSES, can
from helpdesk.errors import Forbidden
from helpdesk.stats.schemas import Stats, WeekCount
from helpdesk.tickets.service import visible_tickets
from helpdesk.users.models import User

WEEKS = 12


def _counts(session: Session, visible: object, column: object, codes: tuple[str, ...]) -> dict:
    rows = session.execute(select(column, func.count()).select_from(visible)
                           .group_by(column)).all()
    found = dict(rows)
    return {code: found.get(code, 0) for code in codes}


def dashboard(*, session: Session, actor: User) -> Stats:
    if not can(actor, "view_dashboard"):
        raise Forbidden("The dashboard is for support and admin.", reason="dashboard_staff_only")
    visible = visible_tickets(actor).subquery()
    since = (utcnow() - timedelta(weeks=WEEKS - 1)).date()
    monday = since - timedelta(days=since.weekday())
    opened_week = func.date_trunc("week", visible.c.created_at).label("week")
    resolved_week = func.date_trunc("week", visible.c.resolved_at).label("week")
    opened = dict(session.execute(
        select(opened_week, func.count()).where(visible.c.created_at >= monday)
        .group_by(opened_week)).all())
    resolved = dict(session.execute(
        select(resolved_week, func.count()).where(visible.c.resolved_at >= monday)
        .group_by(resolved_week)).all())
    opened_by_day = {key.date(): value for key, value in opened.items()}
    resolved_by_day = {key.date(): value for key, value in resolved.items()}
    weeks = [monday + timedelta(weeks=index) for index in range(WEEKS)]
    median = session.scalar(
        select(func.percentile_cont(0.5).within_group(
            func.extract("epoch", visible.c.resolved_at - visible.c.created_at) / 3600))
        .where(visible.c.resolved_at.is_not(None)))
    return Stats(
        total=session.scalar(select(func.count()).select_from(visible)) or 0,
        by_status=_counts(session, visible, visible.c.status, STATUSES),
        by_priority=_counts(session, visible, visible.c.priority, PRIORITIES),
        by_category=_counts(session, visible, visible.c.category, CATEGORIES),
        weeks=[WeekCount(week=week, opened=opened_by_day.get(week, 0),
                         resolved=resolved_by_day.get(week, 0)) for week in weeks],
        median_resolution_hours=round(float(median), 2) if median is not None else None,
    )
