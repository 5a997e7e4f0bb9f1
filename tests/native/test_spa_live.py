"""Live updates and support's one form in the SPA (issue #13.2, #13.7, #13.8), against a
server whose notifications poll runs every LIVE_POLL_SECONDS.

Before: the open ticket kept its old status and "No replies yet" although the bell had
turned to 1; the bell linked to the page already open; support answered in one form and
changed the status in another ("Please write a reply." for a status-only change); the
conversation showed comments only; an unread row broke in two at 375 px.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.native.conftest import LIVE_POLL_SECONDS
from tests.native.spa import PASSWORD, PHONE, Api, Person

pytestmark = pytest.mark.browser

# The poll's interval, plus the time two shared cores need to fetch and render.
WITHIN_A_POLL = (LIVE_POLL_SECONDS + 8) * 1000


def reporter_with_ticket(live_spa_server: str, username: str, *titles: str,
                         language: str = "en") -> list[int]:
    """A new account `username` (password PASSWORD) with one ticket per title: their ids."""
    Api(live_spa_server, "admin", "admin123").create_user(username, language=language)
    reporter = Api(live_spa_server, username, PASSWORD)
    return [reporter.create_ticket(title, "It does not work.")["id"] for title in titles]


def test_the_open_ticket_shows_supports_reply_and_status_without_a_reload(
        live_person, live_spa_server: str, snap):
    [ticket_id] = reporter_with_ticket(live_spa_server, "rita", "VPN drops every hour")
    rita = live_person()
    rita.login("rita", PASSWORD)
    rita.goto(f"/tickets/{ticket_id}")
    expect(rita.status()).to_have_text("New")
    expect(rita.page.get_by_text("No replies yet.")).to_be_visible()
    draft = rita.support_form().get_by_label("Your reply")
    draft.fill("A draft she is still writing")
    navigations: list[str] = []
    rita.page.on("framenavigated", lambda frame: navigations.append(frame.url))

    support = live_person()
    support.login("support")
    support.goto(f"/tickets/{ticket_id}")
    # One form: the reply and the status together; taking it in progress assigns support.
    support.reply("Please update the VPN client to 5.2.", status="In progress")
    expect(support.status()).to_have_text("In progress")
    expect(support.support_form().get_by_label("Assigned to")).to_have_value(
        re.compile(r"^[1-9][0-9]*$"))
    expect(support.support_form().get_by_label("Assigned to").locator("option:checked")) \
        .to_have_text("support")

    # Rita touches nothing: within a poll she sees the reply, the status and the change.
    expect(rita.thread()).to_contain_text("Please update the VPN client to 5.2.",
                                          timeout=WITHIN_A_POLL)
    expect(rita.status()).to_have_text("In progress")
    expect(rita.thread()).to_contain_text("support changed the status from New to In progress")
    expect(rita.thread()).to_contain_text("support assigned the ticket to support")
    expect(draft).to_have_value("A draft she is still writing")  # the page was not reloaded
    snap(rita, "live-reply")

    # A status-only change (no reply) in the same form: Rita is asked whether it is fixed.
    support.save_details(Status="Resolved")
    expect(support.page.get_by_text("Please write a reply.")).to_have_count(0)
    question = rita.page.get_by_text("Support marked this ticket as resolved. Is the problem "
                                     "fixed?")
    expect(question).to_be_visible(timeout=WITHIN_A_POLL)
    expect(rita.status()).to_have_text("Resolved")
    expect(rita.thread().get_by_role("listitem").last).to_contain_text(
        "support changed the status from In progress to Resolved")
    assert navigations == [], navigations
    # She had it open all along: nothing is left unread for her.
    expect(rita.badge()).to_have_accessible_name("Unread tickets: 0", timeout=WITHIN_A_POLL)
    snap(rita, "live-resolved")


def test_the_bell_opens_the_unread_ticket_or_the_unread_only_list(live_person, live_spa_server):
    first, second, quiet = reporter_with_ticket(
        live_spa_server, "bert", "Printer offline", "Mail quota full", "Nothing new here")
    bert = live_person()
    bert.login("bert", PASSWORD)
    expect(bert.badge()).to_have_accessible_name("Unread tickets: 0")
    support = Api(live_spa_server, "support", "support123")
    for ticket_id in (first, second):
        support.post(f"/tickets/{ticket_id}/comments", {"body": f"Answer on #{ticket_id}"})

    expect(bert.badge()).to_have_accessible_name("Unread tickets: 2", timeout=WITHIN_A_POLL)
    bert.badge().click()
    expect(bert.page).to_have_url(re.compile(r"/tickets\?unread=true$"))
    expect(bert.page.get_by_role("checkbox", name="Unread only")).to_be_checked()
    for title in ("Printer offline", "Mail quota full"):
        expect(bert.unread_marker(title)).to_be_visible()
    expect(bert.row("Nothing new here")).to_have_count(0)

    bert.row("Printer offline").get_by_role("link", name="Printer offline").click()
    expect(bert.heading()).to_have_text(f"Ticket #{first}: Printer offline")
    expect(bert.badge()).to_have_accessible_name("Unread tickets: 1")
    bert.badge().click()  # the one unread ticket, opened directly
    expect(bert.heading()).to_have_text(f"Ticket #{second}: Mail quota full")
    expect(bert.thread()).to_contain_text(f"Answer on #{second}")
    expect(bert.badge()).to_have_accessible_name("Unread tickets: 0")
    assert quiet


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_unread_row_stays_whole_on_a_phone(live_person, live_spa_server, language, snap):
    title = f"Bildschirmflackern im Besprechungsraum {language}"
    [ticket_id] = reporter_with_ticket(live_spa_server, f"phone{language}", title,
                                       language=language)
    Api(live_spa_server, "support", "support123").post(
        f"/tickets/{ticket_id}/comments", {"body": "Wir kommen vorbei."})
    someone: Person = live_person(locale="de-DE" if language == "de" else "en-US", **PHONE)
    someone.goto("/login")
    someone.page.get_by_label(re.compile("^(Username|Benutzername)")).fill(f"phone{language}")
    someone.page.get_by_label(re.compile("^(Password|Passwort)")).fill(PASSWORD)
    someone.page.get_by_role("button", name=re.compile("^(Log in|Anmelden)$")).click()
    marker = "Unread activity" if language == "en" else "Ungelesene Aktivität"
    dot = someone.unread_marker(title, marker)
    expect(dot).to_be_visible()
    link = someone.row(title).get_by_role("link", name=title, exact=True)
    label_box = someone.row(title).locator("td.cell-title").bounding_box()
    dot_box = dot.bounding_box()
    # The first line of the title (a long one wraps): the box of its first line.
    first_line = link.evaluate(
        "el => { const r = el.getClientRects()[0]; return {x: r.x, y: r.y, height: r.height}; }")
    assert dot_box and label_box
    # The dot sits at the start of the title's first line, right of the column's label.
    assert abs(dot_box["y"] - first_line["y"]) < first_line["height"], (dot_box, first_line)
    assert dot_box["x"] < first_line["x"] and dot_box["x"] > label_box["x"] + 80
    assert someone.horizontal_overflow() == 0
    snap(someone, f"unread-row-phone-{language}")
