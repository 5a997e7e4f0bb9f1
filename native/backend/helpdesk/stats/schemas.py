from __future__ import annotations

from datetime import date

from helpdesk.schemas import Output


class WeekCount(Output):
    week: date
    opened: int
    resolved: int


class Stats(Output):
    total: int
    by_status: dict[str, int]
    by_priority: dict[str, int]
    by_category: dict[str, int]
    weeks: list[WeekCount]
    median_resolution_hours: float | None
