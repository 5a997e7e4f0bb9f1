from __future__ import annotations

from dataclasses import dataclass

import pytest

from helpdesk import domain


@dataclass
class Person:
    id: int
    role: str


@dataclass
class Ticket:
    created_by: int
    status: str


USER, OTHER, SUPPORT, ADMIN = Person(1, "user"), Person(2, "user"), Person(3, "support"), Person(
    4, "admin")


def test_codes_are_those_of_the_specification():
    assert domain.ROLES == ("user", "support", "admin")
    assert domain.CATEGORIES == ("bug", "feature", "support")
    assert domain.PRIORITIES == ("low", "medium", "high")
    assert domain.STATUSES == ("new", "in_progress", "resolved", "closed")


def test_every_step_of_the_workflow_for_every_kind_of_person():
    ticket_steps = [(a, b) for a in domain.STATUSES for b in domain.STATUSES if a != b]
    for old, new in ticket_steps:
        ticket = Ticket(created_by=USER.id, status=old)
        assert domain.may_transition(SUPPORT, ticket, new) == ((old, new) in
                                                               domain.STAFF_TRANSITIONS)
        assert domain.may_transition(USER, ticket, new) == ((old, new) in
                                                            domain.CREATOR_TRANSITIONS)
        assert domain.may_transition(OTHER, ticket, new) is False


@pytest.mark.parametrize("action,user,other,support,admin", [
    ("view_ticket", True, False, True, True), ("comment", True, False, True, True),
    ("view_internal", False, False, True, True), ("delete_ticket", False, False, False, True),
    ("manage_users", False, False, False, True), ("view_audit", False, False, False, True),
    ("view_dashboard", False, False, True, True), ("view_all_tickets", False, False, True, True),
    ("triage_ticket", False, False, True, True), ("edit_ticket", True, False, True, True),
])
def test_can(action, user, other, support, admin):
    ticket = Ticket(created_by=USER.id, status="new")
    assert [domain.can(p, action, ticket) for p in (USER, OTHER, SUPPORT, ADMIN)] == [
        user, other, support, admin]


def test_editable_fields():
    ticket = Ticket(created_by=USER.id, status="new")
    assert domain.editable_fields(USER, ticket) == domain.CREATOR_FIELDS
    assert domain.editable_fields(OTHER, ticket) == frozenset()
    assert "assigned_to" in domain.editable_fields(SUPPORT, ticket)


def test_password_rules():
    assert domain.password_problem("short", "bob")
    assert domain.password_problem("Bobbobbob", "bobbobbob")
    assert domain.password_problem("a-good-one", "bob") is None


def test_an_unknown_action_raises():
    with pytest.raises(ValueError, match="unknown action"):
        domain.can(ADMIN, "fly")
