"""Every SPA page in German (issue #13.5 for Native): no English word of the interface,
`<html lang="de">`, no ISO date, dates as 04.12.2026, the dashboard's weeks as "KW 38".

The English words are those of the SPA's English catalog (src/lib/messages.ts and the API
error texts in src/lib/error-messages.ts) minus every word its German catalog uses too
(Ticket, Status, Support, Dashboard …). The people's own data (user names, e-mail
addresses) is taken out of the page's text first; the tickets' texts are German.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.native.spa import Api, Person, german_login, png_bytes
from tests.page_text import PAGE_TEXT, WORD, without

pytestmark = pytest.mark.browser

SOURCES = Path(__file__).resolve().parents[2] / "native" / "frontend" / "src" / "lib"
CATALOGS = (SOURCES / "messages.ts", SOURCES / "error-messages.ts")
# A catalog's section starts with `export const en = {` or `  de: {`; its texts are the
# single-quoted values after a colon (`'nav.tickets': 'Tickets',`, `second: '1 second'`).
SECTION = re.compile(r"^\s*(?:export const )?(en|de)\b[^'{]*\{")
VALUE = re.compile(r":\s*'((?:[^'\\]|\\.)*)'")
PLACEHOLDER = re.compile(r"\{\w+\}")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
GERMAN_DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}")
EXTRA_ATTRIBUTES = ["data-label"]  # a table cell's label, shown by the CSS on a phone


@cache
def english_words() -> frozenset[str]:
    words: dict[str, set[str]] = {"en": set(), "de": set()}
    for catalog in CATALOGS:
        language = None
        for line in catalog.read_text(encoding="utf-8").splitlines():
            if found := SECTION.match(line):
                language = found.group(1)
            if language is None:
                continue
            for text in VALUE.findall(line):
                words[language].update(word.lower() for word in
                                       WORD.findall(PLACEHOLDER.sub(" ", text)))
    return frozenset(words["en"] - words["de"])


def test_the_list_of_english_words_is_the_interfaces():
    words = english_words()
    assert {"reply", "unread", "save", "signed", "password", "week", "nobody", "minutes",
            "wrong"} <= words
    assert not {"ticket", "tickets", "status", "support", "dashboard", "helpdesk",
                "english", "deutsch"} & words


def people_data(admin_api: Api) -> list[str]:
    """Every account's user name and e-mail address (the API's list, as the admin sees it)."""
    response = requests.get(f"{admin_api.base_url}/api/v1/users?per_page=100",
                            headers=admin_api.headers, timeout=10)
    response.raise_for_status()
    return [value for user in response.json()["items"]
            for value in (user["username"], user["email"]) if value]


def english_on(someone: Person, where: str, data: list[str]) -> list[str]:
    text = without(someone.page.evaluate(PAGE_TEXT, EXTRA_ATTRIBUTES), data)
    words = english_words()
    return sorted({f"{where}: {word}" for word in WORD.findall(text) if word.lower() in words})


def test_every_page_in_german_has_no_english_word(person, admin_api: Api, snap):
    admin_api.create_user("rita", language="de")
    admin_api.create_user("sven", role="support", language="de")
    admin_api.create_user("chefin", role="admin", language="de")
    found: list[str] = []
    data: list[str] = []

    def check(someone: Person, where: str) -> None:
        expect(someone.page.locator("html")).to_have_attribute("lang", "de")
        expect(someone.page.get_by_text(re.compile("^(Loading…|Wird geladen …)$"))).to_have_count(0)
        text = someone.page.evaluate(PAGE_TEXT, EXTRA_ATTRIBUTES)
        assert not ISO_DATE.search(text), f"{where}: an ISO date in the German page"
        found.extend(english_on(someone, where, data))

    data.extend(people_data(admin_api))
    english = person()
    english.goto("/login")  # the check itself can fail: the English page fails it
    expect(english.heading()).to_have_text("Log in")
    assert {"login: Password", "login: Username"} <= set(english_on(english, "login", data))

    # The reporter: sign-in refused, then the list, a new ticket (refused, then created).
    rita = person(locale="de-DE")
    rita.goto("/login")
    expect(rita.heading()).to_have_text("Anmelden")
    check(rita, "login")
    rita.page.get_by_label("Benutzername").fill("rita")
    rita.page.get_by_label("Passwort").fill("falsch-geraten")
    rita.page.get_by_role("button", name="Anmelden").click()
    expect(rita.page.get_by_role("alert")).to_be_visible()
    check(rita, "login refused")
    german_login(rita, "rita")
    check(rita, "list (reporter)")
    rita.goto("/tickets/new")
    expect(rita.heading()).to_have_text("Neues Ticket")
    rita.page.get_by_role("button", name="Ticket erstellen").click()
    expect(rita.page.get_by_role("alert")).to_be_visible()
    check(rita, "new ticket refused")
    rita.page.get_by_label("Titel").fill("Drucker im Flur druckt streifig")
    rita.page.get_by_label("Beschreibung").fill("Seit gestern hat jede Seite graue Streifen.")
    rita.page.get_by_label("Kategorie").select_option(label="Bug")
    rita.page.get_by_role("button", name="Ticket erstellen").click()
    created = rita.page.get_by_role("status").filter(has_text=re.compile(r"wurde erstellt"))
    expect(created).to_have_text(re.compile(r"^Ticket #\d+ wurde erstellt\.$"))
    ticket_id = int(re.findall(r"\d+", created.inner_text())[0])
    rita.page.get_by_label("Datei zum Anhängen").set_input_files(
        {"name": "Streifen.png", "mimeType": "image/png", "buffer": png_bytes()})
    rita.page.get_by_role("button", name="Datei hochladen").click()
    expect(rita.attachments().get_by_role("link", name="Streifen.png")).to_be_visible()
    check(rita, "detail (reporter, new)")

    # Support replies, takes the ticket, writes a note and resolves it; saves nothing once.
    sven = person(locale="de-DE")
    german_login(sven, "sven")
    sven.goto(f"/tickets/{ticket_id}")
    form = sven.page.get_by_role("form", name="Antwort und Ticketdaten")
    form.get_by_label("Ihre Antwort").fill("Bitte den Toner einmal schütteln.")
    form.get_by_label("Status", exact=True).select_option(label="In Bearbeitung")
    form.get_by_role("button", name="Antwort senden").click()
    expect(sven.page.get_by_role("status").filter(has_text="Ihre Antwort wurde hinzugefügt.")) \
        .to_be_visible()
    check(sven, "detail (support, in progress)")
    form.get_by_role("button", name="Änderungen speichern").click()
    expect(form.get_by_role("status")).to_have_text("Es wurde nichts geändert.")
    check(sven, "detail (support, nothing changed)")
    form.get_by_label("Ihre Antwort").fill("Tonerlieferung ist bestellt.")
    form.get_by_label(re.compile("^Interne Notiz")).check()
    form.get_by_role("button", name="Interne Notiz speichern").click()
    expect(sven.page.get_by_role("status").filter(has_text="Notiz")).to_be_visible()
    form.get_by_label("Status", exact=True).select_option(label="Erledigt")
    form.get_by_role("button", name="Änderungen speichern").click()
    expect(form.get_by_role("status")).to_have_text("Das Ticket wurde gespeichert.")
    check(sven, "detail (support, resolved)")
    sven.goto("/tickets?unread=true")
    check(sven, "unread list (support)")

    rita.goto(f"/tickets/{ticket_id}")
    expect(rita.page.get_by_text("Ist das Problem behoben?")).to_be_visible()
    expect(rita.page.locator("header.ticket-head")).to_contain_text(GERMAN_DATE)
    check(rita, "detail (reporter, resolved)")
    rita.goto("/dashboard")
    check(rita, "dashboard refused")
    rita.goto("/users")
    check(rita, "users refused")

    # The administrator: every page, and the audit log of all of the above.
    chefin = person(locale="de-DE")
    german_login(chefin, "chefin")
    data[:] = people_data(admin_api)
    pages = {
        "list": "/tickets", "list with a bad filter": "/tickets?status=kaputt&sort=egal",
        "search without hits": "/tickets?q=nirgendwo", "new ticket": "/tickets/new",
        "detail (admin)": f"/tickets/{ticket_id}", "users": "/users",
        "new account": "/users/new", "account": "/users/2", "dashboard": "/dashboard",
        "audit log": "/audit", "audit log, sign-ins": "/audit?action=auth.login_failed",
        "audit log, accounts": "/audit?entity_type=user", "profile": "/profile",
        "not found": "/no-such-page",
    }
    for where, path in pages.items():
        chefin.goto(path)
        expect(chefin.heading()).to_be_visible()
        check(chefin, where)
    chefin.goto("/users/new")
    chefin.page.get_by_role("button", name="Konto anlegen").click()
    expect(chefin.page.get_by_role("alert")).to_be_visible()
    check(chefin, "new account refused")

    chefin.goto("/dashboard")
    weeks = chefin.page.get_by_role("table", name="Eröffnet und erledigt pro Woche")
    week = re.compile(r"KW \d{1,2} \(ab \d{2}\.\d{2}\.\d{4}\)")
    expect(weeks.get_by_role("row").nth(1)).to_contain_text(week)
    snap(chefin, "dashboard-de")
    chefin.goto("/audit?action=auth.login_failed")
    expect(chefin.page.get_by_role("table").get_by_text("Fehlgeschlagene Anmeldung").first) \
        .to_be_visible()
    snap(chefin, "audit-de")
    assert found == [], f"English words on German pages: {found}"
