"""The original's live demo on Native, through the React SPA against the real API.

An employee reports a broken printer; support sees the new ticket in the badge, assigns
it to themselves, answers and starts work in one action and leaves an internal note; the
employee sees the answer but not the note, says it is still broken, then confirms the
fix; the administrator looks at the dashboard and the audit log. Three people, three
browser contexts, one server; a screenshot of every step lands in test-results/screens/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Drucker kaputt"
DESCRIPTION = "Der Drucker im 2. OG druckt seit heute Morgen nichts mehr."
REPLY = "Bitte prüfen Sie das Netzwerkkabel am Drucker."
NOTE = "Intern: Toner bestellt, Lieferung Donnerstag."
STILL_BROKEN = "Kabel geprüft, druckt immer noch nicht."


def test_spa_live_demo(person, snap):
    user = person()
    support = person()

    # Support is signed in already; how many tickets wait for them before the new one.
    support.login("support")
    waiting = support.unread_count()

    # 1. The employee signs in and reports the problem.
    user.goto("/login")
    expect(user.heading()).to_have_text("Sign in")
    snap(user, "login")
    user.login("user")
    ticket_id = user.create_ticket(TITLE, DESCRIPTION, category="Bug", priority="High")
    expect(user.status()).to_have_text("New")
    expect(user.page.get_by_text(DESCRIPTION)).to_be_visible()
    snap(user, "user-created-ticket")

    # 2. Support sees it: the badge counts it, the row is marked.
    support.goto("/tickets")
    expect(support.badge()).to_have_attribute("aria-label", f"Unread tickets: {waiting + 1}")
    expect(support.unread_marker(TITLE)).to_be_visible()
    expect(support.row(TITLE)).to_contain_text("New")
    snap(support, "support-sees-new-ticket")

    # 3. Support opens it (read: the marker goes), assigns it to themselves, replies and
    #    sets "In progress" in one action, and adds an internal note.
    support.open_ticket(TITLE)
    expect(support.badge()).to_have_attribute("aria-label", f"Unread tickets: {waiting}")
    support.save_details(Assignee="support")
    expect(support.page.get_by_text("Assignee: support")).to_be_visible()
    support.reply(REPLY, status="In progress")
    expect(support.status()).to_have_text("In progress")
    support.reply(NOTE, internal=True)
    note = support.thread().get_by_role("listitem").filter(has_text=NOTE)
    expect(note).to_contain_text("Internal note")
    snap(support, "support-assigned-replied-noted")

    # 4. The employee sees the badge and the marked row, opens the ticket: the reply is
    #    there, the internal note is not (not in the page, not in the API's answer).
    user.goto("/tickets")
    expect(user.badge()).to_have_attribute("aria-label", "Unread tickets: 1")
    expect(user.unread_marker(TITLE)).to_be_visible()
    expect(user.row(TITLE)).to_contain_text("In progress")
    snap(user, "user-badge-1")
    user.open_ticket(TITLE)
    expect(user.thread()).to_contain_text(REPLY)
    expect(user.status()).to_have_text("In progress")
    expect(user.page.get_by_text(NOTE)).to_have_count(0)
    expect(user.page.get_by_text("Internal note")).to_have_count(0)
    comments = user.page.request.get(f"{user.base_url}/api/v1/tickets/{ticket_id}/comments")
    assert comments.ok and REPLY in comments.text() and NOTE not in comments.text()
    expect(user.badge()).to_have_attribute("aria-label", "Unread tickets: 0")
    snap(user, "user-read-reply-no-note")

    # 5. Support resolves it.
    support.reply("Kabel getauscht, bitte testen.", status="Resolved")
    expect(support.status()).to_have_text("Resolved")
    snap(support, "support-resolved")

    # 6. The employee is asked and says it is still broken: back to "In progress".
    user.goto("/tickets")
    expect(user.badge()).to_have_attribute("aria-label", "Unread tickets: 1")
    user.open_ticket(TITLE)
    question = "Support marked this ticket as resolved. Is the problem fixed?"
    expect(user.page.get_by_text(question)).to_be_visible()
    snap(user, "user-asked-to-confirm")
    user.page.get_by_role("button", name="No, it is still broken").click()
    expect(user.status()).to_have_text("In progress")
    expect(user.page.get_by_text(question)).to_have_count(0)
    user.reply(STILL_BROKEN)
    snap(user, "user-reopened")

    # 7. Support reads the comment (reload: the badge and the thread are fresh), resolves
    #    again; the employee confirms the fix and the ticket is closed.
    support.page.reload()
    expect(support.thread()).to_contain_text(STILL_BROKEN)
    expect(support.status()).to_have_text("In progress")
    support.save_details(Status="Resolved")
    expect(support.status()).to_have_text("Resolved")
    user.page.reload()
    user.page.get_by_role("button", name="Yes, close the ticket").click()
    expect(user.status()).to_have_text("Closed")
    expect(user.page.get_by_role("button", name="Yes, close the ticket")).to_have_count(0)
    snap(user, "user-confirmed-closed")
    user.goto("/tickets")
    expect(user.row(TITLE)).to_contain_text("Closed")

    # Support hears about the confirmation.
    support.goto("/tickets")
    expect(support.unread_marker(TITLE)).to_be_visible()
    expect(support.row(TITLE)).to_contain_text("Closed")
    expect(support.row(TITLE)).to_contain_text("support")  # the assignee column
    snap(support, "support-sees-closed")
