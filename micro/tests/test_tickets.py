"""Tickets through the routes: creating, access by ID, the workflow, replies and notes."""

import pytest


def ticket_row(db, ticket_id):
    return db.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()


def test_a_user_creates_a_ticket_and_sees_it(make_ticket, client, db, user_id):
    ticket_id = make_ticket("user", "Drucker kaputt", description="Im 2. Stock")
    row = ticket_row(db, ticket_id)
    assert (row["status"], row["created_by"], row["assigned_to"]) == ("new", user_id("user"),
                                                                     None)
    page = client.get(f"/tickets/{ticket_id}").get_data(as_text=True)
    assert f"Ticket #{ticket_id} was created." in page
    assert "Drucker kaputt" in page and "Im 2. Stock" in page


@pytest.mark.parametrize(("form", "message"), [
    ({"title": "   "}, "Please enter a title."),
    ({"title": "x" * 201}, "The title is too long"),
    ({"description": "x" * 20_001}, "The description is too long"),
    ({"category": "hardware"}, "Choose one of the listed values."),
    ({"priority": "urgent"}, "Choose one of the listed values."),
])
def test_bad_ticket_input_is_refused_with_a_message(auth, post, db, form, message):
    auth.login("user")
    response = post("/tickets/new", {"title": "ok", "description": "", "category": "bug",
                                     "priority": "low", **form})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0


@pytest.mark.parametrize("url", ["/tickets/abc", "/tickets/-1", "/tickets/0",
                                 "/tickets/1.5", "/tickets/99999999999999999999999",
                                 "/tickets/9223372036854775807", "/tickets/1%27%20OR%201=1"])
def test_malformed_or_unknown_ids_give_a_clear_404(auth, client, url):
    auth.login("support")
    response = client.get(url)
    assert response.status_code == 404
    assert "This page does not exist" in response.get_data(as_text=True)


def test_support_replies_and_sets_in_progress_in_one_action(make_ticket, auth, post, client,
                                                            db):
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("support")
    response = post(f"/tickets/{ticket_id}/update",
                    {"body": "Bitte Netzwerkkabel prüfen", "status": "in_progress"})
    assert response.status_code == 302
    row = ticket_row(db, ticket_id)
    assert row["status"] == "in_progress"
    comment = db.execute("SELECT body, internal FROM comments").fetchone()
    assert tuple(comment) == ("Bitte Netzwerkkabel prüfen", 0)
    change = db.execute("SELECT field, old_value, new_value FROM ticket_changes").fetchone()
    assert tuple(change) == ("status", "new", "in_progress")
    page = client.get(f"/tickets/{ticket_id}").get_data(as_text=True)
    assert "Bitte Netzwerkkabel prüfen" in page and "Saved." in page


def test_the_whole_workflow_with_the_creator_confirming(make_ticket, auth, post, db):
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("support")
    for status in ("in_progress", "resolved"):
        assert post(f"/tickets/{ticket_id}/update", {"status": status}).status_code == 302
    assert ticket_row(db, ticket_id)["resolved_at"] is not None
    auth.logout()
    auth.login("user")
    assert post(f"/tickets/{ticket_id}/update", {"status": "in_progress",
                                                 "body": "Geht immer noch nicht"}
                ).status_code == 302
    assert ticket_row(db, ticket_id)["resolved_at"] is None
    auth.logout()
    auth.login("support")
    post(f"/tickets/{ticket_id}/update", {"status": "resolved"})
    auth.logout()
    auth.login("user")
    post(f"/tickets/{ticket_id}/update", {"status": "closed"})
    row = ticket_row(db, ticket_id)
    assert row["status"] == "closed" and row["resolved_at"] is not None
    auth.logout()
    auth.login("admin")
    assert post(f"/tickets/{ticket_id}/update", {"status": "in_progress"}).status_code == 302
    assert ticket_row(db, ticket_id)["status"] == "in_progress"


@pytest.mark.parametrize(("who", "start", "target"), [
    ("support", "new", "resolved"), ("support", "new", "closed"), ("support", "new", "new2"),
    ("user", "new", "in_progress"), ("user", "in_progress", "resolved"),
    ("user", "closed", "in_progress"), ("support", "in_progress", "closed"),
])
def test_forbidden_transitions_are_refused_and_change_nothing(make_ticket, auth, post, db,
                                                              who, start, target):
    ticket_id = make_ticket("user")
    db.execute("UPDATE tickets SET status = ? WHERE id = ?", (start, ticket_id))
    auth.logout()
    auth.login(who)
    response = post(f"/tickets/{ticket_id}/update", {"status": target, "body": "text"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "This status change is not allowed." in text or "Choose one of the listed" in text
    assert ticket_row(db, ticket_id)["status"] == start
    assert db.execute("SELECT count(*) FROM comments").fetchone()[0] == 0


def test_support_changes_priority_category_and_assignee(make_ticket, auth, post, db, client,
                                                        user_id):
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("support")
    support = user_id("support")
    post(f"/tickets/{ticket_id}/update", {"priority": "high", "category": "feature",
                                          "assigned_to": str(support)})
    row = ticket_row(db, ticket_id)
    assert (row["priority"], row["category"], row["assigned_to"]) == ("high", "feature",
                                                                     support)
    page = client.get(f"/tickets/{ticket_id}").get_data(as_text=True)
    assert "— → support" in page
    post(f"/tickets/{ticket_id}/update", {"assigned_to": ""})
    assert ticket_row(db, ticket_id)["assigned_to"] is None


@pytest.mark.parametrize(("form", "field"), [
    ({"priority": "urgent"}, "priority"), ({"category": "x"}, "category"),
    ({"assigned_to": "USER"}, "assigned_to"),  # only support and admin accounts
    ({"assigned_to": "abc"}, "assigned_to"), ({"assigned_to": "99"}, "assigned_to"),
    ({"body": "x" * 20_001}, "body"),
])
def test_bad_field_values_are_refused(make_ticket, auth, post, db, user_id, form, field):
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("support")
    if form.get("assigned_to") == "USER":
        form = {"assigned_to": str(user_id("user"))}
    before = dict(ticket_row(db, ticket_id))
    response = post(f"/tickets/{ticket_id}/update", form)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert dict(ticket_row(db, ticket_id)) == before


def test_an_empty_update_says_nothing_to_save(make_ticket, post, client):
    ticket_id = make_ticket("user")
    response = post(f"/tickets/{ticket_id}/update", {"body": "  "})
    assert response.status_code == 302
    assert "Nothing to save" in client.get(f"/tickets/{ticket_id}").get_data(as_text=True)


def test_admin_deletes_a_ticket_after_confirmation(make_ticket, auth, post, client, db):
    ticket_id = make_ticket("user")
    post(f"/tickets/{ticket_id}/update", {"body": "a comment"})
    auth.logout()
    auth.login("support")
    assert client.get(f"/tickets/{ticket_id}/delete").status_code == 403
    assert post(f"/tickets/{ticket_id}/delete").status_code == 403
    auth.logout()
    auth.login("admin")
    page = client.get(f"/tickets/{ticket_id}/delete").get_data(as_text=True)
    assert "Delete ticket #" in page
    assert post(f"/tickets/{ticket_id}/delete").status_code == 302
    assert ticket_row(db, ticket_id) is None
    assert db.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM tickets_fts").fetchone()[0] == 0
