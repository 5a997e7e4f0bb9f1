"""axe-core on every kind of SPA page, dark and light (issue #13.8): 0 serious and 0 critical
violations on login, the list (with an unread row), a ticket's detail (staff's support form,
and the reporter's "Is the problem fixed?" view), new ticket, users, dashboard, audit and
profile, at 1280 px and on a 375 px phone. Every page's count is printed (`-s` shows them).
It runs on the live-update server (its own database): the tickets it makes stay out of the
lists and the audit log the demo test reads on the shared one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import axe_violations, describe
from tests.native.spa import PHONE, Api, Person

pytestmark = pytest.mark.browser

THEMES = ("dark", "light")
WIDE = {"viewport": {"width": 1280, "height": 900}}


def in_theme(person, theme: str, **context_args) -> Person:
    """A person whose browser remembers `theme` (what the toggle stores) from the start."""
    someone = person(**context_args)
    someone.context.add_init_script(
        f"window.localStorage.setItem('helpdesk.theme', '{theme}')")
    return someone


def resolved_ticket(admin_api: Api, spa_server: str, title: str) -> int:
    """A ticket of `user` with a reply, an internal note, an assignee and status Resolved:
    unread for its reporter, who is asked whether the problem is fixed."""
    reporter = Api(spa_server, "user", "user123")
    ticket = reporter.create_ticket(title, "Contrast of the buttons")
    support = Api(spa_server, "support", "support123")
    support.post(f"/tickets/{ticket['id']}/comments",
                 {"body": "Looking into it.", "status": "in_progress"})
    support.post(f"/tickets/{ticket['id']}/comments", {"body": "Internal", "internal": True})
    support.post(f"/tickets/{ticket['id']}/comments",
                 {"body": "Fixed the theme.", "status": "resolved"})
    reporter.create_ticket(title + " (unread for staff)")
    return ticket["id"]


def check(someone: Person, found: dict[str, int], where: str, problems: list[str]) -> None:
    violations = axe_violations(someone.page)
    found[where] = len(violations)
    if violations:
        problems.append(f"{where}:\n{describe(violations)}")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", ["wide", "phone"])
def test_every_page_has_no_serious_or_critical_violation(live_person, live_spa_server: str,
                                                         theme, width):
    person = live_person
    admin_api = Api(live_spa_server, "admin", "admin123")
    ticket_id = resolved_ticket(admin_api, live_spa_server, f"Accessible {theme} {width}")
    screen = WIDE if width == "wide" else PHONE
    found: dict[str, int] = {}
    problems: list[str] = []
    admin = in_theme(person, theme, **screen)
    admin.goto("/login")
    expect(admin.page.locator("html")).to_have_attribute("data-theme", theme)
    check(admin, found, "login", problems)
    admin.login("admin")
    expect(admin.page.get_by_role("img", name="Unread activity").first).to_be_visible()
    check(admin, found, "list", problems)
    pages = {"new ticket": ("/tickets/new", "New ticket"), "users": ("/users", "Users"),
             "dashboard": ("/dashboard", "Dashboard"), "audit": ("/audit", "Audit log"),
             "profile": ("/profile", "Profile"),
             "detail (staff)": (f"/tickets/{ticket_id}", re.compile(r"^Ticket #"))}
    for where, (path, heading) in pages.items():
        admin.goto(path)
        expect(admin.heading()).to_have_text(heading)
        admin.page.wait_for_load_state("networkidle")
        check(admin, found, where, problems)

    reporter = in_theme(person, theme, **screen)
    reporter.login("user")
    reporter.goto(f"/tickets/{ticket_id}")
    expect(reporter.page.get_by_text("Is the problem fixed?")).to_be_visible()
    reporter.page.wait_for_load_state("networkidle")
    check(reporter, found, "detail (reporter)", problems)
    print(f"\naxe serious+critical, {theme}, {width}: {found}")
    assert not problems, "\n".join(problems)
