"""Nano's screens, driven through Streamlit's AppTest as each role would use them."""

import pytest


@pytest.fixture
def seeded(nano):
    """Two users' tickets, made through the action layer."""
    def actor(name):
        with nano.connect() as db:
            row = nano.find_user(db, name)
        return nano.Actor(row["id"], row["username"], row["role"])

    berta_id = nano.register_user("berta", "berta@example.com", "user", "berta-secret")
    berta = nano.Actor(berta_id, "berta", "user")
    mine = nano.create_ticket(actor("user"), "Drucker kaputt", "Seite 2 fehlt", "bug", "high")
    foreign = nano.create_ticket(berta, "Berta's secret", "salary list", "support", "low")
    return {"mine": mine, "foreign": foreign, "actor": actor, "berta": berta}


def test_login_page_has_labelled_fields(app, ui):
    at = app()
    assert [field.label for field in at.text_input] == ["Username", "Password"]
    assert at.text_input[1].proto.type == at.text_input[1].proto.PASSWORD
    assert [button.label for button in at.button] == ["Log in"]


def test_wrong_password_shows_one_message_for_every_case(app, ui):
    at = app()
    ui.log_in(at, "user", "nope")
    assert ui.errors(at) == ["Wrong username or password."]
    ui.log_in(at, "nobody", "nope")
    assert ui.errors(at) == ["Wrong username or password."]
    assert "user_id" not in at.session_state


def test_the_person_is_told_when_login_is_locked(app, ui):
    at = app()
    for _ in range(5):
        ui.log_in(at, "user", "nope")
    assert ui.errors(at) == ["Too many failed attempts. Login is locked for 15 minute(s)."]
    ui.log_in(at, "user", "user123")
    assert "locked" in ui.errors(at)[0]
    assert "user_id" not in at.session_state


@pytest.mark.parametrize(("role", "pages"), [
    ("user", ["tickets", "new_ticket", "account"]),
    ("support", ["tickets", "new_ticket", "dashboard", "account"]),
    ("admin", ["tickets", "new_ticket", "dashboard", "users", "account"]),
])
def test_navigation_depends_on_the_role(app, role, pages):
    at = app(role)
    assert at.sidebar.radio(key="page").options == [
        {"tickets": "Tickets", "new_ticket": "New ticket", "dashboard": "Dashboard",
         "users": "Users", "account": "My account"}[page] for page in pages]


@pytest.mark.parametrize("page", ["users", "dashboard"])
def test_a_user_cannot_reach_staff_pages_through_session_state(app, page):
    at = app("user")
    at.session_state["go_to"] = (page, None)  # what a tampered navigation would ask for
    at.run()
    assert at.session_state["page"] == "tickets"
    assert [header.value for header in at.header] == ["Tickets"]


def test_support_cannot_reach_user_management(app):
    at = app("support")
    at.session_state["go_to"] = ("users", None)
    at.run()
    assert [header.value for header in at.header] == ["Tickets"]


def test_logout_ends_the_session(app, ui):
    at = app("user")
    ui.click(at, "Log out")
    assert "user_id" not in at.session_state
    assert [button.label for button in at.button] == ["Log in"]


def test_an_idle_session_expires(app, nano):
    at = app("user")
    at.session_state["seen_at"] = nano.now_utc() - nano.IDLE_TIMEOUT - nano.timedelta(minutes=1)
    at.run()
    assert "user_id" not in at.session_state
    assert [w.value for w in at.warning] == ["Your session expired. Please log in again."]


def test_a_deactivated_user_is_signed_out_at_once(app, nano, seeded):
    at = app("berta", "berta-secret")
    nano.manage_user(seeded["actor"]("admin"), seeded["berta"].id, "inactive")
    at.run()
    assert [button.label for button in at.button] == ["Log in"]


