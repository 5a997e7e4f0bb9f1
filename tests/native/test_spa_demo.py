"""The original's live demo on Native, through the React SPA against the real API.

An employee reports a broken printer; support sees the new ticket in the badge, assigns
it to themselves, answers and starts work in one action and leaves an internal note; the
employee sees the answer but not the note, says it is still broken, then confirms the
fix; the administrator looks at the dashboard and the audit log. Three people, three
browser contexts, one server; a screenshot of every step lands in test-results/screens/native/.

Also: an administrator creates an account in the SPA and the person signs in with it
(and sees none of the admin pages); deactivating the account ends that sign-in.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.native.spa import Person

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
    expect(user.heading()).to_have_text("Log in")
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
    support.save_details(**{"Assigned to": "support"})
    expect(support.page.get_by_text("Assigned to: support")).to_be_visible()
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

    # 8. The administrator: the dashboard's charts count the closed ticket, and the audit
    #    log holds every step of it (filtered to this ticket).
    admin = person()
    admin.login("admin")
    admin.nav().get_by_role("link", name="Dashboard").click()
    expect(admin.heading()).to_have_text("Dashboard")
    by_status = admin.page.get_by_role("figure", name="Tickets by status")
    expect(by_status.locator("svg")).to_be_visible()
    expect(by_status.get_by_role("row", name=re.compile(r"^Closed [1-9]\d*$"))).to_have_count(1)
    for chart in ("Tickets by priority", "Tickets by category", "Opened and resolved per week"):
        expect(admin.page.get_by_role("figure", name=chart)).to_be_visible()
    figures = admin.main().locator("dl")
    expect(figures).to_contain_text("Median time to resolution")
    expect(figures).not_to_contain_text("No resolved tickets yet")
    snap(admin, "admin-dashboard")

    admin.nav().get_by_role("link", name="Audit log").click()
    expect(admin.heading()).to_have_text("Audit log")
    admin.main().get_by_label("Object type").select_option(label="Ticket")
    admin.main().get_by_label("Object number").fill(str(ticket_id))
    admin.main().get_by_role("button", name="Apply filters").click()
    rows = admin.main().get_by_role("table", name="Audit log").get_by_role("row")
    expect(rows.filter(has_text="Ticket created")).to_contain_text("user")
    expect(rows.filter(has_text="Ticket created")).to_contain_text(TITLE)
    expect(rows.filter(has_text="Assignee changed")).to_contain_text("support")
    expect(rows.filter(has_text="Status changed")).to_have_count(5)  # 2 × resolved, reopen …
    expect(rows.filter(has_text=f"Ticket #{ticket_id}")).to_have_count(7)  # … + create, assign
    snap(admin, "admin-audit-log")


def create_account(admin: Person, username: str, password: str, role: str = "User") -> None:
    admin.nav().get_by_role("link", name="Users").click()
    expect(admin.heading()).to_have_text("Users")
    admin.main().get_by_role("link", name="New account").click()
    expect(admin.heading()).to_have_text("New account")
    form = admin.main()
    form.get_by_label("Username").fill(username)
    form.get_by_label("E-mail address").fill(f"{username}@example.com")
    form.get_by_label("Initial password").fill(password)
    form.get_by_label("Role").select_option(label=role)
    form.get_by_role("button", name="Create account").click()


def test_an_admin_creates_an_account_and_the_person_signs_in(person, snap):
    admin = person()
    admin.login("admin")
    # The password must differ from the username: said beside the field, nothing created.
    create_account(admin, "mia.neumann", "mia.neumann")
    expect(admin.main().get_by_label("Initial password")).to_have_accessible_description(
        re.compile("The password must differ from the username."))
    admin.main().get_by_label("Initial password").fill("Willkommen-2026")
    admin.main().get_by_role("button", name="Create account").click()
    created = "The account mia.neumann was created."
    expect(admin.main().get_by_role("status").filter(has_text=created)).to_be_visible()
    expect(admin.heading()).to_have_text("Account mia.neumann")
    snap(admin, "account-created")
    account_url = admin.page.url
    admin.main().get_by_role("link", name="Back to the users").click()
    expect(admin.main().get_by_role("link", name="Edit account mia.neumann")).to_be_visible()
    snap(admin, "users-list")

    # She signs in with it: a user's navigation, no admin pages, and the API agrees.
    mia = person()
    mia.login("mia.neumann", "Willkommen-2026")
    expect(mia.page.get_by_text("Signed in as mia.neumann (User)")).to_be_visible()
    for link in ("Tickets", "New ticket", "Profile"):
        expect(mia.nav().get_by_role("link", name=link, exact=True)).to_be_visible()
    for link in ("Dashboard", "Users", "Audit log"):
        expect(mia.nav().get_by_role("link", name=link)).to_have_count(0)
    mia.goto("/users")
    expect(mia.heading()).to_have_text("Not allowed")
    assert mia.api_status("/users") == 403
    mia.create_ticket("Zugang zum Laufwerk S:", "Bitte Freigabe für die Buchhaltung.")
    snap(mia, "new-account-signed-in")

    # Deactivated: her open session ends and she cannot sign in again.
    admin.page.goto(account_url)
    admin.main().get_by_label("Active (may sign in)").uncheck()
    admin.main().get_by_role("button", name="Save changes").click()
    saved = admin.main().get_by_role("status").filter(has_text="The account mia.neumann was saved.")
    expect(saved).to_be_visible()
    expect(admin.main().get_by_text("Deactivated", exact=True)).to_be_visible()
    mia.page.reload()
    expect(mia.heading()).to_have_text("Log in")
    mia.page.get_by_label("Username").fill("mia.neumann")
    mia.page.get_by_label("Password").fill("Willkommen-2026")
    mia.page.get_by_role("button", name="Log in").click()
    expect(mia.page.get_by_role("alert")).to_have_text("This account is deactivated.")
    snap(mia, "deactivated")
