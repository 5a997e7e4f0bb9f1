"""The notification badge refreshes itself: news shows while a person just looks at a page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_badge_updates_without_a_click(start_nano, person):
    server = start_nano(NANO_BADGE_REFRESH_SECONDS="2")
    user = person(server)
    support = person(server)
    user.login("user")
    ticket_id = user.create_ticket("Scanner sendet keine Mails")
    user.click("Back to the list")
    expect(user.badge()).to_have_text("🔕 No new activity")

    support.login("support")
    support.open_ticket(ticket_id)
    support.main.get_by_role("textbox", name="Reply", exact=True).fill("Ich schaue es mir an.")
    support.click("Send reply / save changes", then="Saved.")

    # The user touches nothing: the badge's own timer brings the news.
    expect(user.badge()).to_have_text("🔔 New activity on 1 ticket(s)", timeout=20_000)