def test_a_demoted_admin_loses_admin_pages_at_once(app, nano, seeded):
    at = app("admin")
    admin = seeded["actor"]("admin")
    nano.manage_user(admin, seeded["actor"]("support").id, "role", "admin")
    nano.manage_user(seeded["actor"]("support"), admin.id, "role", "user")
    at.session_state["go_to"] = ("users", None)
    at.run()
    assert "users" not in at.sidebar.radio(key="page").options
    assert [header.value for header in at.header] == ["Tickets"]


def test_create_ticket_confirms_and_opens_it(app, ui, nano):
    at = app("user")
    ui.create_ticket(at, "Drucker kaputt", "Seite 2 fehlt", category="bug", priority="high")
    assert [s.value for s in at.success] == ["Ticket #1 was created."]
    assert ui.heading(at) == "#1 Drucker kaputt"
    assert "Seite 2 fehlt" in [text.value for text in at.text]


@pytest.mark.parametrize(("title", "message"), [
    ("", "This field is required."),
    ("   ", "This field is required."),
    ("x" * 201, "At most 200 characters (you entered 201)."),
])
def test_a_bad_title_is_explained_and_nothing_is_stored(app, ui, nano, title, message):
    at = app("user")
    ui.create_ticket(at, title, "some text")
    assert ui.errors(at) == [message]
    assert at.text_input(key="nt_title").value == title  # the input is kept for correcting
    with nano.connect() as db:
        assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


def test_an_over_long_description_is_refused(app, ui):
    at = app("user")
    ui.create_ticket(at, "Fine", "y" * 20_001)
    assert ui.errors(at) == ["At most 20000 characters (you entered 20001)."]


def test_users_see_only_their_own_tickets(app, ui, seeded):
    at = app("user")
    page = ui.texts(at)
    assert "Drucker kaputt" in page and "Berta" not in page
    assert f"Open #{seeded['foreign']}" not in [b.label for b in at.button]


def test_another_users_ticket_by_id_is_not_found(app, ui, seeded):
    at = app("user")
    at.session_state["ticket_id"] = seeded["foreign"]
    at.run()
    assert [e.value for e in at.error] == ["Ticket not found."]
    page = ui.texts(at)
    assert "secret" not in page and "salary" not in page


def test_a_broken_ticket_id_is_not_found(app):
    at = app("support")
    at.session_state["ticket_id"] = "1; DROP TABLE tickets"
    at.run()
    assert [e.value for e in at.error] == ["Ticket not found."]


def test_support_sees_all_tickets_and_filters_them(app, ui, seeded):
    at = app("support")
    assert "2 ticket(s)" in ui.texts(at)
    at.selectbox(key="f_priority").set_value("low").run()
    assert "1 ticket(s)" in ui.texts(at) and "Berta" in ui.texts(at)
    at.selectbox(key="f_assignee").set_value("none").run()
    assert "1 ticket(s)" in ui.texts(at)
    at.selectbox(key="f_priority").set_value("").run()
    at.text_input(key="f_search").input("drucker").run()
    assert "1 ticket(s)" in ui.texts(at) and "Drucker kaputt" in ui.texts(at)
    at.text_input(key="f_search").input("' OR 1=1--").run()
    assert "No tickets match these filters." in ui.texts(at)


def test_filters_fold_away_and_say_how_many_are_active(app, ui, seeded):
    at = app("support")
    assert [e.label for e in at.expander] == ["Filter and sort"]
    at.selectbox(key="f_status").set_value("new").run()
    at.selectbox(key="f_priority").set_value("high").run()
    assert [e.label for e in at.expander] == ["Filter and sort (2 active)"]
    assert "1 ticket(s)" in ui.texts(at)


def test_the_list_pages_through_many_tickets(app, ui, nano, seeded):
    user = seeded["actor"]("user")
    with nano.connect() as db:
        nano.write(db)
        for number in range(30):
            nano.insert_ticket(db, {"title": f"Bulk {number}", "description": "",
                                    "category": "bug", "priority": "low"}, user.id)
    at = app("user")
    assert "Page 1 of 2" in ui.texts(at)
    assert len([b for b in at.button if b.label.startswith("Open #")]) == 25
    ui.click(at, "Next page")
    assert "Page 2 of 2" in ui.texts(at)
    assert len([b for b in at.button if b.label.startswith("Open #")]) == 6
    ui.click(at, "Previous page")
    assert "Page 1 of 2" in ui.texts(at)


