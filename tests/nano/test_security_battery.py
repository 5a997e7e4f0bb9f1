"""Nano against the attack classes of shared/SECURITY.md, at the action level (fast).

Only what Nano has a surface for, and only what nano/tests does not test already:

- §1 Stored XSS: in a real browser, every payload in every field for every role, in
  `tests/nano/test_browser_security.py` (not repeated here).
- §2 Broken access control: IDOR through every ticket action and mass assignment on
  create are below. Already tested elsewhere: a foreign ticket by id in the UI
  (`nano/tests/test_ui.py::test_another_users_ticket_by_id_is_not_found`), lists by owner
  (`nano/tests/test_actions.py::test_users_list_only_their_own_tickets_staff_list_all`),
  staff pages for users/support (`test_ui.py::test_a_user_cannot_reach_staff_pages_through_
  session_state`, `::test_support_cannot_reach_user_management`), internal notes hidden
  (`test_ui.py::test_internal_notes_are_hidden_from_the_user`, and the fuzz in
  `nano/tests/test_filter_fuzz.py`).
- §3 Authentication: case variants of one name sharing the lock, and a refused password
  change storing nothing, are below. Already tested: the lock after 5 failures also for
  unknown names (`test_actions.py::test_unknown_accounts_lock_the_same_way`), one message
  for unknown user and wrong password (`test_actions.py::test_login_checks_the_password`,
  `test_ui.py::test_wrong_password_shows_one_message_for_every_case`), the current
  password being required (`test_actions.py::test_password_reset_and_own_change`), other
  sessions ending on a password change (`test_actions.py::test_a_password_change_outdates_
  every_session_version`, `test_ui.py::test_changing_the_own_password_signs_out_the_other_
  sessions_but_not_this_one`). Nano has no tokens, no cookies of its own and no HTTP
  routes of its own (Streamlit's websocket), so JWT, `Cache-Control` and session-fixation
  lines have no surface.
- §4 SQL injection: every payload in the search and in every filter field, for a user and
  for staff, below.
- §5 Files, §6 CSRF/open redirects, §7 CSV: Nano has no attachments, no forms or redirects
  outside Streamlit's own protocol and no export of any kind (no CSV), so no surface.
"""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path
from types import ModuleType

import pytest

from tests.attacks import SQLI_PAYLOADS

NANO_TESTS = Path(__file__).resolve().parents[2] / "nano" / "tests"


