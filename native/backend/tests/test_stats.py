from __future__ import annotations


def test_dashboard_figures(api):
    first = api.create_ticket(category="bug", priority="high")
    api.create_ticket(category="feature", priority="low")
    path = f"/api/v1/tickets/{first['id']}"
    api.patch(path, "support", json={"status": "in_progress"})
    api.patch(path, "support", json={"status": "resolved"})
    stats = api.get("/api/v1/stats", "support").json
    assert stats["total"] == 2
    assert stats["by_status"] == {"new": 1, "in_progress": 0, "resolved": 1, "closed": 0}
    assert stats["by_priority"] == {"low": 1, "medium": 0, "high": 1}
    assert stats["by_category"] == {"bug": 1, "feature": 1, "support": 0}
    assert len(stats["weeks"]) == 12
    assert stats["weeks"][-1]["opened"] == 2
    assert stats["weeks"][-1]["resolved"] == 1
    assert 0 <= stats["median_resolution_hours"] < 1


def test_empty_dashboard(api):
    stats = api.get("/api/v1/stats", "admin").json
    assert stats["total"] == 0
    assert stats["median_resolution_hours"] is None