def test_the_live_demo_through_the_screens(app, ui, seeded):
    user, support = app("user"), app("support")
    ticket = seeded["mine"]
    assert ui.badge(support) == "🔔 New activity on 2 ticket(s)"  # two new tickets
    ui.click(support, f"Open #{ticket}")
    support.text_area(key="reply_body").input("Bitte Netzwerkkabel prüfen")
    support.selectbox(key="reply_status").set_value("in_progress")
    ui.click(support, "Send reply / save changes")
    assert [s.value for s in support.success] == ["Saved."]
    assert "**Status:** In progress" in ui.texts(support)

    user.run()
    assert ui.badge(user) == "🔔 New activity on 1 ticket(s)"
    assert "🔵 new activity" in ui.texts(user)
    ui.click(user, f"Open #{ticket}")
    assert "Bitte Netzwerkkabel prüfen" in [text.value for text in user.text]
    assert "🔕 No new activity" in ui.texts(user)

    support.selectbox(key="reply_status").set_value("resolved")
    ui.click(support, "Send reply / save changes")
    user.run()
    assert "Support marked this ticket as resolved. Is the problem solved?" in ui.texts(user)
    ui.click(user, "Yes, it works: close the ticket")
    assert [s.value for s in user.success] == ["Thank you! The ticket is closed."]
    assert "**Status:** Closed" in ui.texts(user)


def test_the_creator_can_reopen_a_resolved_ticket(app, ui, nano, seeded):
    support = seeded["actor"]("support")
    nano.change_status(support, seeded["mine"], "in_progress")
    nano.change_status(support, seeded["mine"], "resolved")
    at = ui.open_ticket(app("user"), seeded["mine"])
    ui.click(at, "No, it is still broken: reopen")
    assert "**Status:** In progress" in ui.texts(at)


def test_reply_without_text_or_status_is_explained(app, ui, seeded):
    at = ui.open_ticket(app("support"), seeded["mine"])
    ui.click(at, "Send reply / save changes")
    assert ui.errors(at) == [
        "Write a reply or change the status, priority, category or assignee."]


def test_an_empty_user_comment_is_explained(app, ui, seeded):
    at = ui.open_ticket(app("user"), seeded["mine"])
    ui.click(at, "Send comment")
    assert ui.errors(at) == ["This field is required."]
    at.text_area(key="comment_body").input("It also smells of smoke")
    ui.click(at, "Send comment")
    assert "It also smells of smoke" in [text.value for text in at.text]


def test_internal_notes_are_hidden_from_the_user(app, ui, seeded):
    support = ui.open_ticket(app("support"), seeded["mine"])
    support.text_area(key="reply_body").input("Printer is out of warranty")
    support.checkbox(key="reply_internal").check()
    ui.click(support, "Send reply / save changes")
    assert "🔒 Internal note" in ui.texts(support)
    user = ui.open_ticket(app("user"), seeded["mine"])
    assert "warranty" not in ui.texts(user)
    assert "🔕 No new activity" in ui.texts(user)


def test_support_changes_priority_category_and_assignee(app, ui, nano, seeded):
    at = ui.open_ticket(app("support"), seeded["mine"])
    at.selectbox(key="edit_priority").set_value("low")
    at.selectbox(key="edit_category").set_value("feature")
    at.selectbox(key="edit_assignee").set_value(seeded["actor"]("support").id)
    ui.click(at, "Send reply / save changes")  # no reply: the changes alone are sent
    assert [s.value for s in at.success] == ["Saved."]
    with nano.connect() as db:
        ticket = nano.get_ticket(db, seeded["mine"])
    assert (ticket["priority"], ticket["category"], ticket["assignee_name"]) == (
        "low", "feature", "support")
    assert "assigned to support" in ui.texts(at)


