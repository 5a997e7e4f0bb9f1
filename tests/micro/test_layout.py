"""Dark and light themes, the German interface, and a 375 px phone without overflow."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


def test_dark_by_default_and_light_is_remembered(person, snap):
    someone = person()
    someone.login("support")
    for title, priority in (("Beamer ohne Bild", "High"), ("Neue Maus", "Low"),
                            ("VPN bricht ab", "Medium")):
        ticket_id = someone.create_ticket(title, priority=priority)
    for status in ("In progress", "Resolved"):
        someone.page.get_by_label("Status").select_option(label=status)
        someone.page.get_by_role("button", name="Save").click()
        expect(someone.page.get_by_test_id("ticket-status")).to_have_text(status)
    someone.goto("/tickets")
    html = someone.page.locator("html")
    expect(html).to_have_attribute("data-bs-theme", "dark")
    snap(someone, "dark-list")
    someone.goto("/dashboard")
    expect(someone.page.get_by_role("img", name="Tickets by status")).to_be_visible()
    expect(someone.page.get_by_test_id("median")).not_to_have_text("—")
    assert ticket_id
    snap(someone, "dark-dashboard")
    someone.page.get_by_role("button", name="Light mode").click()
    expect(html).to_have_attribute("data-bs-theme", "light")
    someone.page.reload()
    expect(html).to_have_attribute("data-bs-theme", "light")
    expect(someone.page.get_by_role("button", name="Dark mode")).to_be_visible()
    snap(someone, "light-dashboard")
    someone.goto("/tickets")
    snap(someone, "light-list")
    someone.page.get_by_role("button", name="Dark mode").click()
    expect(html).to_have_attribute("data-bs-theme", "dark")


def test_the_german_interface_follows_the_browser_and_can_be_switched(person, snap):
    someone = person(locale="de-DE", timezone_id="Europe/Berlin")
    someone.goto("/login")
    expect(someone.page.get_by_role("heading", name="Anmelden")).to_be_visible()
    someone.page.get_by_label("Benutzername").fill("user")
    someone.page.get_by_label("Passwort").fill("user123")
    someone.page.get_by_role("button", name="Anmelden").click()
    expect(someone.page.get_by_role("heading", name="Tickets")).to_be_visible()
    someone.page.get_by_role("link", name="Neues Ticket").first.click()
    someone.page.get_by_label("Titel").fill("Bildschirm flackert")
    someone.page.get_by_label("Priorität").select_option(label="Hoch")
    someone.page.get_by_role("button", name="Ticket erstellen").click()
    expect(someone.page.get_by_text("wurde angelegt")).to_be_visible()
    expect(someone.page.get_by_test_id("ticket-status")).to_have_text("Neu")
    snap(someone, "german-detail")
    someone.goto("/tickets")
    expect(someone.page.get_by_label("Suche")).to_be_visible()
    snap(someone, "german-list")
    someone.page.get_by_role("button", name="English").click()
    expect(someone.page.get_by_role("link", name="New ticket").first).to_be_visible()
    someone.page.get_by_role("button", name="Deutsch").click()
    expect(someone.page.get_by_role("link", name="Neues Ticket").first).to_be_visible()


@pytest.mark.parametrize("locale", ["en-US", "de-DE"])
def test_every_page_fits_a_phone(person, snap, locale):
    someone = person(locale=locale, **PHONE)
    someone.goto("/login")
    assert someone.horizontal_overflow() <= 0
    snap(someone, "phone-login")
    username, password = ("admin", "admin123")
    someone.page.locator("#username").fill(username)
    someone.page.locator("#password").fill(password)
    someone.page.locator("form button.btn-primary").click()
    someone.page.wait_for_url("**/tickets")
    ticket_id = someone.page.evaluate(
        "Number((document.querySelector('tr[data-ticket-id]') || {dataset: {ticketId: 0}})"
        ".dataset.ticketId)")
    pages = ["/tickets", "/tickets/new", "/dashboard", "/admin/users", "/admin/users/1",
             "/admin/users/new", "/account/password"]
    if ticket_id:
        pages.append(f"/tickets/{ticket_id}")
    for path in pages:
        someone.goto(path)
        assert someone.horizontal_overflow() <= 0, path
    someone.goto("/tickets")
    snap(someone, "phone-list")
    toggler = someone.page.locator(".navbar-toggler")
    toggler.click()
    expect(someone.page.locator("#main-nav")).to_be_visible()
    snap(someone, "phone-menu-open")
    if ticket_id:
        someone.goto(f"/tickets/{ticket_id}")
        snap(someone, "phone-detail")
    someone.goto("/dashboard")
    snap(someone, "phone-dashboard")
