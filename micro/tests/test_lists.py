"""The ticket list: scope, filters, search, sort, pagination, badges and the CSV export."""

import csv
import io

import pytest


@pytest.fixture
def seeded(make_ticket, auth, post, db, user_id):
    """Three tickets by `user`, one by `support`; one assigned, one resolved."""
    ids = {
        "printer": make_ticket("user", "Drucker kaputt", priority="high", category="bug"),
        "vpn": make_ticket("user", "VPN langsam", priority="low", category="support",
                           description="Seit Montag"),
        "excel": make_ticket("user", "Excel Makro", priority="medium", category="feature"),
        "server": make_ticket("support", "Server Wartung", priority="low", category="support"),
    }
    db.execute("UPDATE tickets SET assigned_to = ? WHERE id = ?",
               (user_id("support"), ids["vpn"]))
    db.execute("UPDATE tickets SET status = 'resolved' WHERE id = ?", (ids["excel"],))
    auth.logout()
    return ids


def listed(client, query=""):
    page = client.get("/tickets" + query)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return {title for title in ("Drucker kaputt", "VPN langsam", "Excel Makro",
                                "Server Wartung") if title in text}


def test_users_list_only_their_own_tickets_and_staff_list_all(seeded, auth, client):
    auth.login("user")
    assert listed(client) == {"Drucker kaputt", "VPN langsam", "Excel Makro"}
    auth.logout()
    auth.login("support")
    assert len(listed(client)) == 4


@pytest.mark.parametrize(("query", "expected"), [
    ("?status=resolved", {"Excel Makro"}),
    ("?priority=low", {"VPN langsam", "Server Wartung"}),
    ("?category=bug", {"Drucker kaputt"}),
    ("?assignee=me", {"VPN langsam"}),
    ("?assignee=none", {"Drucker kaputt", "Excel Makro", "Server Wartung"}),
    ("?q=drucker", {"Drucker kaputt"}),
    ("?q=montag", {"VPN langsam"}),
    ("?q=wart", {"Server Wartung"}),
    ("?q=drucker+kaputt&priority=high", {"Drucker kaputt"}),
    ("?q=drucker&priority=low", set()),
])
def test_filters_and_search(seeded, auth, client, query, expected):
    auth.login("support")
    assert listed(client, query) == expected


def test_filter_by_creator_and_assignee_id(seeded, auth, client, user_id):
    auth.login("admin")
    assert listed(client, f"?creator={user_id('support')}") == {"Server Wartung"}
    assert listed(client, f"?assignee={user_id('support')}") == {"VPN langsam"}


def test_unknown_filter_values_are_named(seeded, auth, client):
    auth.login("support")
    text = client.get("/tickets?status=open&sort=title").get_data(as_text=True)
    assert "were not understood and were ignored: Status, Sort by" in text


def test_sorting_by_priority_and_created(seeded, auth, client):
    auth.login("support")
    text = client.get("/tickets?sort=priority").get_data(as_text=True)
    assert text.index("Drucker kaputt") < text.index("Excel Makro") < text.index("VPN langsam")
    text = client.get("/tickets?sort=created").get_data(as_text=True)
    assert text.index("Server Wartung") < text.index("Drucker kaputt")


def test_pagination_is_clamped_and_keeps_filters(app, seeded, auth, client):
    app.config["PAGE_SIZE"] = 2
    auth.login("support")
    first = client.get("/tickets?sort=created&priority=low&page=-5").get_data(as_text=True)
    assert "Page 1 of 1" in first
    page = client.get("/tickets?sort=created").get_data(as_text=True)
    assert "Page 1 of 2" in page and "page=2" in page and "sort=created" in page
    last = client.get("/tickets?sort=created&page=999999").get_data(as_text=True)
    assert "Page 2 of 2" in last and "Drucker kaputt" in last


