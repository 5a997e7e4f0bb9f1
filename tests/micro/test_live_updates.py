"""Live updates (issue #13.3): Micro's unread count never updated by itself (still none
after 40 s idle), and an open ticket went stale. Now app.js polls `/activity`; this
module's own server polls every second (MICRO_POLL_SECONDS=1; production: 30 s)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WITHIN_A_FEW_POLLS = 15_000  # ms: a few one-second polls on a busy 2-core machine


@pytest.fixture(scope="module")
def micro_instance(tmp_path_factory):
    return tmp_path_factory.mktemp("micro-live-instance")


@pytest.fixture(scope="module")
def micro_server(launch_server, python_executable, micro_instance) -> str:
    return launch_server(
        [python_executable, "-m", "gunicorn", "--workers", "2", "--bind", "127.0.0.1:{port}",
         "micro:create_app()"],
        health_path="/healthz",
        env={"MICRO_INSTANCE_PATH": str(micro_instance), "MICRO_DEMO_ACCOUNTS": "1",
             "MICRO_POLL_SECONDS": "1"})


def support_answers(person, ticket_id: int, reply: str, status: str) -> None:
    support = person()
    support.login("support")
    support.goto(f"/tickets/{ticket_id}")
    support.page.get_by_label("Reply").fill(reply)
    support.page.get_by_label("Status").select_option(label=status)
    support.page.get_by_role("button", name="Save").click()
    expect(support.page.get_by_test_id("ticket-status")).to_have_text(status)


def test_the_open_ticket_shows_supports_reply_and_status_by_itself(person, snap):
    user = person()
    user.login("user")
    ticket_id = user.create_ticket("Drucker druckt leer")
    user.goto(f"/tickets/{ticket_id}")
    expect(user.page.get_by_text("No replies yet.")).to_be_visible()

    support_answers(person, ticket_id, "Neuer Toner ist eingesetzt.", "In progress")
    # The user touches nothing: within the poll interval the reply and the new status
    # (and, through "in progress", the new assignee) appear.
    timeline = user.page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Neuer Toner ist eingesetzt.", timeout=WITHIN_A_FEW_POLLS)
    expect(user.page.get_by_test_id("ticket-status")).to_have_text("In progress")
    expect(timeline).to_contain_text(re.compile(r"Assigned to: — → support"))
    expect(user.badge()).to_have_count(0)  # the reload opened it: nothing unread
    snap(user, "reply-arrived")

    support_answers(person, ticket_id, "Bitte testen.", "Resolved")
    expect(user.page.get_by_role("button", name="Confirm the fix and close")).to_be_visible(
        timeout=WITHIN_A_FEW_POLLS)
    expect(user.page.get_by_test_id("ticket-status")).to_have_text("Resolved")


def test_the_unread_count_updates_on_an_idle_list(person):
    user = person()
    user.login("user")
    ticket_id = user.create_ticket("Maus klemmt")
    user.goto("/tickets")
    expect(user.badge()).to_have_count(0)
    support_answers(person, ticket_id, "Kommt morgen.", "In progress")
    expect(user.badge()).to_have_text("1", timeout=WITHIN_A_FEW_POLLS)
    link = user.page.get_by_role("link", name="Unread 1")
    expect(link).to_have_attribute("title", "1 ticket with unread activity")


def test_a_half_typed_reply_is_never_lost(person, snap):
    user = person()
    user.login("user")
    ticket_id = user.create_ticket("Bildschirm flackert")
    user.goto(f"/tickets/{ticket_id}")
    box = user.page.get_by_label("Your comment")
    box.fill("Es flackert vor allem morgens, wenn")

    support_answers(person, ticket_id, "Welches Kabel nutzen Sie?", "In progress")
    notice = user.page.get_by_role("status").filter(has_text="New activity on this ticket.")
    expect(notice).to_be_visible(timeout=WITHIN_A_FEW_POLLS)
    # No reload behind the person's back: the draft is there and the reply not yet.
    expect(box).to_have_value("Es flackert vor allem morgens, wenn")
    expect(user.page.get_by_test_id("timeline")).not_to_contain_text("Welches Kabel")
    snap(user, "new-activity-notice")

    user.page.get_by_role("button", name="Show it").click()
    expect(user.page.get_by_test_id("timeline")).to_contain_text("Welches Kabel nutzen Sie?")
    expect(user.page.get_by_test_id("ticket-status")).to_have_text("In progress")
    expect(user.page.get_by_label("Your comment")).to_have_value(
        "Es flackert vor allem morgens, wenn")
    expect(notice).to_be_hidden()


def test_supports_untouched_form_reloads_when_the_reporter_answers(person):
    """The staff form has four menus, each on its saved value: untouched, it is no draft
    (a menu counted as changed would show the notice instead)."""
    user = person()
    user.login("user")
    ticket_id = user.create_ticket("Headset rauscht")
    support = person()
    support.login("support")
    support.goto(f"/tickets/{ticket_id}")
    expect(support.page.get_by_label("Assigned to")).to_have_value("")
    user.goto(f"/tickets/{ticket_id}")
    user.page.get_by_label("Your comment").fill("Auch mit dem zweiten Headset.")
    user.page.get_by_role("button", name="Send").click()
    expect(support.page.get_by_test_id("timeline")).to_contain_text(
        "Auch mit dem zweiten Headset.", timeout=WITHIN_A_FEW_POLLS)
    expect(support.page.locator("#new-activity")).to_be_hidden()
