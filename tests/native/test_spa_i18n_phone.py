"""The German interface and a 375 px phone, in the SPA against the real API.

German: a de-DE browser gets the German sign-in page; an account whose profile says German
works the whole ticket flow in German (labels, codes, messages); switching the language
in the navigation saves it to the profile, so the next sign-in, in another browser, is
German too. Phone: every page fits 375 px without horizontal scrolling, even with a long
German compound word, a long link and a long file name; the navigation behind the Menu
button reaches every page and signing out.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.native.spa import PASSWORD, PHONE, Api, german_login, png_bytes

pytestmark = pytest.mark.browser

PHONE_WIDTH = PHONE["viewport"]["width"]
LONG_WORD = "Druckerwarteschlangenverwaltungsdienstfehlermeldungsfenster"
LONG_LINK = "https://intranet.example.com/wiki/Drucker/Stockwerk-2/Warteschlange/Fehlercodes/0x8007"
LONG_FILE = "Bildschirmfoto_Druckerwarteschlangenverwaltung_2026-11-27_08-15-42.png"


def test_the_ticket_flow_in_german(person, admin_api: Api, snap):
    admin_api.create_user("anna", language="de")
    admin_api.create_user("petra", role="support")  # her profile says English

    anna = person(locale="de-DE")
    anna.goto("/login")
    expect(anna.page.locator("html")).to_have_attribute("lang", "de")
    expect(anna.page.get_by_text("Melden Sie sich mit Ihrem Helpdesk-Konto an.")).to_be_visible()
    snap(anna, "login-de")
    german_login(anna, "anna")
    expect(anna.nav().get_by_role("link", name="Neues Ticket")).to_be_visible()
    expect(anna.nav().get_by_role("button", name="Abmelden")).to_be_visible()
    expect(anna.page.get_by_role("link", name="Ungelesene Tickets: 0")).to_be_visible()

    anna.nav().get_by_role("link", name="Neues Ticket").click()
    expect(anna.heading()).to_have_text("Neues Ticket")
    anna.page.get_by_label("Titel").fill("Bildschirm flackert")
    anna.page.get_by_label("Beschreibung").fill("Seit dem Update flackert der linke Monitor.")
    anna.page.get_by_role("button", name="Ticket erstellen").click()
    # The category is required: the message is German and beside the field.
    expect(anna.page.get_by_role("alert")).to_have_text("Bitte prüfen Sie die markierten Felder.")
    expect(anna.page.get_by_label("Kategorie")).to_have_accessible_description(
        "Bitte wählen Sie eine Kategorie.")
    anna.page.get_by_label("Kategorie").select_option(label="Bug")
    anna.page.get_by_label("Priorität").select_option(label="Hoch")
    anna.page.get_by_role("button", name="Ticket erstellen").click()
    created = anna.page.get_by_role("status").filter(has_text=re.compile(r"wurde erstellt\.$"))
    expect(created).to_have_text(re.compile(r"^Ticket #\d+ wurde erstellt\.$"))
    ticket_id = int(re.findall(r"\d+", created.inner_text())[0])
    expect(anna.status()).to_have_text("Neu")
    expect(anna.page.locator(".ticket-head__codes")).to_contain_text("Hoch")
    expect(anna.page.get_by_role("heading", name="Verlauf")).to_be_visible()
    expect(anna.page.get_by_role("heading", name="Anhänge")).to_be_visible()
    expect(anna.page.get_by_text("Noch keine Antworten.")).to_be_visible()
    snap(anna, "detail-de")

    # Petra switches her interface to German in the navigation; it is saved to her profile.
    petra = person()
    petra.login("petra", PASSWORD)
    with petra.page.expect_response(lambda response: response.request.method == "PATCH"
                                    and response.url.endswith("/api/v1/auth/me")) as saved:
        petra.nav().get_by_label("Language").select_option(label="Deutsch")
    assert saved.value.ok and saved.value.json()["language"] == "de"
    expect(petra.nav().get_by_role("link", name="Neues Ticket")).to_be_visible()
    expect(petra.page.locator("html")).to_have_attribute("lang", "de")
    petra.goto(f"/tickets/{ticket_id}")
    expect(petra.page.get_by_role("group", name="Ticketdaten")).to_be_visible()
    petra.page.get_by_label("Ihre Antwort").fill("Bitte das Monitorkabel tauschen.")
    petra.page.get_by_label("Status", exact=True).select_option(label="In Bearbeitung")
    petra.page.get_by_role("button", name="Antwort senden").click()
    expect(petra.page.get_by_role("status").filter(has_text="Ihre Antwort wurde hinzugefügt.")) \
        .to_be_visible()
    expect(petra.status()).to_have_text("In Bearbeitung")
    snap(petra, "support-detail-de")

    # A fresh browser (English) signs her in German: the choice lives in her profile.
    later = person(locale="en-US")
    later.goto("/login")
    expect(later.heading()).to_have_text("Log in")
    later.page.get_by_label("Username").fill("petra")
    later.page.get_by_label("Password").fill(PASSWORD)
    later.page.get_by_role("button", name="Log in").click()
    expect(later.nav().get_by_role("link", name="Neues Ticket")).to_be_visible()
    expect(later.page.get_by_label("Suche")).to_be_visible()
    expect(later.page.get_by_role("columnheader", name="Priorität")).to_be_visible()

    # Anna sees the answer and the German status; the list is German throughout.
    anna.goto("/tickets")
    expect(anna.page.get_by_role("link", name="Ungelesene Tickets: 1")).to_be_visible()
    expect(anna.unread_marker("Bildschirm flackert", "Ungelesene Aktivität")).to_be_visible()
    expect(anna.row("Bildschirm flackert")).to_contain_text("In Bearbeitung")
    expect(anna.page.get_by_role("columnheader", name="Zugewiesen an")).to_be_visible()
    snap(anna, "list-de")
    anna.page.get_by_role("button", name="Abmelden").click()
    expect(anna.page.get_by_text("Sie wurden abgemeldet.")).to_be_visible()


WORDS = {
    "en": {"menu": "Menu", "new": "New ticket", "out": "Log out", "in": "Log in",
           "user": "Username", "password": "Password"},
    "de": {"menu": "Menü", "new": "Neues Ticket", "out": "Abmelden", "in": "Anmelden",
           "user": "Benutzername", "password": "Passwort"},
}


@pytest.mark.parametrize(("locale", "language"), [("en-US", "en"), ("de-DE", "de")])
def test_every_page_fits_a_phone_and_the_menu_reaches_everything(
    person, admin_api: Api, spa_server: str, snap, locale: str, language: str,
):
    words = WORDS[language]
    username = f"phone-{language}"
    admin_api.create_user(username, language=language)
    owner = Api(spa_server, username, PASSWORD)
    ticket = owner.create_ticket(f"{LONG_WORD} nach Update",
                                 f"Fehler {LONG_WORD} beim Drucken.\nSiehe {LONG_LINK}")
    owner.post(f"/tickets/{ticket['id']}/comments", {"body": f"Noch da: {LONG_LINK}"})
    owner.upload(ticket["id"], LONG_FILE, png_bytes())

    phone = person(locale=locale, **PHONE)

    def fits(step: str) -> None:
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        snap(phone, step)
        assert width <= PHONE_WIDTH, f"{step}: the page is {width} px wide on a 375 px phone"

    phone.goto("/login")
    fits("login")
    phone.page.get_by_label(words["user"]).fill(username)
    phone.page.get_by_label(words["password"]).fill(PASSWORD)
    phone.page.get_by_role("button", name=words["in"], exact=True).click()
    expect(phone.heading()).to_have_text("Tickets")
    expect(phone.page.get_by_role("link", name=re.compile(f"{LONG_WORD}"))).to_be_visible()
    fits("list")

    # The navigation is folded behind the Menu button and reaches every page.
    links = phone.nav().get_by_role("link", name=words["new"], exact=True)
    toggle = phone.page.get_by_role("button", name=words["menu"], exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(links).to_be_visible()
    expect(phone.nav().get_by_role("button", name=words["out"])).to_be_visible()
    fits("menu-open")
    links.click()
    expect(phone.heading()).to_have_text(words["new"])
    expect(links).to_be_hidden()  # the menu closes after navigating
    fits("new-ticket")

    phone.goto(f"/tickets/{ticket['id']}")
    expect(phone.heading()).to_contain_text(LONG_WORD)
    expect(phone.attachments().get_by_role("link", name=re.compile(LONG_FILE))).to_be_visible()
    fits("detail")

    toggle.click()
    phone.nav().get_by_role("button", name=words["out"]).click()
    expect(phone.heading()).to_have_text(words["in"])
    fits("signed-out")


def test_the_admin_pages_fit_a_phone(person, snap):
    admin = person(**PHONE)
    admin.login("admin")
    toggle = admin.page.get_by_role("button", name="Menu", exact=True)
    toggle.click()
    for link in ("Tickets", "New ticket", "Dashboard", "Users", "Audit log", "Profile"):
        expect(admin.nav().get_by_role("link", name=link, exact=True)).to_be_visible()
    admin.nav().get_by_role("link", name="Users", exact=True).click()
    expect(admin.heading()).to_have_text("Users")
    admin.main().get_by_role("link", name="Edit account support").click()
    expect(admin.heading()).to_have_text("Account support")
    account = admin.page.url.removeprefix(admin.base_url)
    pages = {"tickets": "/tickets", "dashboard": "/dashboard", "users": "/users",
             "new-account": "/users/new", "account": account, "audit-log": "/audit",
             "profile": "/profile"}
    for step, path in pages.items():
        admin.goto(path)
        expect(admin.heading()).to_be_visible()
        admin.page.wait_for_load_state("networkidle")  # the data, not only the frame
        width = admin.page.evaluate("document.documentElement.scrollWidth")
        snap(admin, step)
        assert width <= PHONE_WIDTH, f"{path}: the page is {width} px wide on a 375 px phone"
