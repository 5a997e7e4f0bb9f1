"""Nano in the browser: times are shown in the viewer's own zone, which the browser tells
Streamlit (a colleague in Berlin sees Berlin hours, summer and winter time alike)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WINTER_UTC, WINTER_BERLIN = "2026-01-15T12:00:00.000000+00:00", "2026-01-15 13:00"  # CET
SUMMER_UTC, SUMMER_BERLIN = "2026-07-15T12:00:00.000000+00:00", "2026-07-15 14:00"  # CEST


def test_a_browser_in_berlin_sees_berlin_hours(start_nano, person, tmp_path: Path):
    db_path = tmp_path / "tickets.db"
    server = start_nano(NANO_DB_PATH=str(db_path))
    berliner = person(server, timezone_id="Europe/Berlin")
    berliner.login("user")
    ticket_id = berliner.create_ticket("Uhrzeit in Berlin")  # the new ticket is open
    with sqlite3.connect(db_path) as db:  # stored in UTC, as always
        db.execute("UPDATE tickets SET created_at = ?, updated_at = ? WHERE id = ?",
                   (WINTER_UTC, SUMMER_UTC, ticket_id))
    berliner.page.reload()  # still signed in, on the same ticket
    heading = berliner.main.get_by_role("heading", level=2, name=re.compile(f"^#{ticket_id} "))
    expect(heading).to_be_visible()
    expect(berliner.main.get_by_text(f"Created by user on {WINTER_BERLIN} ")).to_be_visible()
    expect(berliner.main.get_by_text(re.compile(f"updated {SUMMER_BERLIN}"))).to_be_visible()
    berliner.idle()
    berliner.click("Back to the list")
    row = berliner.ticket_row("Uhrzeit in Berlin")
    expect(row).to_contain_text(f"updated {SUMMER_BERLIN}")
    assert "12:00" not in row.inner_text()  # not the UTC hour
