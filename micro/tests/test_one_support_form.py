"""One support form (issue #13.7): reply, status, priority, category and assignee in one
submission, a status change alone allowed, and taking an unassigned ticket "in progress"
makes the taker its assignee — which the conversation shows like any other change."""

from __future__ import annotations


def ticket_row(db, ticket_id):
    return db.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()


def changes(db, ticket_id) -> list[tuple]:
    return [tuple(row) for row in db.execute(
        "SELECT field, old_value, new_value FROM ticket_changes WHERE ticket_id = ? "
        "ORDER BY id", (ticket_id,))]


def as_support(make_ticket, auth) -> int:
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("support")
    return ticket_id


def test_every_field_and_a_reply_in_one_submission(make_ticket, auth, post, db, user_id):
    ticket_id = as_support(make_ticket, auth)
    admin = user_id("admin")
    response = post(f"/tickets/{ticket_id}/update", {
        "body": "Ich übergebe an die Administration.", "status": "in_progress",
        "priority": "high", "category": "support", "assigned_to": str(admin)})
    assert response.status_code == 302
    row = ticket_row(db, ticket_id)
    assert (row["status"], row["priority"], row["category"], row["assigned_to"]) == \
        ("in_progress", "high", "support", admin)  # the named assignee, not the taker
    assert changes(db, ticket_id) == [
        ("status", "new", "in_progress"), ("priority", "medium", "high"),
        ("category", "bug", "support"), ("assigned_to", None, str(admin))]
    assert db.execute("SELECT body FROM comments").fetchone()[0] == \
        "Ich übergebe an die Administration."


def test_taking_an_unassigned_ticket_in_progress_assigns_the_taker(
        make_ticket, auth, post, client, db, user_id):
    ticket_id = as_support(make_ticket, auth)
    # The form as the browser sends it: the status changed, the assignee menu on "nobody",
    # and no reply (a status change alone is allowed).
    response = post(f"/tickets/{ticket_id}/update", {
        "body": "", "status": "in_progress", "priority": "medium", "category": "bug",
        "assigned_to": ""})
    assert response.status_code == 302
    assert ticket_row(db, ticket_id)["assigned_to"] == user_id("support")
    assert changes(db, ticket_id) == [("status", "new", "in_progress"),
                                      ("assigned_to", None, str(user_id("support")))]
    assert db.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    auth.logout()
    auth.login("user")  # the reporter's conversation shows who took it
    page = client.get(f"/tickets/{ticket_id}").get_data(as_text=True)
    assert "Assigned to: — → support" in " ".join(page.split())


def test_an_assigned_ticket_keeps_its_assignee_when_taken_in_progress(
        make_ticket, auth, post, db, user_id):
    ticket_id = as_support(make_ticket, auth)
    admin = str(user_id("admin"))
    post(f"/tickets/{ticket_id}/update", {"assigned_to": admin})
    post(f"/tickets/{ticket_id}/update", {"status": "in_progress", "assigned_to": admin})
    assert ticket_row(db, ticket_id)["assigned_to"] == int(admin)


def test_a_reporter_reopening_is_not_assigned(make_ticket, auth, post, db):
    ticket_id = as_support(make_ticket, auth)
    post(f"/tickets/{ticket_id}/update", {"status": "in_progress", "assigned_to": ""})
    post(f"/tickets/{ticket_id}/update", {"status": "resolved", "assigned_to": ""})
    post(f"/tickets/{ticket_id}/update", {"assigned_to": ""})  # support hands it back
    auth.logout()
    auth.login("user")
    post(f"/tickets/{ticket_id}/update", {"status": "in_progress", "body": "Geht nicht"})
    assert ticket_row(db, ticket_id)["assigned_to"] is None