def nano_test_module(name: str) -> ModuleType:
    """A module of nano/tests, loaded by path: pytest's importlib mode registers this
    folder (tests/nano) as the top-level `nano`, so `import nano.tests...` cannot work."""
    spec = importlib.util.spec_from_file_location(f"nano_tests_{name}", NANO_TESTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Nano's own fixtures and helpers, reused: a fresh database and the app per test.
nano_fixtures, nano_actions = nano_test_module("conftest"), nano_test_module("test_actions")
nano_env, nano, app = nano_fixtures.nano_env, nano_fixtures.nano, nano_fixtures.app
people, count, stored_ticket = nano_actions.people, nano_actions.count, nano_actions.stored_ticket


@pytest.fixture
def foreign(nano, people):
    """Berta's ticket with one public reply, as the attacker `user` would target it."""
    ticket_id = nano.create_ticket(people["berta"], "Berta ticket", "salary", "bug", "low")
    nano.add_reply(people["support"], ticket_id, "on it")
    return ticket_id


IDOR_ACTIONS = {
    "open": lambda edition, actor, ticket_id: edition.open_ticket(actor, ticket_id),
    "reply": lambda edition, actor, ticket_id: edition.add_reply(actor, ticket_id, "mine now"),
    "internal_note": lambda edition, actor, ticket_id: edition.add_reply(
        actor, ticket_id, "psst", internal=True),
    "status": lambda edition, actor, ticket_id: edition.change_status(actor, ticket_id, "closed"),
    "edit": lambda edition, actor, ticket_id: edition.edit_ticket(
        actor, ticket_id, priority="high", category="feature", assigned_to=actor.id),
    "delete": lambda edition, actor, ticket_id: edition.delete_ticket(actor, ticket_id),
}


@pytest.mark.parametrize("action", IDOR_ACTIONS)
@pytest.mark.parametrize("target", ["foreign", 0, -1, 9_999_999, 2**63, 2**70])
def test_another_users_ticket_by_id_is_not_found_and_unchanged(
        nano, people, foreign, action, target):
    """Would catch an action that loads a ticket by id without the owner check (IDOR):
    the refusal must be the same "not found" as for a missing id, and nothing changes."""
    ticket_id = foreign if target == "foreign" else target
    before = stored_ticket(nano, foreign), count(nano, "comments"), count(nano, "activity")
    with pytest.raises(nano.RuleError) as refused:
        IDOR_ACTIONS[action](nano, people["user"], ticket_id)
    assert refused.value.key == "ticket_not_found"
    assert (stored_ticket(nano, foreign), count(nano, "comments"),
            count(nano, "activity")) == before


def test_a_users_new_ticket_cannot_set_status_assignee_or_creator(nano, people, app):
    """Would catch mass assignment: a create that takes status, assignee or creator from
    the caller (an extra parameter or form field) instead of new / nobody / the caller."""
    accepted = set(inspect.signature(nano.create_ticket).parameters)
    assert accepted == {"actor", "title", "description", "category", "priority"}
    at = app("user")
    at.sidebar.radio(key="page").set_value("new_ticket").run()
    form_keys = {widget.key for kind in ("text_input", "text_area", "selectbox", "radio",
                                         "number_input", "checkbox")
                 for widget in getattr(at, kind) if (widget.key or "").startswith("nt_")}
    assert form_keys == {"nt_title", "nt_description", "nt_category", "nt_priority"}
    ticket = stored_ticket(nano, nano.create_ticket(people["user"], "Mine", "", "bug", "low"))
    assert (ticket["status"], ticket["assigned_to"], ticket["created_by"]) == (
        "new", None, people["user"].id)


@pytest.mark.parametrize("name", ["user", "ghost"])
def test_case_and_space_variants_of_a_name_share_one_lock(nano, name):
    """Would catch a brute-force lock keyed by the name as typed: an attacker cycling
    "User", "USER", " user" would get 5 tries per spelling. Known and unknown names alike."""
    variants = [name.title(), name.upper(), f" {name}", name.swapcase(), name]
    for spelling in variants[:-1]:
        with pytest.raises(nano.RuleError, match="error_login_failed"):
            nano.authenticate(spelling, "wrong-guess", None)
    with pytest.raises(nano.RuleError, match="error_locked"):
        nano.authenticate(variants[-1], "wrong-guess", None)
    if name == "user":
        with pytest.raises(nano.RuleError, match="error_locked"):
            nano.authenticate("user", "user123", None)  # locked even for the right password


def test_a_password_change_with_a_wrong_current_password_changes_nothing(nano, people):
    """Would catch a change that stores the new password (or ends the sessions) before
    checking the current one: the old password still works, the session stays valid."""
    user = people["user"]
    with nano.connect() as db:
        version = nano.get_user(db, user.id)["session_version"]
    with pytest.raises(nano.RuleError, match="error_password_wrong"):
        nano.change_own_password(user, "not-my-password", "taken-over!", "taken-over!")
    assert nano.load_actor(user.id, version) is not None
    assert nano.authenticate("user", "user123", None).id == user.id
    with pytest.raises(nano.RuleError, match="error_login_failed"):
        nano.authenticate("user", "taken-over!", None)


FILTER_FIELDS = ("status", "priority", "category", "assignee", "search", "sort")


@pytest.mark.parametrize("payload", SQLI_PAYLOADS)
@pytest.mark.parametrize("field", FILTER_FIELDS)
def test_sql_injection_in_search_and_every_filter(nano, people, foreign, field, payload):
    """Would catch a filter or sort value reaching the SQL text: an exception (syntax
    error), extra rows (`' OR 1=1--` widening a user's list to foreign tickets), a code
    filter matching anything, or a dropped table."""
    nano.create_ticket(people["user"], "Harmless", "", "bug", "low")
    wanted = nano.TicketFilter(**{field: payload})
    for actor in (people["user"], people["support"]):
        with nano.connect() as db:
            baseline = nano.list_tickets(db, actor, nano.TicketFilter(), 1)
            rows, total = nano.list_tickets(db, actor, wanted, 1)
        assert {row["id"] for row in rows} <= {row["id"] for row in baseline[0]}
        assert total <= baseline[1]
        if field in ("status", "priority", "category"):
            assert (rows, total) == ([], 0)
        if field == "search" and payload != "\x00":  # a NUL ends SQLite's LIKE (reported)
            assert (rows, total) == ([], 0)
        if field == "sort":  # not in the allow-list: the default order
            assert rows == baseline[0]
    assert count(nano, "tickets") == 2
