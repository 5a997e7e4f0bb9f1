"""A walk through every page in German fails on any English word of Nano's catalog (#13.5).

The English words are those of TEXTS["en"] that no German text uses too (so "Ticket",
"Status" or "Support" are not counted); the page's words are every text, label, option
and button caption the page shows, the German ticket's own text included.
"""

from __future__ import annotations

import re

import pytest

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}")
WIDGETS = ("button", "text_input", "text_area", "selectbox", "radio", "checkbox",
           "multiselect", "number_input", "toggle", "date_input")


def words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(re.sub(r"\{[^}]*\}", " ", text))}


@pytest.fixture
def english_words(nano) -> set[str]:
    english = set().union(*(words(text) for text in nano.TEXTS["en"].values()))
    german = set().union(*(words(text) for text in nano.TEXTS["de"].values()))
    people = {username for username, *_ in nano.DEMO_ACCOUNTS}  # names are data, not words
    return english - german - people - {"english"}  # the language menu names English


def page_words(at, ui) -> set[str]:
    """Every word the page shows: texts, widget labels, their options, button captions
    (the page's own scripts, such as the theme keeper, are code, not words)."""
    page = ui.texts(at)
    for element, text in zip(at.html, ui.html_texts(at), strict=True):
        if "<script" in element.value:
            page = page.replace(text, "")
    shown = [page]
    for kind in WIDGETS:
        for widget in getattr(at, kind):
            shown.append(str(widget.label))
            shown.extend(str(option) for option in getattr(widget, "options", []))
    return words("\n".join(shown))


def assert_german(at, ui, english_words: set[str], where: str) -> None:
    assert not at.exception, at.exception
    found = page_words(at, ui) & english_words
    assert not found, f"English on the German {where}: {sorted(found)}"


def open_in_german(at, ui, ticket: int):
    return ui.click(ui.go(at, "tickets"), f"#{ticket} öffnen")


def test_the_catalog_yields_english_words_to_look_for(english_words):
    assert {"password", "reply", "priority", "username"} <= english_words


def test_every_page_in_german_has_no_english_word(app, ui, nano, english_words):
    assert_german(app(lang="de"), ui, english_words, "login page")
    with nano.connect() as db:
        user, support = (nano.actor_from(nano.find_user(db, name)) for name in ("user", "support"))
    ticket = nano.create_ticket(user, "Drucker kaputt", "Seite 2 fehlt", "bug", "high")
    nano.add_reply(support, ticket, "Bitte Kabel prüfen")
    nano.change_status(support, ticket, "in_progress")

    admin = app("admin", lang="de")
    for page in ("tickets", "new_ticket", "dashboard", "users", "account"):
        assert_german(ui.go(admin, page), ui, english_words, f"{page} page (admin)")
    assert_german(open_in_german(admin, ui, ticket), ui, english_words, "ticket (admin)")

    nano.change_status(support, ticket, "resolved")
    reporter = app("user", lang="de")
    assert_german(reporter, ui, english_words, "ticket list (reporter)")
    resolved = open_in_german(reporter, ui, ticket)
    assert_german(resolved, ui, english_words, "resolved ticket (reporter)")
    assert "Ist das Problem gelöst?" in ui.texts(resolved)  # the question is asked


def test_the_walk_catches_english_pages(app, ui, english_words):
    """The check is not blind: the same pages in English are full of the words."""
    assert {"password", "username"} <= page_words(app(lang="en"), ui) & english_words
    admin = app("admin", lang="en")
    assert {"priority", "category"} <= page_words(ui.go(admin, "new_ticket"), ui) & english_words
