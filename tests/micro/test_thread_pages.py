"""A long thread in the browser (issue #17.3): the newest comments, a link to older ones
that a keyboard reaches, the reply form one link away; dark and light, German, 375 px."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


def add_thread(database, ticket_id: int, count: int) -> None:
    with sqlite3.connect(database, timeout=10) as db:
        support = db.execute("SELECT id FROM users WHERE username = 'support'").fetchone()[0]
        db.executemany(
            "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
            "VALUES (?, ?, ?, 0, ?)",
            [(ticket_id, support, f"Antwort Nummer {number}",
              f"2026-01-01T00:{number // 60:02d}:{number % 60:02d}.000000Z")
             for number in range(1, count + 1)])


def test_a_long_thread_pages_back_and_keeps_the_reply_form(person, micro_instance, snap):
    someone = person()
    someone.login("user")
    ticket_id = someone.create_ticket("Langer Verlauf im Browser")
    add_thread(micro_instance / "micro.db", ticket_id, 120)
    someone.goto(f"/tickets/{ticket_id}")
    timeline = someone.page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Antwort Nummer 120")
    expect(timeline).not_to_contain_text("Antwort Nummer 70 ")
    snap(someone, "dark-newest-page")
    someone.page.get_by_role("link", name="Skip to the reply form").click()
    expect(someone.page.get_by_label("Your comment")).to_be_in_viewport()
    someone.page.get_by_role("link", name="Show older comments").focus()
    someone.page.keyboard.press("Enter")
    expect(timeline).to_contain_text("Antwort Nummer 70")
    expect(timeline).not_to_contain_text("Antwort Nummer 71")
    someone.page.get_by_role("button", name="Light mode").click()
    snap(someone, "light-older-page")
    someone.page.get_by_label("Your comment").fill("Antwort von einer älteren Seite")
    someone.page.get_by_role("button", name="Send").click()
    expect(someone.page.get_by_text("Saved.")).to_be_visible()
    expect(timeline).to_contain_text("Antwort von einer älteren Seite")

    phone = person(locale="de-DE", **PHONE)
    phone.goto("/login")
    phone.page.get_by_label("Benutzername").fill("user")
    phone.page.get_by_label("Passwort").fill("user123")
    phone.page.get_by_role("button", name="Anmelden").click()
    phone.goto(f"/tickets/{ticket_id}")
    expect(phone.page.get_by_role("link", name="Ältere Kommentare zeigen").first).to_be_visible()
    assert phone.horizontal_overflow() <= 0
    snap(phone, "german-phone-newest-page")
