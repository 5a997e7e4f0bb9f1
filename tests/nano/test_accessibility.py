"""axe-core on every kind of Nano page, dark and light (issue #13.8): 0 serious and 0
critical violations; light mode is the person's own pick ("Appearance"), kept over a
reload. Before the fix light mode could not be picked and its captions reached 3.81:1."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import axe_violations, describe

pytestmark = pytest.mark.browser

THEMES = ("dark", "light")
BACKGROUNDS = {"dark": "rgb(23, 22, 20)", "light": "rgb(255, 255, 255)"}


def pick_appearance(someone, theme: str) -> None:
    """Choose the theme in the sidebar; the page reloads into it, still signed in."""
    name = {"dark": "Dark", "light": "Light"}[theme]
    if someone.sidebar.get_by_role("combobox", name="Appearance").inner_text() != name:
        someone.select("Appearance", name)
    expect(someone.page.get_by_test_id("stApp")).to_have_css("background-color",
                                                             BACKGROUNDS[theme])
    someone.idle()


def test_light_mode_is_selectable_and_survives_a_reload(nano_server, person):
    someone = person(nano_server)
    someone.login("user")
    ticket_id = someone.create_ticket("Hell bitte")
    pick_appearance(someone, "light")
    expect(someone.main.get_by_role("heading", level=2, name=re.compile(f"^#{ticket_id} "))) \
        .to_be_visible()
    someone.page.reload()
    expect(someone.page.get_by_test_id("stApp")).to_have_css("background-color",
                                                             BACKGROUNDS["light"])
    expect(someone.page.get_by_text("Signed in as user ").first).to_be_visible()
    someone.idle()
    pick_appearance(someone, "dark")


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_has_no_serious_or_critical_violation(nano_server, person, theme, snap):
    reporter = person(nano_server)
    reporter.login("user")
    ticket_id = reporter.create_ticket("Barrierefreiheit prüfen", "Kontrast der Knöpfe")
    admin = person(nano_server)
    admin.open()
    found: dict[str, list] = {}
    admin.login("admin")
    pick_appearance(admin, theme)
    admin.logout()
    expect(admin.page.get_by_test_id("stApp")).to_have_css("background-color",
                                                           BACKGROUNDS[theme])
    found["login"] = axe_violations(admin.page)
    admin.login("admin")
    found["list"] = axe_violations(admin.page)
    snap(admin, f"{theme}-list")
    for page_name, key in (("New ticket", "new ticket"), ("Users", "users"),
                           ("Dashboard", "dashboard")):
        admin.go(page_name)
        found[key] = axe_violations(admin.page)
    admin.go("Tickets")
    admin.open_ticket(ticket_id)
    found["detail"] = axe_violations(admin.page)
    snap(admin, f"{theme}-detail")
    reporter.page.reload()
    expect(reporter.main.get_by_role("heading", level=2, name=re.compile(f"^#{ticket_id} "))) \
        .to_be_visible()
    reporter.idle()
    pick_appearance(reporter, theme)
    found["detail (reporter)"] = axe_violations(reporter.page)
    counts = {page: len(violations) for page, violations in found.items()}
    print(f"axe {theme}: {counts}")
    assert not any(counts.values()), f"{theme}: serious/critical rules per page {counts}\n" + \
        "\n".join(f"{page}:\n{describe(violations)}" for page, violations in found.items()
                  if violations)
