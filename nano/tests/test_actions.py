"""Nano's data and action layer: every write is one transaction behind the rules."""

import sqlite3
import threading

import pytest


def actor_for(nano, username):
    with nano.connect() as db:
        user = nano.find_user(db, username)
    return nano.Actor(user["id"], user["username"], user["role"])


@pytest.fixture
def people(nano):
    user_b = nano.register_user("berta", "berta@example.com", "user", "berta-secret")
    return {
        "admin": actor_for(nano, "admin"),
        "support": actor_for(nano, "support"),
        "user": actor_for(nano, "user"),
        "berta": nano.Actor(user_b, "berta", "user"),
    }


def stored_ticket(nano, ticket_id):
    with nano.connect() as db:
        return nano.get_ticket(db, ticket_id)


def count(nano, table):
    with nano.connect() as db:
        return db.execute("SELECT COUNT(*) FROM " + table).fetchone()[0]  # noqa: S608


def test_first_start_creates_the_three_demo_accounts(nano):
    with nano.connect() as db:
        users = {row["username"]: row["role"] for row in nano.list_users(db)}
        assert nano.default_password_accounts(db) == ["admin", "support", "user"]
    assert users == {"admin": "admin", "support": "support", "user": "user"}


def test_demo_accounts_can_be_switched_off(nano, nano_env, monkeypatch, tmp_path):
    monkeypatch.setattr(nano, "CREATE_DEMO_ACCOUNTS", False)
    other = tmp_path / "empty.db"
    nano.init_db(other)
    with nano.connect(other) as db:
        assert nano.count_users(db) == 0


def test_the_database_uses_wal_and_foreign_keys(nano, nano_env):
    with nano.connect() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_new_ticket_starts_as_new_and_belongs_to_its_creator(nano, people):
    ticket_id = nano.create_ticket(people["user"], " Drucker kaputt ", "Seite 2", "bug", "high")
    ticket = stored_ticket(nano, ticket_id)
    assert (ticket["title"], ticket["status"], ticket["created_by"]) == (
        "Drucker kaputt", "new", people["user"].id)
    assert ticket["last_updated_by"] == people["user"].id
    assert ticket["created_at"].endswith("+00:00")  # stored in UTC


def test_an_invalid_ticket_stores_nothing(nano, people):
    with pytest.raises(nano.FormErrors):
        nano.create_ticket(people["user"], "", "", "bug", "high")
    with pytest.raises(nano.FormErrors):
        nano.create_ticket(people["user"], "x" * 201, "", "bug", "high")
    assert count(nano, "tickets") == 0


def test_users_list_only_their_own_tickets_staff_list_all(nano, people):
    own = nano.create_ticket(people["user"], "Mine", "", "bug", "low")
    nano.create_ticket(people["berta"], "Berta's", "", "bug", "low")
    with nano.connect() as db:
        mine, total = nano.list_tickets(db, people["user"], nano.TicketFilter(), 1)
        everything, all_total = nano.list_tickets(db, people["support"], nano.TicketFilter(), 1)
    assert [t["id"] for t in mine] == [own] and total == 1
    assert all_total == 2 and len(everything) == 2


def test_another_users_ticket_is_not_found(nano, people):
    foreign = nano.create_ticket(people["berta"], "Berta's", "secret", "bug", "low")
    for action in (
        lambda: nano.open_ticket(people["user"], foreign),
        lambda: nano.add_reply(people["user"], foreign, "hello"),
        lambda: nano.change_status(people["user"], foreign, "closed"),
        lambda: nano.open_ticket(people["user"], 9999),
    ):
        with pytest.raises(nano.RuleError) as refused:
            action()
        assert refused.value.key == "ticket_not_found"
    assert count(nano, "comments") == 0


