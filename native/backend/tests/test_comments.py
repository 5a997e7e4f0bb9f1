from __future__ import annotations


def comments_path(ticket):
    return f"/api/v1/tickets/{ticket['id']}/comments"


def test_thread_with_replies_and_internal_notes(api):
    ticket = api.create_ticket()
    path = comments_path(ticket)
    reply = api.post(path, "support", json={"body": "Please restart it"})
    assert reply.status_code == 201
    assert reply.json["comment"]["author"]["username"] == "support"
    assert reply.json["ticket"]["last_updated_by"]["username"] == "support"
    note = api.post(path, "support", json={"body": "Toner is empty", "internal": True})
    assert note.json["comment"]["internal"] is True
    assert api.post(path, "user", json={"body": "Did not help"}).status_code == 201
    as_user = [c["body"] for c in api.get(path, "user").json["items"]]
    assert as_user == ["Please restart it", "Did not help"]
    as_support = [c["body"] for c in api.get(path, "support").json["items"]]
    assert as_support == ["Please restart it", "Toner is empty", "Did not help"]


def test_user_cannot_write_internal_notes(api):
    ticket = api.create_ticket()
    response = api.post(comments_path(ticket), "user", json={"body": "x", "internal": True})
    assert response.status_code == 403
    assert "internal" in response.json["fields"]
    assert api.get(comments_path(ticket), "support").json["items"] == []


def test_user_cannot_read_or_comment_on_another_users_ticket(api):
    api.create_user("other")
    theirs = api.create_ticket("other")
    assert api.get(comments_path(theirs), "user").status_code == 404
    assert api.post(comments_path(theirs), "user", json={"body": "hi"}).status_code == 404


def test_support_replies_and_changes_status_in_one_action(api):
    ticket = api.create_ticket()
    path = comments_path(ticket)
    api.patch(f"/api/v1/tickets/{ticket['id']}", "support", json={"status": "in_progress"})
    response = api.post(path, "support", json={"body": "Fixed the driver", "status": "resolved"})
    assert response.status_code == 201
    assert response.json["ticket"]["status"] == "resolved"
    refused = api.post(path, "support", json={"body": "again", "status": "new"})
    assert refused.status_code == 422
    assert len(api.get(path, "support").json["items"]) == 1  # nothing half-written


def test_user_cannot_change_status_through_a_comment(api):
    ticket = api.create_ticket()
    response = api.post(comments_path(ticket), "user", json={"body": "x", "status": "closed"})
    assert response.status_code == 403


def test_comment_validation(api):
    ticket = api.create_ticket()
    path = comments_path(ticket)
    assert api.post(path, "user", json={"body": ""}).status_code == 422
    assert api.post(path, "user", json={"body": "x" * 20_001}).status_code == 422
    assert api.post(path, "user", json={"body": "ok", "author_id": 1}).status_code == 422
    assert api.post(path, "user", json=["body"]).status_code == 422
