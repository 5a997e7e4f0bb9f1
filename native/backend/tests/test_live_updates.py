"""What the SPA's poll needs (issue #13.2): the notifications answer carries the poll
interval and the open ticket's version (`?ticket=`), and the list filters unread only."""

from __future__ import annotations

import pytest

NOTIFICATIONS = "/api/v1/notifications"


def test_the_poll_reports_its_interval_and_the_open_tickets_version(api):
    ticket = api.create_ticket()
    answer = api.get(f"{NOTIFICATIONS}?ticket={ticket['id']}", "user").json
    assert answer["poll_seconds"] == 30
    assert answer["watched"] == {"id": ticket["id"], "version": ticket["version"]}
    api.patch(f"/api/v1/tickets/{ticket['id']}", "support",
              json={"status": "in_progress", "reply": {"body": "On it"}})
    later = api.get(f"{NOTIFICATIONS}?ticket={ticket['id']}", "user").json
    assert later["watched"]["version"] == ticket["version"] + 1
    assert api.get(NOTIFICATIONS, "user").json["watched"] is None  # none asked about


def test_the_poll_interval_is_a_setting(make_app):
    client = make_app(NOTIFICATIONS_POLL_SECONDS=2).test_client()
    token = client.post("/api/v1/auth/token",
                        json={"username": "user", "password": "user123"}).json
    answer = client.get(NOTIFICATIONS, headers={
        "Authorization": "Bearer " + token["access_token"]}).json
    assert answer["poll_seconds"] == 2


def test_a_ticket_one_may_not_see_is_never_watched(api):
    api.create_user("other")
    theirs = api.create_ticket("other")
    assert api.get(f"{NOTIFICATIONS}?ticket={theirs['id']}", "user").json["watched"] is None
    assert api.get(f"{NOTIFICATIONS}?ticket=999999", "support").json["watched"] is None


@pytest.mark.parametrize("value", ["0", "-1", "abc", "2147483648"])
def test_a_bad_ticket_to_watch_is_refused(api, value):
    response = api.get(f"{NOTIFICATIONS}?ticket={value}", "user")
    assert response.status_code == 422
    assert "ticket" in response.json["fields"]


def test_the_list_shows_unread_tickets_only_on_request(api):
    first, second, third = (api.create_ticket(title=f"T{n}") for n in range(3))
    api.get(f"/api/v1/tickets/{second['id']}", "support")
    listed = api.get("/api/v1/tickets?unread=true", "support").json
    assert [t["id"] for t in listed["items"]] == [third["id"], first["id"]]
    assert listed["total"] == 2 and all(t["unread"] for t in listed["items"])
    assert api.get("/api/v1/tickets?unread=false", "support").json["total"] == 3
    searched = api.get("/api/v1/tickets?unread=true&q=T0", "support").json
    assert [t["id"] for t in searched["items"]] == [first["id"]]
    # The reporter has nothing unread until support answers.
    assert api.get("/api/v1/tickets?unread=true", "user").json["total"] == 0
    api.post(f"/api/v1/tickets/{first['id']}/comments", "support", json={"body": "Hi"})
    mine = api.get("/api/v1/tickets?unread=true", "user").json
    assert [t["id"] for t in mine["items"]] == [first["id"]]


def test_the_csv_export_follows_the_unread_filter(api):
    api.create_ticket(title="Seen one")
    unseen = api.create_ticket(title="Unseen one")
    api.get("/api/v1/tickets/1", "support")
    text = api.get("/api/v1/tickets/export.csv?unread=true", "support").get_data(as_text=True)
    assert "Unseen one" in text and "Seen one" not in text
    assert unseen["id"]


def test_a_bad_unread_value_is_refused(api):
    response = api.get("/api/v1/tickets?unread=maybe", "support")
    assert response.status_code == 422
    assert "unread" in response.json["fields"]