def test_filters_combine(nano, people):
    support = people["support"]
    first = nano.create_ticket(people["user"], "VPN", "", "bug", "high")
    second = nano.create_ticket(people["berta"], "Mouse", "", "feature", "low")
    third = nano.create_ticket(people["user"], "Laptop", "", "support", "high")
    nano.change_status(support, first, "in_progress")
    nano.edit_ticket(support, second, priority="low", category="feature", assigned_to=support.id)
    cases = {
        nano.TicketFilter(status="in_progress"): [first],
        nano.TicketFilter(priority="high"): [third, first],
        nano.TicketFilter(category="feature"): [second],
        # Taking the first ticket in progress assigned it to support.
        nano.TicketFilter(assignee="me"): [second, first],
        nano.TicketFilter(assignee="none"): [third],
        nano.TicketFilter(assignee=str(support.id)): [second, first],
        nano.TicketFilter(creator=people["berta"].id): [second],
        nano.TicketFilter(priority="high", status="new"): [third],
    }
    with nano.connect() as db:
        for wanted, expected in cases.items():
            found = [t["id"] for t in nano.list_tickets(db, support, wanted, 1)[0]]
            assert sorted(found) == sorted(expected), wanted


def test_sorting_by_created_updated_and_priority(nano, people):
    low = nano.create_ticket(people["user"], "low", "", "bug", "low")
    high = nano.create_ticket(people["user"], "high", "", "bug", "high")
    medium = nano.create_ticket(people["user"], "medium", "", "bug", "medium")
    nano.add_reply(people["support"], low, "touch")  # now the most recently updated
    with nano.connect() as db:
        def order(sort):
            wanted = nano.TicketFilter(sort=sort)
            return [t["id"] for t in nano.list_tickets(db, people["support"], wanted, 1)[0]]
        assert order("created") == [medium, high, low]
        assert order("updated") == [low, medium, high]
        assert order("priority") == [high, medium, low]
        assert order("'; DROP TABLE tickets; --") == order("updated")  # not in the allow-list


def test_search_covers_title_description_and_visible_comments(nano, people):
    by_title = nano.create_ticket(people["user"], "Drucker kaputt", "", "bug", "low")
    by_text = nano.create_ticket(people["user"], "Other", "the Drucker jams", "bug", "low")
    by_comment = nano.create_ticket(people["user"], "Third", "", "bug", "low")
    by_note = nano.create_ticket(people["user"], "Fourth", "", "bug", "low")
    nano.add_reply(people["support"], by_comment, "Check the drucker cable")
    nano.add_reply(people["support"], by_note, "drucker is ours", internal=True)
    wanted = nano.TicketFilter(search="drucker")
    with nano.connect() as db:
        for_user = {t["id"] for t in nano.list_tickets(db, people["user"], wanted, 1)[0]}
        for_staff = {t["id"] for t in nano.list_tickets(db, people["support"], wanted, 1)[0]}
    assert for_user == {by_title, by_text, by_comment}  # an internal note never leaks
    assert for_staff == {by_title, by_text, by_comment, by_note}


@pytest.mark.parametrize("text", [
    "'", "' OR 1=1--", "1) OR (1=1", "'||pg_sleep(5)--", "title;DROP TABLE tickets", "%", "_",
    "\\",
])
def test_sql_metacharacters_in_search_are_plain_text(nano, people, text):
    nano.create_ticket(people["user"], "Harmless", "", "bug", "low")
    with nano.connect() as db:
        rows, total = nano.list_tickets(db, people["support"], nano.TicketFilter(search=text), 1)
    assert (rows, total) == ([], 0)
    assert count(nano, "tickets") == 1


def test_sql_metacharacters_in_filters_match_nothing(nano, people):
    nano.create_ticket(people["user"], "Harmless", "", "bug", "low")
    wanted = nano.TicketFilter(status="new' OR 1=1--", priority="1) OR (1=1",
                               assignee="1 OR 1=1")
    with nano.connect() as db:
        assert nano.list_tickets(db, people["support"], wanted, 1) == ([], 0)


def test_pages_hold_25_tickets(nano, people):
    with nano.connect() as db:
        nano.write(db)
        for number in range(60):
            nano.insert_ticket(db, {"title": f"T{number}", "description": "",
                                    "category": "bug", "priority": "low"}, people["user"].id)
    with nano.connect() as db:
        pages = [nano.list_tickets(db, people["user"], nano.TicketFilter(), page)
                 for page in (1, 2, 3, 4)]
    assert [len(rows) for rows, _ in pages] == [25, 25, 10, 0]
    assert {total for _, total in pages} == {60}


