from __future__ import annotations

NOTIFICATIONS = "/api/v1/notifications"


def test_badge_lifecycle_for_user_and_support(api):
    ticket = api.create_ticket()
    path = f"/api/v1/tickets/{ticket['id']}"
    # Support is told about the new ticket; the creator has nothing unread.
    assert api.get(NOTIFICATIONS, "support").json["count"] == 1
    assert api.get(NOTIFICATIONS, "user").json["count"] == 0
    api.get(path, "support")  # opening clears it
    assert api.get(NOTIFICATIONS, "support").json["count"] == 0

    api.post(path + "/comments", "support", json={"body": "Looking", "internal": True})
    assert api.get(NOTIFICATIONS, "user").json["count"] == 0  # internal notes never notify
    api.post(path + "/comments", "support", json={"body": "On my way"})
    unread = api.get(NOTIFICATIONS, "user").json
    assert unread["count"] == 1
    assert unread["tickets"][0]["id"] == ticket["id"]
    assert api.get("/api/v1/tickets", "user").json["items"][0]["unread"] is True
    api.get(path, "user")
    assert api.get(NOTIFICATIONS, "user").json["count"] == 0

    api.patch(path, "support", json={"status": "in_progress"})
    assert api.get(NOTIFICATIONS, "user").json["count"] == 1
    api.get(path, "user")

    api.post(path + "/comments", "user", json={"body": "Thanks"})
    assert api.get(NOTIFICATIONS, "support").json["count"] == 1  # a user comment
    assert api.get(NOTIFICATIONS, "user").json["count"] == 0  # own activity


def test_assigned_staff_hear_about_their_tickets_only(api):
    ticket = api.create_ticket()
    path = f"/api/v1/tickets/{ticket['id']}"
    api.patch(path, "admin", json={"assigned_to": 2})
    api.get(path, "support")
    api.post(path + "/comments", "user", json={"body": "Any news?"})
    assert api.get(NOTIFICATIONS, "support").json["count"] == 1
    assert api.get(NOTIFICATIONS, "admin").json["count"] == 0


def test_unread_flags_after_opening_several_tickets(api):
    # The "last seen" lookup is per ticket: having opened two tickets must neither break
    # the list nor mark an opened ticket unread or an unopened one read.
    first, second, third = (api.create_ticket(title=f"T{n}") for n in range(3))
    api.get(f"/api/v1/tickets/{first['id']}", "support")
    api.get(f"/api/v1/tickets/{second['id']}", "support")
    listed = api.get("/api/v1/tickets", "support")
    assert listed.status_code == 200, listed.json
    unread = {ticket["id"]: ticket["unread"] for ticket in listed.json["items"]}
    assert unread == {first["id"]: False, second["id"]: False, third["id"]: True}
    badge = api.get(NOTIFICATIONS, "support").json
    assert badge["count"] == 1
    assert [ticket["id"] for ticket in badge["tickets"]] == [third["id"]]