def test_the_notification_badge_flow(make_ticket, auth, post, client, user_id):
    ticket_id = make_ticket("user")
    assert 'data-testid="unread-count"' not in client.get("/tickets").get_data(as_text=True)
    auth.logout()
    auth.login("support")  # staff hear about the new ticket
    page = client.get("/tickets").get_data(as_text=True)
    assert 'data-testid="unread-count">1<' in page and 'class="unread"' in page
    post(f"/tickets/{ticket_id}/update", {"body": "Bitte Netzwerkkabel prüfen",
                                          "status": "in_progress"})
    assert 'data-testid="unread-count"' not in client.get("/tickets").get_data(as_text=True)
    post(f"/tickets/{ticket_id}/update", {"body": "nur intern", "internal": "1"})
    auth.logout()
    auth.login("user")
    page = client.get("/tickets").get_data(as_text=True)
    assert 'data-testid="unread-count">1<' in page
    assert "Drucker kaputt" in client.get("/tickets?unread=1").get_data(as_text=True)
    client.get(f"/tickets/{ticket_id}")
    page = client.get("/tickets").get_data(as_text=True)
    assert 'data-testid="unread-count"' not in page and 'class="unread"' not in page
    assert "Drucker kaputt" not in client.get("/tickets?unread=1").get_data(as_text=True)


def test_internal_notes_never_notify_the_user(make_ticket, auth, post, client):
    ticket_id = make_ticket("user")
    auth.logout()
    auth.login("support")
    post(f"/tickets/{ticket_id}/update", {"body": "intern", "internal": "1"})
    auth.logout()
    auth.login("user")
    assert 'data-testid="unread-count"' not in client.get("/tickets").get_data(as_text=True)


def read_csv(response, delimiter=","):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


FORMULAS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1 \tx"]


def test_csv_export_is_the_filtered_list_and_german_uses_semicolons(seeded, auth, client,
                                                                    post):
    auth.login("support")
    rows = read_csv(client.get("/tickets/export.csv?priority=low&sort=created"))
    assert [row[1] for row in rows[1:]] == ["Server Wartung", "VPN langsam"]
    assert "password" not in ",".join(rows[0]).lower()
    post("/language", {"lang": "de"})
    rows = read_csv(client.get("/tickets/export.csv?status=resolved"), delimiter=";")
    assert rows[0][:3] == ["ID", "Titel", "Status"]
    assert rows[1][1:3] == ["Excel Makro", "Erledigt"]


def test_a_search_list_needs_its_hits_collected_first(app):
    from micro import queries
    from micro.db import connect
    from micro.domain import TicketFilter

    with connect(app.config["DATABASE"]) as db, pytest.raises(ValueError, match="search"):
        queries.count_tickets(db, TicketFilter(q="x", match='"x"*'), None, limit=10)


def test_wide_and_narrow_searches_agree(app, make_ticket, auth, client, monkeypatch):
    from micro import queries

    for number in range(3):
        make_ticket("user", f"Drucker {number}")
    auth.logout()
    auth.login("support")
    narrow = client.get("/tickets?q=drucker&priority=medium").get_data(as_text=True)
    monkeypatch.setattr(queries, "FEW_SEARCH_HITS", 1)  # walk the sort index instead
    wide = client.get("/tickets?q=drucker&priority=medium").get_data(as_text=True)
    assert narrow.count("Drucker ") == wide.count("Drucker ") == 3
    assert "(3)" in client.get("/tickets?q=drucker").get_data(as_text=True)


def test_staff_hear_of_a_ticket_opened_by_a_colleague(make_ticket, auth, client):
    make_ticket("support", "Server Wartung")
    auth.logout()
    auth.login("admin")
    assert 'data-testid="unread-count">1<' in client.get("/tickets").get_data(as_text=True)


def test_the_account_menus_follow_changes_to_the_accounts(auth, client, post, db):
    """The filter menus are kept per worker; a new account, a new role or a change made
    by another connection shows at once."""
    def menus():
        page = client.get("/tickets").get_data(as_text=True)
        assignee = page.split('id="assignee"', 1)[1].split("</select>", 1)[0]
        creator = page.split('id="creator"', 1)[1].split("</select>", 1)[0]
        return assignee, creator

    auth.login("admin")
    assignee, creator = menus()
    assert ">support<" in assignee and ">anna<" not in creator
    post("/admin/users/new", {"username": "anna", "email": "anna@example.com", "role": "user",
                              "password": "anna-secret"})
    assignee, creator = menus()
    assert ">anna<" in creator and ">anna<" not in assignee
    anna = db.execute("SELECT id FROM users WHERE username = 'anna'").fetchone()[0]
    post(f"/admin/users/{anna}/role", {"role": "support"})
    assert ">anna<" in menus()[0]
    db.execute("UPDATE users SET username = 'anna2' WHERE id = ?", (anna,))  # elsewhere
    assignee, creator = menus()
    assert ">anna2<" in assignee and ">anna2<" in creator