def test_reply_and_status_change_happen_together(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    nano.add_reply(people["support"], ticket_id, "Please restart", new_status="in_progress")
    ticket = stored_ticket(nano, ticket_id)
    assert ticket["status"] == "in_progress"
    assert ticket["last_updated_by"] == people["support"].id
    assert count(nano, "comments") == 1


def test_a_forbidden_transition_changes_nothing_not_even_the_reply(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    with pytest.raises(nano.RuleError) as refused:
        nano.add_reply(people["support"], ticket_id, "Done!", new_status="closed")
    assert refused.value.key == "error_transition"
    assert stored_ticket(nano, ticket_id)["status"] == "new"
    assert count(nano, "comments") == 0


def test_users_cannot_write_internal_notes_or_work_tickets(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    with pytest.raises(nano.RuleError):
        nano.add_reply(people["user"], ticket_id, "psst", internal=True)
    with pytest.raises(nano.RuleError):
        nano.edit_ticket(people["user"], ticket_id, priority="high", category="bug",
                         assigned_to=None)
    with pytest.raises(nano.RuleError):
        nano.change_status(people["user"], ticket_id, "in_progress")
    ticket = stored_ticket(nano, ticket_id)
    assert (ticket["priority"], ticket["status"]) == ("low", "new")


def test_the_creator_confirms_a_resolved_ticket(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    nano.change_status(people["support"], ticket_id, "in_progress")
    nano.change_status(people["support"], ticket_id, "resolved")
    assert stored_ticket(nano, ticket_id)["resolved_at"]
    nano.change_status(people["user"], ticket_id, "closed")
    assert stored_ticket(nano, ticket_id)["status"] == "closed"


def test_only_active_staff_can_be_assigned(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    with pytest.raises(nano.RuleError) as refused:
        nano.edit_ticket(people["support"], ticket_id, priority="low", category="bug",
                         assigned_to=people["berta"].id)
    assert refused.value.key == "error_assignee"
    with pytest.raises(nano.RuleError):
        nano.edit_ticket(people["support"], ticket_id, priority="urgent", category="bug",
                         assigned_to=None)
    assert stored_ticket(nano, ticket_id)["assigned_to"] is None


def test_a_deactivated_assignee_may_stay_while_other_fields_change(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    helper = nano.register_user("helper", "h@example.com", "support", "helper-pass")
    nano.edit_ticket(people["support"], ticket_id, priority="low", category="bug",
                     assigned_to=helper)
    nano.manage_user(people["admin"], helper, "inactive")
    nano.edit_ticket(people["support"], ticket_id, priority="high", category="bug",
                     assigned_to=helper)
    assert stored_ticket(nano, ticket_id)["priority"] == "high"
    other = nano.create_ticket(people["user"], "Mouse", "", "bug", "low")
    with pytest.raises(nano.RuleError, match="error_assignee"):
        nano.edit_ticket(people["support"], other, priority="low", category="bug",
                         assigned_to=helper)


def test_empty_and_over_long_comments_are_refused(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    for body in ("", "   ", "x" * 20_001):
        with pytest.raises(nano.RuleError):
            nano.add_reply(people["user"], ticket_id, body)
    assert count(nano, "comments") == 0


def test_deleting_a_ticket_removes_its_thread_and_needs_an_admin(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    nano.add_reply(people["support"], ticket_id, "hi")
    with pytest.raises(nano.RuleError):
        nano.delete_ticket(people["support"], ticket_id)
    nano.delete_ticket(people["admin"], ticket_id)
    assert stored_ticket(nano, ticket_id) is None
    assert count(nano, "comments") == count(nano, "activity") == 0


def test_unread_activity_follows_the_specification(nano, people):
    user, support = people["user"], people["support"]
    ticket_id = nano.create_ticket(user, "VPN", "", "bug", "low")
    with nano.connect() as db:
        assert nano.unread_count(db, user) == 0  # one's own actions never notify
        assert nano.unread_count(db, support) == 1  # support is told about new tickets
    nano.open_ticket(support, ticket_id)
    nano.add_reply(support, ticket_id, "internal only", internal=True)
    with nano.connect() as db:
        assert nano.unread_count(db, user) == 0  # internal notes never notify users
    nano.add_reply(support, ticket_id, "Please restart", new_status="in_progress")
    with nano.connect() as db:
        assert nano.unread_count(db, user) == 1
        assert nano.unread_ticket_ids(db, user, [ticket_id]) == {ticket_id}
        assert nano.unread_count(db, support) == 0
    nano.open_ticket(user, ticket_id)
    with nano.connect() as db:
        assert nano.unread_count(db, user) == 0
    nano.add_reply(user, ticket_id, "Still broken")
    with nano.connect() as db:
        assert nano.unread_count(db, support) == 1  # support is told about user comments
        assert nano.unread_count(db, people["berta"]) == 0


def test_login_checks_the_password(nano):
    assert nano.authenticate("user", "user123", None).role == "user"
    assert nano.authenticate("USER", "user123", None).username == "user"
    for name, password in (("user", "wrong"), ("nobody", "user123"), ("", "")):
        with pytest.raises(nano.RuleError) as refused:
            nano.authenticate(name, password, None)
        assert refused.value.key == "error_login_failed"  # same answer, known or not


def test_five_failures_lock_the_account_even_for_the_right_password(nano):
    for _ in range(4):
        with pytest.raises(nano.RuleError, match="error_login_failed"):
            nano.authenticate("user", "wrong", "10.0.0.1")
    with pytest.raises(nano.RuleError, match="error_locked"):
        nano.authenticate("user", "wrong", "10.0.0.2")
    with pytest.raises(nano.RuleError, match="error_locked"):
        nano.authenticate("user", "user123", "10.0.0.3")
    assert nano.authenticate("support", "support123", "10.0.0.3")  # others unaffected


def test_unknown_accounts_lock_the_same_way(nano):
    for _ in range(4):
        with pytest.raises(nano.RuleError, match="error_login_failed"):
            nano.authenticate("ghost", "wrong", None)
    with pytest.raises(nano.RuleError, match="error_locked"):
        nano.authenticate("ghost", "wrong", None)


def test_one_client_trying_many_accounts_is_locked(nano):
    for number in range(nano.LOCK_AFTER_CLIENT_FAILURES - 1):
        with pytest.raises(nano.RuleError, match="error_login_failed"):
            nano.authenticate(f"guess{number}", "wrong", "10.9.9.9")
    with pytest.raises(nano.RuleError, match="error_locked"):
        nano.authenticate("another", "wrong", "10.9.9.9")
    with pytest.raises(nano.RuleError, match="error_locked"):
        nano.authenticate("user", "user123", "10.9.9.9")
    assert nano.authenticate("user", "user123", "10.1.1.1")


def test_the_lock_expires(nano, monkeypatch):
    for _ in range(5):
        with pytest.raises(nano.RuleError):
            nano.authenticate("user", "wrong", None)
    later = nano.now_utc() + nano.timedelta(minutes=nano.LOCK_MINUTES + 1)
    monkeypatch.setattr(nano, "now_utc", lambda: later)
    assert nano.authenticate("user", "user123", None).username == "user"


def test_a_deactivated_account_cannot_log_in(nano, people):
    nano.manage_user(people["admin"], people["berta"].id, "inactive")
    with pytest.raises(nano.RuleError, match="error_inactive"):
        nano.authenticate("berta", "berta-secret", None)
    assert nano.load_actor(people["berta"].id) is None
    nano.manage_user(people["admin"], people["berta"].id, "active")
    assert nano.authenticate("berta", "berta-secret", None).id == people["berta"].id


def test_usernames_are_unique_ignoring_case(nano, people):
    with pytest.raises(nano.FormErrors) as refused:
        nano.create_user(people["admin"], "BERTA", "b2@example.com", "user", "another-pass")
    assert refused.value.errors["username"].key == "error_username_taken"


def test_only_admins_manage_users(nano, people):
    with pytest.raises(nano.RuleError, match="error_not_allowed"):
        nano.create_user(people["support"], "newbie", "n@example.com", "admin", "long-enough")
    with pytest.raises(nano.RuleError, match="error_not_allowed"):
        nano.manage_user(people["support"], people["support"].id, "role", "admin")
    assert nano.load_actor(people["support"].id).role == "support"


def test_the_last_active_admin_is_protected(nano, people):
    admin = people["admin"]
    for change, value in (("role", "user"), ("inactive", ""), ("delete", "")):
        with pytest.raises(nano.RuleError):
            nano.manage_user(admin, admin.id, change, value)
    with pytest.raises(nano.RuleError, match="error_last_admin"):
        nano.manage_user(admin, admin.id, "role", "support")
    assert nano.load_actor(admin.id).role == "admin"
    nano.manage_user(admin, people["support"].id, "role", "admin")
    nano.manage_user(admin, admin.id, "role", "support")  # now someone else is admin
    assert nano.load_actor(admin.id).role == "support"


def test_an_account_with_history_can_only_be_deactivated(nano, people):
    nano.create_ticket(people["berta"], "Mine", "", "bug", "low")
    with pytest.raises(nano.RuleError, match="error_user_in_use"):
        nano.manage_user(people["admin"], people["berta"].id, "delete")
    unused = nano.register_user("unused", "u@example.com", "user", "unused-pass")
    nano.manage_user(people["admin"], unused, "delete")
    with nano.connect() as db:
        assert nano.get_user(db, unused) is None
        assert nano.get_user(db, people["berta"].id) is not None


def test_password_reset_and_own_change(nano, people):
    nano.manage_user(people["admin"], people["user"].id, "password", "fresh-password")
    assert nano.authenticate("user", "fresh-password", None)
    with pytest.raises(nano.RuleError, match="error_password_short"):
        nano.manage_user(people["admin"], people["user"].id, "password", "short")
    user = people["user"]
    with pytest.raises(nano.RuleError, match="error_password_wrong"):
        nano.change_own_password(user, "wrong", "new-password", "new-password")
    with pytest.raises(nano.RuleError, match="error_password_mismatch"):
        nano.change_own_password(user, "fresh-password", "new-password", "other-password")
    nano.change_own_password(user, "fresh-password", "new-password", "new-password")
    assert nano.authenticate("user", "new-password", None)
    with nano.connect() as db:
        assert "user" not in nano.default_password_accounts(db)


def test_dashboard_figures(nano, people):
    first = nano.create_ticket(people["user"], "A", "", "bug", "high")
    nano.create_ticket(people["user"], "B", "", "feature", "low")
    nano.change_status(people["support"], first, "in_progress")
    nano.change_status(people["support"], first, "resolved")
    figures = nano.dashboard_figures()
    assert figures["status"] == {"new": 1, "resolved": 1}
    assert figures["priority"] == {"high": 1, "low": 1}
    assert figures["category"] == {"bug": 1, "feature": 1}
    assert sum(figures["opened"].values()) == 2 and sum(figures["resolved"].values()) == 1
    assert len(figures["hours"]) == 1 and figures["hours"][0] >= 0


def test_weeks_are_iso_weeks_with_the_empty_ones_included(nano, people, monkeypatch):
    thursday = nano.datetime(2026, 11, 26, 12, 0, tzinfo=nano.UTC)  # ISO week 48 of 2026
    monkeypatch.setattr(nano, "now_utc", lambda: thursday)
    nano.create_ticket(people["user"], "A", "", "bug", "high")
    weeks = nano.dashboard_figures()["opened"]
    labels = list(weeks)
    assert (labels[0], labels[-1]) == ((2026, 37), (2026, 48))
    assert len(weeks) == 12 and sum(weeks.values()) == 1 and weeks[(2026, 48)] == 1
    assert nano.iso_week(nano.datetime(2027, 1, 1, tzinfo=nano.UTC)) == (2026, 53)


def test_concurrent_writers_never_see_database_is_locked(nano, people):
    failures: list[Exception] = []

    def writer(number: int) -> None:
        try:
            for round_ in range(15):
                ticket_id = nano.create_ticket(people["user"], f"T{number}-{round_}", "", "bug",
                                               "low")
                nano.add_reply(people["support"], ticket_id, "ok", new_status="in_progress")
        except (sqlite3.OperationalError, nano.RuleError) as error:
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert count(nano, "tickets") == 8 * 15


def test_own_successful_logins_do_not_reset_the_client_count_of_a_password_spray(nano):
    """One client sprays passwords over many names, logging in to its own account between
    the guesses: its failures still add up, and the 20th locks the client (issue #17.1)."""
    client = "10.6.6.6"
    names = [f"victim{number}" for number in range(15)]
    for failure in range(nano.LOCK_AFTER_CLIENT_FAILURES - 1):
        with pytest.raises(nano.RuleError, match="error_login_failed"):
            nano.authenticate(names[failure % len(names)], f"guess-{failure}", client)
        assert nano.authenticate("user", "user123", client).username == "user"
    with pytest.raises(nano.RuleError, match="error_locked"):
        nano.authenticate(names[0], "one-guess-too-many", client)
    with pytest.raises(nano.RuleError, match="error_locked"):
        nano.authenticate("user", "user123", client)  # locked for its own account too
    assert nano.authenticate("user", "user123", "10.1.1.1").username == "user"


def test_a_successful_login_clears_the_accounts_own_failures(nano):
    for _ in range(nano.LOCK_AFTER_FAILURES - 1):
        with pytest.raises(nano.RuleError, match="error_login_failed"):
            nano.authenticate("user", "wrong", "10.0.0.1")
    nano.authenticate("user", "user123", "10.0.0.1")
    for _ in range(nano.LOCK_AFTER_FAILURES - 1):  # counting starts again from zero
        with pytest.raises(nano.RuleError, match="error_login_failed"):
            nano.authenticate("user", "wrong", "10.0.0.2")


def test_a_password_change_outdates_every_session_version(nano, people):
    berta = nano.authenticate("berta", "berta-secret", None)
    assert nano.load_actor(berta.id, berta.session_version) == berta
    nano.manage_user(people["admin"], berta.id, "password", "another-secret")
    assert nano.load_actor(berta.id, berta.session_version) is None
    again = nano.authenticate("berta", "another-secret", None)
    kept = nano.change_own_password(again, "another-secret", "third-secret", "third-secret")
    assert nano.load_actor(berta.id, again.session_version) is None
    assert nano.load_actor(berta.id, kept).username == "berta"  # the changer's own session


def test_deactivation_and_logout_outdate_the_session_version(nano, people):
    berta = nano.authenticate("berta", "berta-secret", None)
    nano.log_out(berta)
    assert nano.load_actor(berta.id, berta.session_version) is None
    berta = nano.authenticate("berta", "berta-secret", None)
    nano.manage_user(people["admin"], berta.id, "inactive")
    nano.manage_user(people["admin"], berta.id, "active")
    assert nano.load_actor(berta.id, berta.session_version) is None


OLD_USERS_TABLE = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'support', 'admin')),
    password_hash TEXT NOT NULL,
    default_password INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
"""


def test_an_older_database_without_session_versions_is_upgraded_in_place(nano, tmp_path,
                                                                         monkeypatch):
    """A tickets.db from before session versions keeps its accounts and tickets."""
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as db:
        db.executescript(OLD_USERS_TABLE)
        db.execute("INSERT INTO users (username, email, role, password_hash, created_at) "
                   "VALUES ('olga', 'olga@example.com', 'user', ?, '2026-01-01T00:00:00+00:00')",
                   (nano.hash_password("olga-secret"),))
    db.close()
    nano.init_db(old)
    nano.init_db(old)  # a second start finds the column there and changes nothing
    monkeypatch.setattr(nano, "DB_PATH", old)
    with nano.connect(old) as db:
        columns = [row["name"] for row in db.execute("PRAGMA table_info(users)")]
        assert columns.count("session_version") == 1
        assert nano.count_users(db) == 1  # no demo accounts beside an existing account
    olga = nano.authenticate("olga", "olga-secret", None)
    assert olga.session_version == 0
    ticket_id = nano.create_ticket(olga, "After the upgrade", "", "bug", "low")
    nano.log_out(olga)
    assert nano.load_actor(olga.id, 0) is None
    assert stored_ticket(nano, ticket_id)["title"] == "After the upgrade"


def test_every_changed_field_is_kept_in_the_change_history(nano, people):
    ticket_id = nano.create_ticket(people["user"], "VPN", "", "bug", "low")
    support = people["support"]
    nano.edit_ticket(support, ticket_id, priority="high", category="bug", assigned_to=support.id)
    nano.change_status(support, ticket_id, "in_progress")
    with nano.connect() as db:
        changes = [tuple(row) for row in db.execute(
            "SELECT actor_id, field, old_value, new_value FROM ticket_changes "
            "WHERE ticket_id = ? ORDER BY id", (ticket_id,))]
    assert changes == [
        (support.id, "priority", "low", "high"),
        (support.id, "assigned_to", None, str(support.id)),
        (support.id, "status", "new", "in_progress"),
    ]
