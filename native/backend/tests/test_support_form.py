"""Support's one form (issue #13.7): PATCH /tickets/{id} takes a reply beside the field
changes, in one transaction; a status-only change needs no reply; taking an unassigned
ticket in progress makes the taker its assignee, audited."""

from __future__ import annotations

import pytest

SUPPORT_ID = 2


def path(ticket) -> str:
    return f"/api/v1/tickets/{ticket['id']}"


def thread(api, ticket, as_: str = "support") -> list[str]:
    return [c["body"] for c in api.get(path(ticket) + "/comments", as_).json["items"]]


def test_reply_status_priority_category_and_assignee_in_one_submission(api):
    ticket = api.create_ticket()
    response = api.patch(path(ticket), "support", json={
        "status": "in_progress", "priority": "high", "category": "support",
        "assigned_to": 1, "version": ticket["version"],
        "reply": {"body": "I am on it."}})
    assert response.status_code == 200, response.json
    saved = response.json
    assert (saved["status"], saved["priority"], saved["category"]) == (
        "in_progress", "high", "support")
    assert saved["assigned_to"]["username"] == "admin"  # chosen, not the taker
    assert saved["version"] == ticket["version"] + 1  # one change, one new version
    assert response.headers["ETag"] == f'"{saved["version"]}"'
    assert thread(api, ticket, "user") == ["I am on it."]


def test_a_status_only_change_needs_no_reply(api):
    ticket = api.create_ticket()
    response = api.patch(path(ticket), "support", json={"status": "in_progress"})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "in_progress"
    assert thread(api, ticket) == []


def test_a_reply_alone_is_activity_and_a_new_version(api):
    ticket = api.create_ticket()
    response = api.patch(path(ticket), "support", json={
        "reply": {"body": "Note for us", "internal": True}, "version": ticket["version"]})
    assert response.status_code == 200, response.json
    assert response.json["version"] == ticket["version"] + 1
    assert response.json["last_updated_by"]["username"] == "support"
    assert thread(api, ticket) == ["Note for us"]
    assert thread(api, ticket, "user") == []  # an internal note stays internal


@pytest.mark.parametrize(("who", "body", "status"), [
    ("user", {"reply": {"body": "psst", "internal": True}}, 403),  # users write no notes
    ("support", {"status": "closed", "reply": {"body": "Done"}}, 422),  # new -> closed
    ("support", {"version": 99, "reply": {"body": "Done"}}, 409),  # someone else was first
    ("support", {"status": "in_progress", "reply": {"body": ""}}, 422),  # empty reply
    ("support", {"status": "in_progress", "reply": {"text": "Done"}}, 422),  # unknown field
    ("user", {"priority": "high", "reply": {"body": "Please hurry"}}, 403),  # staff field
])
def test_a_refused_submission_stores_neither_reply_nor_change(api, who, body, status):
    ticket = api.create_ticket()
    response = api.patch(path(ticket), who, json=body)
    assert response.status_code == status, response.json
    assert response.json["message"]
    after = api.get(path(ticket), "support").json
    assert (after["status"], after["priority"], after["version"]) == (
        "new", ticket["priority"], ticket["version"])
    assert after["assigned_to"] is None
    assert thread(api, ticket) == []


def test_the_reporter_replies_and_confirms_in_one_submission(api):
    ticket = api.create_ticket()
    api.patch(path(ticket), "support", json={"status": "in_progress"})
    api.patch(path(ticket), "support", json={"status": "resolved",
                                             "reply": {"body": "New driver installed."}})
    response = api.patch(path(ticket), "user", json={"status": "closed",
                                                     "reply": {"body": "Works, thanks!"}})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "closed"
    assert thread(api, ticket, "user") == ["New driver installed.", "Works, thanks!"]


def audit_actions(api, ticket) -> list[tuple[str, dict | None]]:
    entries = api.get(f"/api/v1/audit?entity_type=ticket&entity_id={ticket['id']}",
                      "admin").json["items"]
    return [(entry["action"], entry["after"]) for entry in reversed(entries)]


@pytest.mark.parametrize("how", ["patch", "reply"])
def test_taking_an_unassigned_ticket_in_progress_assigns_it_to_the_taker(api, how):
    ticket = api.create_ticket()
    if how == "patch":
        response = api.patch(path(ticket), "support", json={"status": "in_progress"})
        assert response.status_code == 200
    else:  # the older way: a reply with a status
        response = api.post(path(ticket) + "/comments", "support",
                            json={"body": "Taking it", "status": "in_progress"})
        assert response.status_code == 201
    saved = api.get(path(ticket), "user").json
    assert saved["assigned_to"] == {"id": SUPPORT_ID, "username": "support"}
    assert audit_actions(api, ticket)[1:] == [
        ("ticket.status", {"status": "in_progress"}),
        ("ticket.assign", {"assigned_to": SUPPORT_ID})]


def test_taking_a_ticket_keeps_an_assignee_that_is_already_there(api):
    ticket = api.create_ticket()
    api.patch(path(ticket), "admin", json={"assigned_to": 1})
    api.patch(path(ticket), "support", json={"status": "in_progress"})
    assert api.get(path(ticket), "support").json["assigned_to"]["username"] == "admin"


def test_the_reporter_reopening_assigns_nobody(api):
    ticket = api.create_ticket()
    api.patch(path(ticket), "support", json={"status": "in_progress", "assigned_to": None})
    assert api.get(path(ticket), "support").json["assigned_to"] is None  # chosen: nobody
    api.patch(path(ticket), "support", json={"status": "resolved"})
    response = api.patch(path(ticket), "user", json={"status": "in_progress"})
    assert response.status_code == 200
    assert response.json["assigned_to"] is None
