"""The original's live demo on Micro under gunicorn, step by step with screenshots.

An employee reports a broken printer; support answers and starts work in one action; the
employee sees the badge, reads the answer (the badge goes); support resolves; the
employee confirms the fix and the ticket is closed.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Drucker kaputt"
REPLY = "Bitte Netzwerkkabel prüfen"


def test_live_demo(person, snap):
    user = person()
    support = person()

    # 1. The employee logs in and reports the problem.
    user.goto("/login")
    snap(user, "login")
    user.login("user")
    ticket_id = user.create_ticket(TITLE, "Der Drucker im 2. OG druckt nichts mehr.",
                                   priority="High")
    expect(user.page.get_by_test_id("ticket-status")).to_have_text("New")
    snap(user, "user-created-ticket")

    # 2. Support sees it marked, opens it, replies and sets "In progress" in one action.
    support.login("support")
    expect(support.row(TITLE).first).to_have_class("unread")
    snap(support, "support-list-new-ticket")
    support.row(TITLE).first.get_by_role("link", name=TITLE).click()
    support.page.get_by_label("Reply").fill(REPLY)
    support.page.get_by_label("Status").select_option(label="In progress")
    support.page.get_by_role("button", name="Save").click()
    expect(support.page.get_by_text("Saved.")).to_be_visible()
    expect(support.page.get_by_test_id("ticket-status")).to_have_text("In progress")
    expect(support.page.get_by_test_id("timeline")).to_contain_text(REPLY)
    snap(support, "support-replied-in-progress")

    # 3. The employee sees the badge and the marked row.
    user.goto("/tickets")
    expect(user.badge()).to_have_text("1")
    expect(user.row(TITLE).first).to_have_class("unread")
    snap(user, "user-badge-1")

    # 4. Opening the ticket shows the reply and clears the badge.
    user.row(TITLE).first.get_by_role("link", name=TITLE).click()
    expect(user.page.get_by_test_id("timeline")).to_contain_text(REPLY)
    expect(user.badge()).to_have_count(0)
    snap(user, "user-read-reply")

    # 5. Support resolves the ticket.
    support.goto(f"/tickets/{ticket_id}")
    support.page.get_by_label("Status").select_option(label="Resolved")
    support.page.get_by_role("button", name="Save").click()
    expect(support.page.get_by_test_id("ticket-status")).to_have_text("Resolved")
    snap(support, "support-resolved")

    # 6. The employee confirms the fix: closed.
    user.goto("/tickets")
    expect(user.badge()).to_have_text("1")
    user.goto(f"/tickets/{ticket_id}")
    user.page.get_by_role("button", name="Confirm the fix and close").click()
    expect(user.page.get_by_test_id("ticket-status")).to_have_text("Closed")
    expect(user.badge()).to_have_count(0)
    snap(user, "user-confirmed-closed")

    # Support hears about the confirmation.
    support.goto("/tickets")
    expect(support.badge()).to_be_visible()
    expect(support.row(TITLE).first).to_contain_text("Closed")