def test_users_get_no_staff_controls(app, ui, seeded):
    at = ui.open_ticket(app("user"), seeded["mine"])
    labels = [b.label for b in at.button]
    assert "Delete ticket" not in labels
    assert "Send reply / save changes" not in labels


def test_admin_deletes_a_ticket_after_confirming(app, ui, nano, seeded):
    at = ui.open_ticket(app("admin"), seeded["mine"])
    ui.click(at, "Delete ticket")
    assert "Delete ticket #1 and all its comments for good?" in ui.texts(at)
    ui.click(at, "Cancel")
    with nano.connect() as db:
        assert nano.get_ticket(db, seeded["mine"]) is not None
    ui.click(at, "Delete ticket")
    ui.click(at, "Yes, delete permanently")
    assert [s.value for s in at.success] == ["Ticket #1 was deleted."]
    with nano.connect() as db:
        assert nano.get_ticket(db, seeded["mine"]) is None


def test_support_cannot_delete_tickets(app, ui, seeded):
    at = ui.open_ticket(app("support"), seeded["mine"])
    assert "Delete ticket" not in [b.label for b in at.button]


def test_the_dashboard_shows_figures_and_charts(app, ui, nano, seeded):
    support = seeded["actor"]("support")
    nano.change_status(support, seeded["mine"], "in_progress")
    nano.change_status(support, seeded["mine"], "resolved")
    at = ui.go(app("support"), "dashboard")
    assert not at.exception
    assert [m.label for m in at.metric] == ["Open tickets", "All tickets",
                                            "Median time to resolution"]
    assert [m.value for m in at.metric][:2] == ["1", "2"]
    assert at.metric[2].value.endswith(" h")
    assert len(at.get("vega_lite_chart")) == 4


def test_the_dashboard_without_tickets(app, ui):
    at = ui.go(app("admin"), "dashboard")
    assert [m.value for m in at.metric] == ["0", "0", "n/a"]
    assert len(at.get("vega_lite_chart")) == 4  # empty weeks are drawn as zero bars


def test_admins_are_warned_about_default_passwords(app, ui, nano, seeded):
    assert "admin, support, user" in app("admin").warning[0].value
    assert not app("support").warning
    nano.change_own_password(seeded["actor"]("user"), "user123", "better-one", "better-one")
    assert "admin, support." in app("admin").warning[0].value


def test_admin_creates_a_user_who_can_log_in(app, ui):
    at = ui.go(app("admin"), "users")
    at.text_input(key="cu_username").input("carla")
    at.text_input(key="cu_email").input("carla@example.com")
    at.selectbox(key="cu_role").set_value("support")
    at.text_input(key="cu_password").input("carla-secret")
    ui.click(at, "Create account")
    assert [s.value for s in at.success] == ["User `carla` was created."]
    assert app("carla", "carla-secret").sidebar.radio(key="page").options[2] == "Dashboard"


def test_creating_a_user_explains_each_bad_field(app, ui, nano):
    at = ui.go(app("admin"), "users")
    at.text_input(key="cu_username").input("<img src=x onerror=alert(1)>")
    at.text_input(key="cu_email").input("nope")
    at.text_input(key="cu_password").input("short")
    ui.click(at, "Create account")
    assert sorted(ui.errors(at)) == sorted([
        "3 to 64 characters: letters, digits and . _ @ -",
        "Enter a valid e-mail address.", "At least 8 characters."])
    with nano.connect() as db:
        assert nano.count_users(db) == 3


