"""Every page in German (issue #13.5): no English word of Micro's interface, `<html
lang="de">`, dates as 04.12.2026, weeks as "KW 38", decimals with a comma, and the
dashboard's labels whole (it cut "In Bearbeitung" to "n Bearbeitung").

The English words are those of the catalog's msgids (micro/translations/de/…/messages.po)
minus every word that German uses too: a word of any German msgstr, and the labels that
contract/product.toml gives the same in both languages (Support, Tickets, Dashboard …).
The people's own data (user names, e-mail addresses) is taken out of the text first.
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from tests.page_text import PAGE_TEXT, WORD, without

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "micro" / "translations" / "de" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[.0-9]*[a-z]|%%")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
GERMAN_DATE = re.compile(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}")  # no \\b: Playwright mangles it

# The chart labels that stick out of their SVG's view box (cut off on screen).
CLIPPED_CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
    const box = svg.viewBox.baseVal;
    return [...svg.querySelectorAll('text')].filter(text => {
        const b = text.getBBox();
        return b.x < box.x || b.x + b.width > box.x + box.width;
    }).map(text => text.textContent);
})"""


@cache
def english_words() -> frozenset[str]:
    with CATALOG.open("rb") as source:
        catalog = read_po(source)
    english: set[str] = set()
    german: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text, words in ((" ".join(ids), english), (" ".join(strings), german)):
            words.update(word.lower() for word in WORD.findall(PLACEHOLDER.sub(" ", text)))
    labels = tomllib.loads((ROOT / "contract" / "product.toml").read_text())["labels"]
    same = {word.lower() for kind in labels.values() for entry in kind.values()
            if entry["en"] == entry["de"] for word in WORD.findall(entry["en"])}
    return frozenset(english - german - same)


def test_the_list_of_english_words_is_the_interfaces():
    words = english_words()
    assert {"unread", "reply", "nobody", "save", "progress", "week"} <= words
    assert not {"support", "tickets", "status", "dashboard", "ticket", "in"} & words


def people_data(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT username, email FROM users").fetchall()
    return sorted({value for row in rows for value in row}, key=len, reverse=True)


def english_on(someone, where: str, data: list[str]) -> list[str]:
    text = without(someone.page.evaluate(PAGE_TEXT), data)
    words = english_words()
    return sorted({f"{where}: {word}" for word in WORD.findall(text)
                   if word.lower() in words})


def prepare_a_ticket(person) -> int:
    """A ticket with a reply, a change of every field and an internal note; resolved."""
    reporter = person(locale="de-DE", timezone_id="Europe/Berlin")
    reporter.login_de("user")
    ticket_id = reporter.create_ticket_de("Drucker im Flur druckt streifig")
    support = person(locale="de-DE", timezone_id="Europe/Berlin")
    support.login_de("support")
    support.goto(f"/tickets/{ticket_id}")
    support.page.get_by_label("Antwort").fill("Bitte Toner schütteln.")
    support.page.get_by_label("Status").select_option(label="In Bearbeitung")
    support.page.get_by_label("Priorität").select_option(label="Hoch")
    support.page.get_by_role("button", name="Speichern").click()
    expect(support.page.get_by_test_id("ticket-status")).to_have_text("In Bearbeitung")
    support.page.get_by_label("Antwort").fill("Notiz: Tonerlieferung bestellt")
    support.page.get_by_label("Interne Notiz").check()
    support.page.get_by_label("Status").select_option(label="Erledigt")
    support.page.get_by_role("button", name="Speichern").click()
    expect(support.page.get_by_test_id("ticket-status")).to_have_text("Erledigt")
    return ticket_id


def test_every_page_in_german_has_no_english_word(person, micro_instance, snap):
    ticket_id = prepare_a_ticket(person)
    data = people_data(micro_instance / "micro.db")
    found: list[str] = []

    def check(someone, where: str) -> None:
        expect(someone.page.locator("html")).to_have_attribute("lang", "de")
        text = someone.page.evaluate(PAGE_TEXT)
        assert not ISO_DATE.search(text), f"{where}: an ISO date in the German page"
        found.extend(english_on(someone, where, data))

    english = person()
    english.goto("/login")  # the check itself can fail: the English page fails it
    assert {"login: Log", "login: Password"} <= set(english_on(english, "login", data))

    reporter = person(locale="de-DE", timezone_id="Europe/Berlin")
    reporter.goto("/login")
    check(reporter, "login")
    reporter.page.get_by_label("Benutzername").fill("user")
    reporter.page.get_by_label("Passwort").fill("falsch-geraten")
    reporter.page.get_by_role("button", name="Anmelden").click()
    expect(reporter.page.get_by_role("alert")).to_be_visible()
    check(reporter, "login refused")
    reporter.login_de("user")
    check(reporter, "list (user)")
    reporter.goto(f"/tickets/{ticket_id}")
    expect(reporter.page.get_by_role("button", name="Lösung bestätigen und schließen")
           ).to_be_visible()
    expect(reporter.page.locator("dl.ticket-meta")).to_contain_text(GERMAN_DATE)
    check(reporter, "detail (reporter)")
    reporter.page.get_by_role("button", name="Senden").click()
    check(reporter, "detail, nothing to save")
    reporter.goto("/dashboard")
    check(reporter, "403")
    reporter.goto("/no-such-page")
    check(reporter, "404")

    admin = person(locale="de-DE", timezone_id="Europe/Berlin")
    admin.login_de("admin")
    pages = {
        "list": "/tickets", "unread list": "/tickets?unread=1",
        "list with a bad filter": "/tickets?status=kaputt&sort=egal",
        "search without hits": "/tickets?q=nirgendwo", "new ticket": "/tickets/new",
        "detail (admin)": f"/tickets/{ticket_id}", "delete": f"/tickets/{ticket_id}/delete",
        "dashboard": "/dashboard", "users": "/admin/users", "new account": "/admin/users/new",
        "manage account": "/admin/users/3", "own password": "/account/password",
    }
    for where, path in pages.items():
        admin.goto(path)
        check(admin, where)
    admin.goto("/tickets/new")
    admin.page.get_by_role("button", name="Ticket erstellen").click()
    check(admin, "new ticket refused")

    admin.goto("/dashboard")
    weeks = admin.page.get_by_role("img", name="Eröffnet und erledigt pro Woche")
    expect(weeks).to_be_visible()
    expect(admin.page.get_by_test_id("median")).to_have_text(re.compile(r"^\d+,\d (Std\.|Tage)$"))
    snap(admin, "german-dashboard")
    week_labels = re.findall(r"KW \d{1,2}", weeks.text_content())
    assert (found, admin.page.evaluate(CLIPPED_CHART_TEXT), len(week_labels) >= 6) == \
        ([], [], True), f"English words, cut chart labels, week labels {week_labels}"
