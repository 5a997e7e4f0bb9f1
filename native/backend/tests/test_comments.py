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


def add_comments(sql, ticket_id: int, count: int, author_id: int = 2,
                 internal_every: int = 0) -> None:
    """`count` comments straight into the table, one second apart, oldest first."""
    sql("INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
        "SELECT :ticket, :author, 'Reply ' || n, :every > 0 AND n % GREATEST(:every, 1) = 0, "
        "now() - make_interval(secs => :count - n) FROM generate_series(1, :count) AS n",
        ticket=ticket_id, author=author_id, count=count, every=internal_every)


def test_thread_comes_in_pages_newest_first_with_a_cursor_to_older_ones(api, sql):
    """Catches a thread of 10,000 replies sent whole in one answer (#17.3)."""
    ticket = api.create_ticket()
    add_comments(sql, ticket["id"], 120)
    newest = api.get(comments_path(ticket), "user").json
    assert [c["body"] for c in newest["items"]] == [f"Reply {n}" for n in range(71, 121)]
    assert newest["older"] == newest["items"][0]["id"]
    middle = api.get(comments_path(ticket), "user",
                     query_string={"before": newest["older"]}).json
    assert [c["body"] for c in middle["items"]] == [f"Reply {n}" for n in range(21, 71)]
    oldest = api.get(comments_path(ticket), "user",
                     query_string={"before": middle["older"], "limit": 50}).json
    assert [c["body"] for c in oldest["items"]] == [f"Reply {n}" for n in range(1, 21)]
    assert oldest["older"] is None
    small = api.get(comments_path(ticket), "user", query_string={"limit": 3}).json
    assert [c["body"] for c in small["items"]] == ["Reply 118", "Reply 119", "Reply 120"]


def test_pages_leave_out_internal_notes_for_the_user_but_stay_full(api, sql):
    ticket = api.create_ticket()
    add_comments(sql, ticket["id"], 30, author_id=2, internal_every=3)
    page = api.get(comments_path(ticket), "user", query_string={"limit": 10}).json
    assert len(page["items"]) == 10
    assert not any(c["internal"] for c in page["items"])
    staff = api.get(comments_path(ticket), "support", query_string={"limit": 30}).json
    assert sum(c["internal"] for c in staff["items"]) == 10


def test_thread_paging_parameters_are_validated(api, sql):
    ticket = api.create_ticket()
    other = api.create_ticket()
    add_comments(sql, other["id"], 2)
    foreign = api.get(comments_path(other), "user").json["items"][0]["id"]
    path = comments_path(ticket)
    for query in ({"limit": 0}, {"limit": 101}, {"limit": "٣"}, {"before": 0},
                  {"before": "2147483648"}, {"before": "x"}, {"after": 1}):
        response = api.get(path, "user", query_string=query)
        assert response.status_code == 422, query
    # A cursor of another ticket's comment gives nothing of that ticket.
    assert api.get(path, "user", query_string={"before": foreign}).json == {
        "items": [], "older": None}
