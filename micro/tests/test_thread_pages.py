"""A long thread comes a page at a time (issue #17.3): the newest comments first, a link
to older ones, the reply form always on the page; a search still finds a comment that
is on an older page."""

from __future__ import annotations

import re

import pytest

COMMENT = re.compile(r'<div class="user-text">(Kommentar \d+)</div>')


@pytest.fixture
def thread(app, make_ticket, add_comments, db, auth):
    """A ticket by `user` with 120 comments "Kommentar 1" … "Kommentar 120" (number 7 is
    "Kommentar 7 Zahnrad"), pages of 50; the creator is signed in."""
    app.config["THREAD_PAGE_SIZE"] = 50
    ticket_id = make_ticket("user", "Langer Faden")
    for number in range(1, 121):
        body = f"Kommentar {number}" + (" Zahnrad" if number == 7 else "")
        db.execute("INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
                   "VALUES (?, 2, ?, 0, ?)",
                   (ticket_id, body, f"2026-01-01T00:{number // 60:02d}:{number % 60:02d}.000000Z"))
    return ticket_id


def shown(page: str) -> list[int]:
    return [int(text.split()[1]) for text in re.findall(r"Kommentar \d+", page)]


def older_link(page: str) -> str | None:
    found = re.search(r'href="([^"]+)">Show older comments<', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_newest_page_first_then_older_ones(thread, client):
    """Before the fix the detail page showed all 120 comments at once."""
    page = client.get(f"/tickets/{thread}").get_data(as_text=True)
    assert shown(page) == list(range(71, 121))
    assert 'id="reply-form"' in page and 'href="#reply-form"' in page
    assert "Back to the newest comments" not in page
    second = client.get(older_link(page)).get_data(as_text=True)
    assert shown(second) == list(range(21, 71))
    assert 'id="reply-form"' in second and "Back to the newest comments" in second
    third = client.get(older_link(second)).get_data(as_text=True)
    assert shown(third) == list(range(1, 21)) and older_link(third) is None


def test_a_change_shows_once_between_its_comments(thread, auth, post, client, db):
    db.execute("INSERT INTO ticket_changes (ticket_id, actor_id, field, old_value, "
               "new_value, created_at) VALUES (?, 2, 'priority', 'medium', 'high', "
               "'2026-01-01T00:00:30.500000Z')", (thread,))  # between comments 30 and 31
    pages = [client.get(f"/tickets/{thread}").get_data(as_text=True)]
    while older_link(pages[-1]):
        pages.append(client.get(older_link(pages[-1])).get_data(as_text=True))
    with_change = [index for index, page in enumerate(pages) if "Medium → High" in page]
    assert with_change == [1]
    page = pages[1]
    assert page.index("Kommentar 30<") < page.index("Medium → High") < \
        page.index("Kommentar 31<")


@pytest.mark.parametrize("before", ["²", "abc", "0", "99999999999999999999", "-1", "999"])
def test_an_odd_page_boundary_shows_the_newest_page(thread, client, before):
    response = client.get(f"/tickets/{thread}?before={before}")
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True)) == list(range(71, 121))


def test_replying_from_an_older_page_works(thread, client, post, db):
    page = client.get(f"/tickets/{thread}").get_data(as_text=True)
    older = client.get(older_link(page)).get_data(as_text=True)
    assert 'action="/tickets/' in older
    assert post(f"/tickets/{thread}/update", {"body": "Neue Antwort"}).status_code == 302
    assert "Neue Antwort" in client.get(f"/tickets/{thread}").get_data(as_text=True)


def test_a_comment_on_an_older_page_is_still_found(thread, client):
    page = client.get(f"/tickets/{thread}").get_data(as_text=True)
    assert "Zahnrad" not in page  # it is on the last of the older pages
    results = client.get("/tickets?q=zahnrad").get_data(as_text=True)
    assert "Langer Faden" in results
    assert "Langer Faden" in client.get("/tickets?q=langer+zahnrad").get_data(as_text=True)


def test_the_older_link_is_a_link_a_keyboard_reaches(thread, client):
    page = client.get(f"/tickets/{thread}").get_data(as_text=True)
    assert re.search(r'<a class="btn[^"]*" href="/tickets/\d+\?before=\d+#conversation">'
                     r"Show older comments</a>", page)
