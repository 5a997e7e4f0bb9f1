"""The dashboard (support and admin): counts by status, priority and category, tickets
opened and resolved per week, and the median time to resolution, drawn as SVG charts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from babel.numbers import format_decimal
from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from flask_login import login_required

from . import charts, queries
from .auth import current_actor
from .db import get_db
from .domain import CATEGORIES, PRIORITIES, STATUSES, can
from .i18n import label, request_locale

bp = Blueprint("dashboard", __name__)

WEEKS = 12


def week_starts(today: date, count: int = WEEKS) -> list[str]:
    monday = today - timedelta(days=today.weekday())
    return [(monday - timedelta(weeks=offset)).isoformat() for offset in
            range(count - 1, -1, -1)]


def week_label(week: str) -> str:
    """A week (its Monday, ISO date) by its ISO week number: "Week 38", German "KW 38"."""
    return _("Week %(number)d", number=date.fromisoformat(week).isocalendar().week)


def one_decimal(number: float) -> str:
    """A number with one decimal in the viewer's language: 1.5 in English, 1,5 in German."""
    return format_decimal(number, format="0.0", locale=request_locale())


@bp.route("/dashboard")
@login_required
def index():
    if not can(current_actor(), "view_dashboard"):
        abort(403)
    db = get_db()
    weeks = week_starts(datetime.now(UTC).date())
    since = weeks[0]
    opened = queries.opened_per_week(db, since)
    resolved = queries.resolved_per_week(db, since)
    by_status = queries.count_by_status(db)
    by_priority = queries.count_by_priority(db)
    by_category = queries.count_by_category(db)
    median = queries.median_resolution_hours(db)
    return render_template(
        "dashboard.html", decimal=one_decimal,
        total=sum(by_status.values()),
        open_count=by_status.get("new", 0) + by_status.get("in_progress", 0),
        median=median,
        status_chart=charts.bar_chart(_("Tickets by status"), [
            (label("status", code), by_status.get(code, 0), f"s-{code}") for code in STATUSES]),
        priority_chart=charts.bar_chart(_("Tickets by priority"), [
            (label("priority", code), by_priority.get(code, 0), f"p-{code}")
            for code in PRIORITIES]),
        category_chart=charts.bar_chart(_("Tickets by category"), [
            (label("category", code), by_category.get(code, 0), f"c-{code}")
            for code in CATEGORIES]),
        weekly_chart=charts.weekly_chart(_("Opened and resolved per week"), [
            week_label(week) for week in weeks], [
            (_("Opened"), [opened.get(week, 0) for week in weeks], "opened"),
            (_("Resolved"), [resolved.get(week, 0) for week in weeks], "resolved")]),
    )