def test_admin_manages_an_account(app, ui, nano, seeded):
    at = ui.go(app("admin"), "users")
    berta = seeded["berta"].id
    at.selectbox(key="mu_user").set_value(berta).run()
    at.selectbox(key=f"mu_role_{berta}").set_value("support")
    ui.click(at, "Change role")
    assert [s.value for s in at.success] == ["Role changed."]
    at.text_input(key="mu_password").input("brand-new-pw")
    ui.click(at, "Reset password")
    assert [s.value for s in at.success] == ["Password reset."]
    ui.click(at, "Deactivate account")
    assert [s.value for s in at.success] == ["Account deactivated."]
    ui.click(at, "Delete account")
    assert ui.errors(at) == ["This account has tickets or comments: deactivate it instead."]
    ui.click(at, "Reactivate account")
    assert [s.value for s in at.success] == ["Account reactivated."]
    assert nano.authenticate("berta", "brand-new-pw", None).role == "support"


def test_the_last_admin_cannot_be_demoted_in_the_ui(app, ui, nano, seeded):
    at = ui.go(app("admin"), "users")
    admin = seeded["actor"]("admin").id
    at.selectbox(key="mu_user").set_value(admin).run()
    at.selectbox(key=f"mu_role_{admin}").set_value("user")
    ui.click(at, "Change role")
    assert ui.errors(at) == [
        "The last active administrator must stay an active administrator."]
    assert nano.load_actor(admin).role == "admin"


def test_changing_the_own_password(app, ui, nano):
    at = ui.go(app("user"), "account")
    fields = at.text_input
    fields[0].input("wrong")
    fields[1].input("new-password")
    fields[2].input("new-password")
    ui.click(at, "Change password")
    assert ui.errors(at) == ["The current password is wrong."]
    fields = at.text_input
    fields[0].input("user123")
    fields[1].input("new-password")
    fields[2].input("new-password")
    ui.click(at, "Change password")
    assert [s.value for s in at.success] == [
        "Your password was changed. Your other sessions were signed out."]
    assert nano.authenticate("user", "new-password", None)


SIGNED_OUT = ("You were signed out: the password of this account was changed, the account "
              "was deactivated, or it logged out elsewhere. Please log in again.")


def signed_out(at) -> bool:
    """The session shows the log-in form and says why (issue #17.2)."""
    return ([button.label for button in at.button] == ["Log in"]
            and [w.value for w in at.warning] == [SIGNED_OUT]
            and "user_id" not in at.session_state)


def test_changing_the_own_password_signs_out_the_other_sessions_but_not_this_one(app, ui):
    """A second browser of the account stayed signed in after a password change."""
    here, elsewhere = app("user"), app("user")
    ui.go(here, "account")
    fields = here.text_input
    fields[0].input("user123")
    fields[1].input("new-password")
    fields[2].input("new-password")
    ui.click(here, "Change password")
    assert [s.value for s in here.success] == [
        "Your password was changed. Your other sessions were signed out."]
    ui.go(here, "tickets")
    assert [header.value for header in here.header] == ["Tickets"]  # this one stays in
    elsewhere.run()
    assert signed_out(elsewhere)
    ui.log_in(elsewhere, "user", "new-password")
    assert elsewhere.session_state["user_id"]


def test_an_admins_password_reset_signs_out_every_session_of_the_account(app, ui, nano,
                                                                         seeded):
    first, second = app("berta", "berta-secret"), app("berta", "berta-secret")
    admin = ui.go(app("admin"), "users")
    admin.selectbox(key="mu_user").set_value(seeded["berta"].id).run()
    admin.text_input(key="mu_password").input("brand-new-pw")
    ui.click(admin, "Reset password")
    assert [s.value for s in admin.success] == ["Password reset."]
    for session in (first, second):
        session.run()
        assert signed_out(session)
    assert [header.value for header in admin.header] == ["Users"]  # the admin's own stays


def test_deactivation_signs_out_with_a_message(app, nano, seeded):
    at = app("berta", "berta-secret")
    nano.manage_user(seeded["actor"]("admin"), seeded["berta"].id, "inactive")
    nano.manage_user(seeded["actor"]("admin"), seeded["berta"].id, "active")
    at.run()  # reactivated in between: the old session stays over all the same
    assert signed_out(at)


