"""The original's live demo, end to end, on a server started with `python nano/app.py`.

An employee reports a broken printer, support answers and works it, the employee is
notified, reads the answer, and confirms the fix. Two people, two browsers (separate
contexts), one server. Screenshots of every step land in test-results/screens/nano/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Drucker kaputt"
REPLY = "Bitte Netzwerkkabel prüfen"


def test_live_demo(fresh_nano_server, person, snap):
    user = person(fresh_nano_server)
    support = person(fresh_nano_server)

    # 1. The employee logs in and reports the problem.
    user.open()
    snap(user, "login-page")
    user.login("user")
    ticket_id = user.create_ticket(TITLE, "Der Drucker im 2. OG druckt seit heute nichts mehr.",
                                   category="Bug", priority="High")
    expect(user.main.get_by_text("Status: New")).to_be_visible()
    snap(user, "user-created-ticket")
    user.logout()

    # 2. Support sees the new ticket, opens it, replies and sets "In progress" at once.
    support.login("support")
    expect(support.badge()).to_have_text("🔔 New activity on 1 ticket(s)")
    expect(support.ticket_row(TITLE)).to_contain_text("🔵 new activity")
    snap(support, "support-list")
    support.open_ticket(ticket_id)
    expect(support.badge()).to_have_text("🔕 No new activity")
    support.main.get_by_role("textbox", name="Reply", exact=True).fill(REPLY)
    support.select("Set status", "In progress")
    support.click("Send reply / save changes", then="Saved.")
    expect(support.main.get_by_text("Status: In progress")).to_be_visible()
    expect(support.main.get_by_text(REPLY, exact=True)).to_be_visible()
    snap(support, "support-replied-in-progress")

    # 3. The employee logs in again: the badge says 1 and the row is marked.
    user.login("user")
    expect(user.badge()).to_have_text("🔔 New activity on 1 ticket(s)")
    expect(user.ticket_row(TITLE)).to_contain_text("🔵 new activity")
    expect(user.ticket_row(TITLE)).to_contain_text("In progress")
    snap(user, "user-badge-1")

    # 4. Opening the ticket shows the reply and clears the badge.
    user.open_ticket(ticket_id)
    expect(user.main.get_by_text(REPLY, exact=True)).to_be_visible()
    expect(user.main.get_by_text("Status: In progress")).to_be_visible()
    expect(user.badge()).to_have_text("🔕 No new activity")
    snap(user, "user-read-reply")
    user.click("Back to the list")
    expect(user.ticket_row(TITLE)).not_to_contain_text("new activity")
    expect(user.badge()).to_have_text("🔕 No new activity")
    user.logout()

    # 5. Support resolves it (no reply text needed for a status change).
    support.select("Set status", "Resolved")
    support.click("Send reply / save changes", then="Saved.")
    expect(support.main.get_by_text("Status: Resolved")).to_be_visible()
    snap(support, "support-resolved")
    support.logout()

    # 6. The employee, back the next time, is told, confirms the fix, and it is closed.
    user.login("user")
    expect(user.badge()).to_have_text("🔔 New activity on 1 ticket(s)")
    expect(user.ticket_row(TITLE)).to_contain_text("🔵 new activity")
    user.open_ticket(ticket_id)
    expect(user.main.get_by_text("Support marked this ticket as resolved.")).to_be_visible()
    snap(user, "user-asked-to-confirm")
    user.click("Yes, it works: close the ticket", then="Thank you! The ticket is closed.")
    expect(user.main.get_by_text("Status: Closed")).to_be_visible()
    expect(user.main.get_by_role("button", name="Yes, it works: close the ticket")) \
        .to_have_count(0)
    snap(user, "user-closed")

    # Support, back the next time, sees the employee's confirmation as new activity.
    support.login("support")
    expect(support.badge()).to_have_text("🔔 New activity on 1 ticket(s)")
    expect(support.ticket_row(TITLE)).to_contain_text("Closed")
    expect(support.ticket_row(TITLE)).to_contain_text("🔵 new activity")
    snap(support, "support-sees-closed")


def test_activity_that_arrives_while_a_ticket_is_open_stays_unread(fresh_nano_server, person):
    """Support has a ticket open; the user comments; Back to the list must show it as new.

    (Leaving a ticket once reran with the ticket still open, which marked it read.)
    """
    user = person(fresh_nano_server)
    support = person(fresh_nano_server)
    user.login("user")
    ticket_id = user.create_ticket("Scanner sendet keine Mails")
    support.login("support")
    support.open_ticket(ticket_id)
    user.main.get_by_role("textbox", name="Your comment").fill("Auch nach dem Neustart nicht.")
    user.click("Send comment", then="Saved.")
    support.click("Back to the list")
    expect(support.ticket_row("Scanner sendet keine Mails")).to_contain_text("🔵 new activity",
                                                                            timeout=3_000)
    expect(support.badge()).to_have_text("🔔 New activity on 1 ticket(s)")
