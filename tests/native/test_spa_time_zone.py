"""Times on the reader's own clock (issue #13.1 for Native): a browser in Europe/Berlin sees
the Berlin hour on the list, on the ticket and in the CSV export (the export link passes
the browser's zone); the API stores and sends UTC. Berlin is one or two hours ahead of UTC
all year, so a page or file showing the UTC hour fails."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.native.spa import Api, german_login

pytestmark = pytest.mark.browser

BERLIN = ZoneInfo("Europe/Berlin")
PAGE_FORMAT = "%d.%m.%Y, %H:%M"  # Intl's German medium date and short time
CSV_FORMAT = "%d.%m.%Y %H:%M"


def shown(stored: str, zone: ZoneInfo | None, form: str) -> str:
    """The API's instant as written on the clock of `zone` (None: UTC)."""
    instant = datetime.fromisoformat(stored)
    return (instant.astimezone(zone) if zone else instant).strftime(form)


def test_list_detail_and_csv_show_the_berlin_hour(person, admin_api: Api, snap):
    admin_api.create_user("uhr", language="de")
    reader = person(locale="de-DE", timezone_id="Europe/Berlin")
    german_login(reader, "uhr")
    title = "Uhrzeit in Berlin"
    reader.goto("/tickets/new")
    reader.page.get_by_label("Titel").fill(title)
    reader.page.get_by_label("Kategorie").select_option(label="Bug")
    reader.page.get_by_role("button", name="Ticket erstellen").click()
    created_note = reader.page.get_by_role("status").filter(has_text=re.compile(r"wurde erstellt"))
    expect(created_note).to_have_text(re.compile(r"^Ticket #\d+ wurde erstellt\.$"))
    ticket_id = int(re.findall(r"\d+", created_note.inner_text())[0])
    expect(reader.heading()).to_have_text(f"Ticket #{ticket_id}: {title}")
    ticket = reader.page.request.get(f"{reader.base_url}/api/v1/tickets/{ticket_id}").json()
    created, updated = ticket["created_at"], ticket["updated_at"]
    assert shown(created, BERLIN, PAGE_FORMAT) != shown(created, None, PAGE_FORMAT)

    summary = reader.page.locator("header.ticket-head")
    expect(summary).to_contain_text(shown(created, BERLIN, PAGE_FORMAT))
    expect(summary).not_to_contain_text(shown(created, None, PAGE_FORMAT))
    snap(reader, "detail-berlin")

    reader.goto("/tickets")
    row = reader.row(title)
    expect(row).to_contain_text(shown(updated, BERLIN, PAGE_FORMAT))
    expect(row).not_to_contain_text(shown(updated, None, PAGE_FORMAT))

    with reader.page.expect_download() as download:
        reader.page.get_by_role("link", name="Als CSV exportieren").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = {line[0]: line for line in csv.reader(io.StringIO(text), delimiter=";")}
    assert rows["ID"][7:9] == ["Erstellt", "Aktualisiert"]
    assert rows[str(ticket_id)][7:9] == [shown(created, BERLIN, CSV_FORMAT),
                                         shown(updated, BERLIN, CSV_FORMAT)]
