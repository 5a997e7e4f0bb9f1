"""Times in the browser's zone (issue #13.1): app.js writes the zone as a cookie with
encodeURIComponent ("Europe%2FBerlin"); before the fix the server took that text as the
zone's name, failed and showed UTC on the list, the detail page and in the CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(stored: str) -> str:
    return datetime.fromisoformat(stored).astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")


def test_times_are_shown_in_the_browsers_zone(person, micro_instance):
    someone = person(timezone_id="Europe/Berlin")
    someone.login("user")
    ticket_id = someone.create_ticket("Uhrzeit in Berlin")
    with sqlite3.connect(micro_instance / "micro.db") as db:
        created, updated = db.execute("SELECT created_at, updated_at FROM tickets "
                                      "WHERE id = ?", (ticket_id,)).fetchone()
    utc = datetime.fromisoformat(created).strftime("%Y-%m-%d %H:%M")
    assert berlin(created) != utc  # Berlin is always one or two hours ahead of UTC

    someone.goto(f"/tickets/{ticket_id}")
    meta = someone.page.locator("dl.ticket-meta")
    expect(meta).to_contain_text(berlin(created))
    expect(meta).not_to_contain_text(utc)

    someone.goto("/tickets")
    row = someone.row("Uhrzeit in Berlin")
    expect(row).to_contain_text(berlin(updated))

    with someone.page.expect_download() as download:
        someone.page.get_by_role("link", name="Export CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert rows[str(ticket_id)][7:9] == [berlin(created), berlin(updated)]
