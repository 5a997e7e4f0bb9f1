"""Property-based fuzz of Nano's ticket list query: `filter_clause` and `list_tickets`.

Hypothesis draws every field of a `TicketFilter`, the page number and the actor's role
from text full of SQL metacharacters, LIKE wildcards, Unicode digits and NUL bytes, and
from huge and negative integers. Whatever it draws, the list must not fail with anything
but Nano's own validation error, a `user` must never see someone else's ticket, and the
text of an internal note must never make a ticket show up in a user's search.

Ids and page numbers go beyond SQLite's 64-bit integer range, and assignee texts include
those that `str.isdigit()` accepts but `int()` does not (superscripts such as "²"): both
once made `filter_clause` raise OverflowError / ValueError.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nano.tests.test_actions import actor_for
from tests.attacks import SQLI_PAYLOADS

SQLITE_MAX = 2**63 - 1
NOTE_TEXT = "zqx-internal 'OR 1=1-- %_\\ ²٣ only-staff"
ODD_CHARACTERS = "'\"%_\\;-()|=*²٣\x00 \t\n"

FUZZ = settings(max_examples=150, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

nasty_text = st.one_of(
    st.sampled_from([*SQLI_PAYLOADS, "²", "٣", "1²", "' OR 1=1--", NOTE_TEXT]),
    st.text(alphabet=st.sampled_from(ODD_CHARACTERS + "abcXYZ019"), max_size=30),
    st.text(max_size=30),
)
codes = st.one_of(st.sampled_from(["", "new", "in_progress", "resolved", "closed", "low",
                                   "high", "bug", "feature", "support", "updated",
                                   "created", "priority"]), nasty_text)
ids = st.integers(min_value=-4 * SQLITE_MAX, max_value=4 * SQLITE_MAX)
assignees = st.one_of(st.sampled_from(["", "me", "none", "²", "1²", str(2**64)]),
                      ids.map(str), nasty_text)
filters = st.fixed_dictionaries({  # the fields of a TicketFilter
    "status": codes, "priority": codes, "category": codes, "assignee": assignees,
    "creator": st.one_of(st.none(), ids), "search": nasty_text, "sort": codes,
})


# Non-blank slices of the internal note's text: the searches that would find it.
note_needles = st.tuples(st.integers(0, len(NOTE_TEXT) - 1), st.integers(1, len(NOTE_TEXT))) \
    .map(lambda bounds: NOTE_TEXT[bounds[0]:bounds[0] + bounds[1]]) \
    .filter(lambda needle: needle.strip() != "")


@pytest.fixture
def world(nano):
    """Two users' tickets, one holding an internal note; staff sees them all."""
    berta_id = nano.register_user("berta", "berta@example.com", "user", "berta-secret")
    user, support = actor_for(nano, "user"), actor_for(nano, "support")
    berta = nano.Actor(berta_id, "berta", "user")
    own = nano.create_ticket(user, "Mine", "", "bug", "low")
    holder = nano.create_ticket(user, "Plain", "", "feature", "high")
    nano.add_reply(support, holder, NOTE_TEXT, internal=True)
    foreign = [nano.create_ticket(berta, text[:200] or "x", text, "support", "medium")
               for text in [*SQLI_PAYLOADS, NOTE_TEXT, "Mine Plain"]]
    with nano.connect() as db:
        everything = {row["id"] for row in
                      nano.list_tickets(db, support, nano.TicketFilter(), 1)[0]}
    # The ownership property below can only fail if foreign rows exist to leak.
    assert set(foreign) <= everything and {own, holder} <= everything
    return {"user": user, "support": support, "berta": berta, "holder": holder,
            "holder_text": "Plain", "all": everything}


def listed(nano, actor, wanted, page=1) -> tuple[list[dict], int]:
    with nano.connect() as db:
        try:
            return nano.list_tickets(db, actor, wanted, page)
        except (nano.RuleError, nano.FormErrors):
            return [], 0  # Nano's own clear refusal is an acceptable answer


@FUZZ
@given(fields=filters, page=st.integers(-4 * SQLITE_MAX, 4 * SQLITE_MAX),
       role=st.sampled_from(["user", "berta", "support"]))
def test_any_filter_lists_without_failing_and_users_only_see_their_own(
        nano, world, fields, page, role):
    """Catches: a filter value reaching the SQL text (syntax error, OR 1=1 rows), an
    unescaped LIKE wildcard, a crash on odd input, and a user seeing foreign rows."""
    actor = world[role]
    wanted = nano.TicketFilter(**fields)
    rows, total = listed(nano, actor, wanted, page)
    assert len(rows) <= min(total, nano.PAGE_SIZE)
    assert {row["id"] for row in rows} <= world["all"]  # no invented rows
    if not actor.is_staff:
        assert {row["created_by"] for row in rows} <= {actor.id}
    with nano.connect() as db:
        assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == len(world["all"])


@FUZZ
@given(needle=note_needles, role=st.sampled_from(["user", "support"]))
def test_internal_note_text_never_matches_a_users_search(nano, world, needle, role):
    """Catches: the search's comment branch forgetting `internal = 0` for users. Staff
    must find the note (shows the property is not vacuous)."""
    wanted = nano.TicketFilter(search=needle)
    found = {row["id"] for row in listed(nano, world[role], wanted)[0]}
    if world[role].is_staff:
        assert world["holder"] in found
    elif needle.strip().lower() not in world["holder_text"].lower():
        assert world["holder"] not in found


@FUZZ
@given(fields=filters)
def test_filters_never_widen_the_staff_list(nano, world, fields):
    """Catches: a value like "1) OR (1=1" or "%" widening a filter, e.g. a status filter
    with an unknown code returning tickets instead of none."""
    wanted = nano.TicketFilter(**fields)
    rows, total = listed(nano, world["support"], wanted)
    known = {"status": nano.STATUSES, "priority": nano.PRIORITIES,
             "category": nano.CATEGORIES}
    if any(fields[name] and fields[name] not in allowed for name, allowed in known.items()):
        assert (rows, total) == ([], 0)
    unfiltered = listed(nano, world["support"], nano.TicketFilter(sort=fields["sort"]))[1]
    assert total <= unfiltered
