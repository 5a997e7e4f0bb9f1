"""A ticket's timeline (issue #13.7): its changes of status and assignee, from the audit
trail, oldest first, for the conversation; the reporter sees them, others get a 404."""

from __future__ import annotations


def path(ticket) -> str:
    return f"/api/v1/tickets/{ticket['id']}"


def events(api, ticket, as_: str) -> list[tuple]:
    response = api.get(path(ticket) + "/timeline", as_)
    assert response.status_code == 200, response.json
    return [(e["kind"], e["actor"]["username"], e["before"], e["after"])
            for e in response.json["items"]]


def test_status_and_assignee_changes_in_order_for_the_reporter(api):
    ticket = api.create_ticket()
    api.patch(path(ticket), "support", json={"status": "in_progress",
                                             "reply": {"body": "Taking it", "internal": True}})
    api.patch(path(ticket), "support", json={"priority": "high"})  # not in the timeline
    api.patch(path(ticket), "admin", json={"assigned_to": 1})
    api.patch(path(ticket), "support", json={"status": "resolved", "reply": {"body": "Done"}})
    support = {"id": 2, "username": "support"}
    admin = {"id": 1, "username": "admin"}
    expected = [("status", "support", "new", "in_progress"),
                ("assignee", "support", None, support),
                ("assignee", "admin", support, admin),
                ("status", "support", "in_progress", "resolved")]
    assert events(api, ticket, "user") == expected
    assert events(api, ticket, "support") == expected
    items = api.get(path(ticket) + "/timeline", "user").json["items"]
    times = [item["at"] for item in items]
    assert times == sorted(times)
    # The reply written with the last change comes before it in time: "Done", then resolved.
    done = api.get(path(ticket) + "/comments", "user").json["items"][-1]
    assert done["body"] == "Done" and done["created_at"] <= items[-1]["at"]


def test_a_new_ticket_has_an_empty_timeline(api):
    ticket = api.create_ticket()
    assert events(api, ticket, "user") == []


def test_someone_elses_ticket_has_no_timeline_to_read(api):
    api.create_user("other")
    theirs = api.create_ticket("other")
    api.patch(path(theirs), "support", json={"status": "in_progress"})
    assert api.get(path(theirs) + "/timeline", "user").status_code == 404
    assert api.get("/api/v1/tickets/999999/timeline", "support").status_code == 404
    assert api.get(path(theirs) + "/timeline").status_code == 401