def test_logging_out_ends_the_other_sessions_of_the_account(app, ui):
    here, elsewhere, other_account = app("user"), app("user"), app("support")
    ui.click(here, "Log out")
    elsewhere.run()
    assert signed_out(elsewhere)
    other_account.run()
    assert other_account.session_state["user_id"]


def test_the_whole_ui_speaks_german(app, ui, seeded):
    at = app(lang="de")
    assert [field.label for field in at.text_input] == ["Benutzername", "Passwort"]
    ui.log_in(at, "user", "user123")
    assert at.sidebar.radio(key="page").options == ["Tickets", "Neues Ticket", "Mein Konto"]
    ui.click(at, f"#{seeded['mine']} öffnen")
    assert "**Status:** Neu" in ui.texts(at) and "**Priorität:** Hoch" in ui.texts(at)
    ui.go(at, "new_ticket")
    ui.click(at, "Ticket erstellen")
    assert ui.errors(at) == ["Dieses Feld ist erforderlich."]


def test_switching_the_language_in_the_sidebar(app):
    at = app("user")
    at.sidebar.selectbox(key="lang").set_value("de").run()
    assert at.sidebar.radio(key="page").options[1] == "Neues Ticket"


def test_user_text_is_shown_literally(app, ui, nano, seeded):
    payload = "[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    user = seeded["actor"]("user")
    ticket_id = nano.create_ticket(user, payload, payload, "bug", "low")
    nano.add_reply(user, ticket_id, payload)
    at = ui.open_ticket(app("support"), ticket_id)
    assert ui.heading(at) == f"#{ticket_id} {payload}"
    assert [text.value for text in at.text] == [payload, payload]  # st.text: never Markdown
    assert all(payload not in element.value for element in at.markdown)  # nor in Markdown


def test_first_start_without_demo_accounts_asks_for_an_administrator(app, ui, monkeypatch):
    monkeypatch.setenv("NANO_DEMO_ACCOUNTS", "0")
    at = app()
    assert "No account exists yet." in ui.texts(at)
    at.text_input[0].input("chefin")
    at.text_input[1].input("bad")
    at.text_input[2].input("chefin-secret")
    ui.click(at, "Create administrator")
    assert ui.errors(at) == ["Enter a valid e-mail address."]
    at.text_input[1].input("chefin@example.com")
    ui.click(at, "Create administrator")
    assert [field.label for field in at.text_input] == ["Username", "Password"]
    ui.log_in(at, "chefin", "chefin-secret")
    assert "users" in at.sidebar.radio(key="page").options or \
        "Users" in at.sidebar.radio(key="page").options


def test_activity_arriving_while_a_ticket_is_open_stays_unread_on_leaving(app, ui, nano,
                                                                          seeded):
    support = ui.open_ticket(app("support"), seeded["mine"])
    nano.add_reply(seeded["actor"]("user"), seeded["mine"], "Also the scanner")
    ui.click(support, "Back to the list")
    assert ui.badge(support) == "🔔 New activity on 2 ticket(s)"  # this one and Berta's


def test_a_broken_database_gives_a_clear_message_not_a_traceback(app, ui, nano_env):
    at = app("support")
    nano_env.write_bytes(b"this is not a database" * 200)  # e.g. a damaged disk
    for suffix in ("-wal", "-shm"):
        nano_env.with_name(nano_env.name + suffix).unlink(missing_ok=True)
    at.run()
    assert not at.exception
    assert ui.errors(at) == ["The database cannot be used right now. Please try again later; "
                             "IT finds the details in the server log."]


def add_comments(nano, ticket_id, author_id, count):
    """`count` comments "Comment 1" … straight into the database, oldest first."""
    with nano.connect() as db:
        nano.write(db)
        db.executemany(
            "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
            "VALUES (?, ?, ?, 0, ?)",
            [(ticket_id, author_id, f"Comment {number}", nano.iso(nano.now_utc()))
             for number in range(1, count + 1)])


def shown_comments(at):
    return [text.value for text in at.text if text.value.startswith("Comment ")]


