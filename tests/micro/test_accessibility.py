"""axe-core on every kind of Micro page, dark and light (issue #13.8): 0 serious and 0
critical violations. Before the fix the navbar's outline buttons failed colour contrast
(2.83:1 dark, 4.44:1 light) on every page, and the "Unread" link's accessible name
("1 ticket with unread activity") did not contain its visible text ("Unread 1")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y import axe_violations, describe

pytestmark = pytest.mark.browser

THEMES = ("dark", "light")


def in_theme(person, theme: str, **context_args):
    """A person whose browser remembers `theme` (what the toggle stores) from the start."""
    someone = person(**context_args)
    someone.context.add_init_script(f"window.localStorage.setItem('theme', '{theme}')")
    return someone


def pages_with_content(person) -> int:
    """A ticket with a reply, an internal note and changes, unread for the admin."""
    reporter = person()
    reporter.login("user")
    ticket_id = reporter.create_ticket("Barrierefreiheit prüfen", "Kontrast der Knöpfe")
    support = person()
    support.login("support")
    support.goto(f"/tickets/{ticket_id}")
    support.page.get_by_label("Reply").fill("Wir sehen es uns an.")
    support.page.get_by_label("Status").select_option(label="In progress")
    support.page.get_by_role("button", name="Save").click()
    expect(support.page.get_by_test_id("ticket-status")).to_have_text("In progress")
    support.page.get_by_label("Reply").fill("Interne Notiz")
    support.page.get_by_label("Internal note").check()
    support.page.get_by_role("button", name="Save").click()
    expect(support.page.get_by_text("Interne Notiz")).to_be_visible()
    reporter.goto(f"/tickets/{ticket_id}")  # a user comment: unread for the admin
    reporter.page.get_by_label("Your comment").fill("Danke!")
    reporter.page.get_by_role("button", name="Send").click()
    expect(reporter.page.get_by_text("Danke!")).to_be_visible()
    support.goto(f"/tickets/{ticket_id}")  # the reporter is asked to confirm or reopen
    support.page.get_by_label("Status").select_option(label="Resolved")
    support.page.get_by_role("button", name="Save").click()
    expect(support.page.get_by_test_id("ticket-status")).to_have_text("Resolved")
    return ticket_id


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_has_no_serious_or_critical_violation(person, theme, snap):
    ticket_id = pages_with_content(person)
    admin = in_theme(person, theme)
    found: dict[str, list] = {}
    admin.goto("/login")
    expect(admin.page.locator("html")).to_have_attribute("data-bs-theme", theme)
    found["login"] = axe_violations(admin.page)
    admin.login("admin")
    expect(admin.badge()).to_have_text("1")
    for name, path in (("list", "/tickets"), ("new ticket", "/tickets/new"),
                       ("users", "/admin/users"), ("dashboard", "/dashboard"),
                       ("detail", f"/tickets/{ticket_id}")):
        admin.goto(path)
        expect(admin.page.locator("main h1")).to_be_visible()
        found[name] = axe_violations(admin.page)
    snap(admin, f"{theme}-detail")
    reporter = in_theme(person, theme)
    reporter.login("user")
    reporter.goto(f"/tickets/{ticket_id}")
    expect(reporter.page.get_by_role("button", name="Still broken: reopen")).to_be_visible()
    found["detail (reporter)"] = axe_violations(reporter.page)
    snap(reporter, f"{theme}-detail-reporter")
    counts = {page: len(violations) for page, violations in found.items()}
    assert not any(counts.values()), f"{theme}: serious/critical rules per page {counts}\n" + \
        "\n".join(f"{page}:\n{describe(violations)}" for page, violations in found.items()
                  if violations)
