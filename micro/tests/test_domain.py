"""The pure rules, without Flask or a database."""

import pytest

from micro.domain import (
    Actor,
    DomainError,
    TicketFilter,
    allowed_transitions,
    can,
    deactivation_allowed,
    notification_audience,
    page_number,
    parse_filters,
    role_change_allowed,
    search_expression,
    validate_comment,
    validate_email,
    validate_password,
    validate_ticket,
    validate_username,
)

USER = Actor(1, "user")
OTHER = Actor(2, "user")
SUPPORT = Actor(3, "support")
ADMIN = Actor(4, "admin")


def ticket(status="new", created_by=1):
    return {"status": status, "created_by": created_by}


@pytest.mark.parametrize(("status", "expected"), [
    ("new", ["in_progress"]), ("in_progress", ["resolved"]),
    ("resolved", ["in_progress", "closed"]), ("closed", ["in_progress"]),
])
def test_support_follows_the_workflow(status, expected):
    assert allowed_transitions(SUPPORT, ticket(status)) == expected


@pytest.mark.parametrize(("status", "expected"), [
    ("new", []), ("in_progress", []), ("resolved", ["in_progress", "closed"]), ("closed", []),
])
def test_the_creator_may_only_confirm_or_reopen_a_resolved_ticket(status, expected):
    assert allowed_transitions(USER, ticket(status)) == expected


def test_a_stranger_has_no_transitions_and_cannot_see_the_ticket():
    assert allowed_transitions(OTHER, ticket("resolved")) == []
    assert not can(OTHER, "view_ticket", ticket())
    assert not can(OTHER, "comment", ticket())


def test_users_see_only_their_own_tickets_and_staff_see_all():
    assert can(USER, "view_ticket", ticket()) and not can(USER, "view_all_tickets")
    assert can(SUPPORT, "view_ticket", ticket(created_by=99)) and can(SUPPORT, "view_all_tickets")
    assert can(ADMIN, "view_all_tickets")


def test_staff_only_and_admin_only_actions():
    for action in ("view_internal", "write_internal", "triage_ticket", "view_dashboard"):
        assert not can(USER, action, ticket())
        assert can(SUPPORT, action, ticket())
    assert not can(SUPPORT, "delete_ticket", ticket()) and can(ADMIN, "delete_ticket", ticket())
    assert not can(SUPPORT, "manage_users") and can(ADMIN, "manage_users")
    assert can(USER, "create_ticket")


def test_unknown_actions_and_missing_tickets_are_programming_errors():
    with pytest.raises(ValueError, match="unknown action"):
        can(USER, "fly", ticket())
    with pytest.raises(ValueError, match="needs a ticket"):
        can(USER, "view_ticket")


def test_ticket_validation_trims_and_checks_every_field():
    clean = validate_ticket({"title": "  Drucker  ", "description": " x\r\ny ",
                             "category": "bug", "priority": "low"})
    assert clean == {"title": "Drucker", "description": "x\ny", "category": "bug",
                     "priority": "low"}
    bad = [({"title": " "}, "title"), ({"title": "x" * 201}, "title"),
           ({"title": "t", "description": "x" * 20_001}, "description"),
           ({"title": "t", "category": "hardware", "priority": "low"}, "category"),
           ({"title": "t", "category": "bug", "priority": "urgent"}, "priority")]
    for form, field in bad:
        with pytest.raises(DomainError) as error:
            validate_ticket(form)
        assert error.value.field == field


def test_comment_username_email_and_password_rules():
    assert validate_comment("  hi ", required=True) == "hi"
    assert validate_comment("", required=False) == ""
    for value, required in (("", True), ("x" * 20_001, False)):
        with pytest.raises(DomainError):
            validate_comment(value, required)
    assert validate_username(" anna ") == "anna"
    assert validate_username("first.last@corp") == "first.last@corp"
    for name in ("", "ab", "x" * 65, "an na", "ümlaut", "<b>"):
        with pytest.raises(DomainError):
            validate_username(name)
    assert validate_email(" a@b.de ") == "a@b.de"
    for email in ("", "no-at", "a@b", "a b@c.de", "<a>@b.de", "x" * 245 + "@example.com"):
        with pytest.raises(DomainError):
            validate_email(email)
    assert validate_password("longenough", "anna") == "longenough"
    assert validate_password("x" * 256, "anna") == "x" * 256
    for password in ("short", "AnnaAnna", "x" * 257):
        with pytest.raises(DomainError):
            validate_password(password, "annaanna")


def test_the_last_active_admin_is_protected():
    assert not role_change_allowed("admin", True, "support", active_admins=1)
    assert role_change_allowed("admin", True, "support", active_admins=2)
    assert role_change_allowed("admin", True, "admin", active_admins=1)
    assert role_change_allowed("user", True, "support", active_admins=1)
    assert not deactivation_allowed("admin", True, active_admins=1)
    assert deactivation_allowed("admin", False, active_admins=1)
    assert deactivation_allowed("admin", True, active_admins=2)


def test_search_quotes_every_word_and_hides_internal_notes_from_users():
    assert search_expression('drucker" OR title:*', include_internal=False) == \
        '{title description replies} : ("drucker" "OR" "title"*)'
    assert "notes" in search_expression("x", include_internal=True)
    assert search_expression("'; -- ", include_internal=True) == ""


def test_filters_keep_valid_values_and_name_the_rest():
    filters, invalid = parse_filters(
        {"status": "new", "priority": "urgent", "category": "bug", "sort": "title; DROP",
         "assignee": "me", "creator": "1 OR 1=1", "q": " drucker ", "unread": "1"},
        actor=SUPPORT)
    assert (filters.status, filters.priority, filters.category) == ("new", "", "bug")
    assert filters.assignee == SUPPORT.id and filters.sort == "updated"
    assert filters.q == "drucker" and filters.unread
    assert sorted(invalid) == ["creator", "priority", "sort"]
    assert parse_filters({"assignee": "none", "creator": "7"}, actor=USER)[0].unassigned
    assert parse_filters({"assignee": "5"}, actor=USER)[0].assignee == 5
    assert parse_filters({"assignee": "x"}, actor=USER)[1] == ["assignee"]
    assert not TicketFilter().unread


@pytest.mark.parametrize(("value", "expected"), [
    ("3", 3), ("0", 1), ("-1", 1), ("abc", 1), ("99999999999999999999", 1), ("500", 10),
    (None, 1),
])
def test_page_numbers_are_clamped(value, expected):
    assert page_number(value, 10) == expected


def test_who_hears_about_activity():
    staff = [3, 4]
    # A new ticket or a user's comment on an unassigned ticket reaches all staff.
    assert notification_audience(actor=USER, creator_id=1, assignee_id=None, staff_ids=staff,
                                 internal=False) == {3, 4}
    # With an assignee, only the assignee (and never the actor).
    assert notification_audience(actor=USER, creator_id=1, assignee_id=3, staff_ids=staff,
                                 internal=False) == {3}
    # Support's public reply reaches the creator; an internal note never does.
    assert notification_audience(actor=SUPPORT, creator_id=1, assignee_id=3,
                                 staff_ids=staff, internal=False) == {1}
    assert notification_audience(actor=SUPPORT, creator_id=1, assignee_id=4,
                                 staff_ids=staff, internal=True) == {4}