def test_a_long_thread_shows_its_newest_page_and_older_ones_on_request(app, ui, nano,
                                                                      seeded):
    """10,000 comments drew as one endless page that buried the reply form (#17.3)."""
    add_comments(nano, seeded["mine"], seeded["actor"]("user").id, 10_000)
    at = ui.open_ticket(app("support"), seeded["mine"])
    assert shown_comments(at) == [f"Comment {n}" for n in range(9_951, 10_001)]
    assert "Comments 9951–10000 of 10000 (oldest first)" in ui.texts(at)
    assert "Send reply / save changes" in [button.label for button in at.button]
    ui.click(at, "Show older comments")
    assert shown_comments(at) == [f"Comment {n}" for n in range(9_901, 9_951)]
    ui.click(at, "Show newer comments")
    assert shown_comments(at)[-1] == "Comment 10000"


def test_a_reply_returns_to_the_newest_page(app, ui, nano, seeded):
    add_comments(nano, seeded["mine"], seeded["actor"]("user").id, 120)
    at = ui.open_ticket(app("user"), seeded["mine"])
    ui.click(at, "Show older comments")
    ui.click(at, "Show older comments")
    assert shown_comments(at) == [f"Comment {n}" for n in range(1, 21)]
    assert next(b for b in at.button if b.label == "Show older comments").disabled
    at.text_area(key="comment_body").input("Comment 121, the newest")
    ui.click(at, "Send comment")
    assert shown_comments(at)[-1] == "Comment 121, the newest"
    assert len(shown_comments(at)) == 50


def test_one_support_form_sends_reply_status_and_triage_together(app, ui, nano, seeded):
    """Support replied in one form and triaged in another (#13.7): now one submission."""
    at = ui.open_ticket(app("support"), seeded["mine"])
    at.text_area(key="reply_body").input("Ich übernehme das.")
    at.selectbox(key="reply_status").set_value("in_progress")
    at.selectbox(key="edit_priority").set_value("low")
    at.selectbox(key="edit_category").set_value("feature")
    ui.click(at, "Send reply / save changes")
    assert [s.value for s in at.success] == ["Saved."]
    with nano.connect() as db:
        ticket = nano.get_ticket(db, seeded["mine"])
        comments = nano.list_comments(db, seeded["mine"], internal=True)[1]
    assert (ticket["status"], ticket["priority"], ticket["category"]) == (
        "in_progress", "low", "feature")
    assert comments == 1
    # Taking the unassigned ticket in progress assigned it to the taker.
    assert ticket["assignee_name"] == "support"
    shown = ui.texts(at)
    assert "Status: New → In progress" in shown
    assert "Assigned to: unassigned → support" in shown
    assert "Priority: High → Low" in shown


def test_the_reporter_sees_status_and_assignee_changes_in_the_conversation(app, ui, nano,
                                                                          seeded):
    support = seeded["actor"]("support")
    nano.change_status(support, seeded["mine"], "in_progress")
    nano.change_status(support, seeded["mine"], "resolved")
    at = ui.open_ticket(app("user"), seeded["mine"])
    shown = ui.texts(at)
    assert "Status: New → In progress" in shown
    assert "Status: In progress → Resolved" in shown
    assert "Assigned to: unassigned → support" in shown
    assert "No replies yet." not in shown


def test_a_refused_change_in_the_one_form_stores_nothing(app, ui, nano, seeded):
    at = ui.open_ticket(app("support"), seeded["mine"])
    at.text_area(key="reply_body").input("x" * (nano.TEXT_MAX + 1))
    at.selectbox(key="reply_status").set_value("in_progress")
    ui.click(at, "Send reply / save changes")
    assert ui.errors(at) == [f"At most {nano.TEXT_MAX} characters (you entered "
                             f"{nano.TEXT_MAX + 1})."]
    with nano.connect() as db:
        assert nano.get_ticket(db, seeded["mine"])["status"] == "new"
        assert nano.list_comments(db, seeded["mine"], internal=True)[1] == 0
