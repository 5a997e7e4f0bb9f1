from __future__ import annotations

import time

import pytest

TICKETS = "/api/v1/tickets"


def test_user_creates_a_ticket_and_is_always_the_creator(api):
    ticket = api.create_ticket(title="  Monitor flickers  ", priority="high")
    assert ticket["title"] == "Monitor flickers"
    assert ticket["status"] == "new"
    assert ticket["created_by"]["username"] == "user"
    assert ticket["assigned_to"] is None
    assert ticket["version"] == 1


@pytest.mark.parametrize("field,value", [
    ("status", "closed"), ("assigned_to", 1), ("created_by", 1), ("role", "admin"),
    ("id", 99), ("version", 5),
])
def test_create_refuses_mass_assignment(api, field, value):
    response = api.post(TICKETS, "user", json={"title": "x", "category": "bug", field: value})
    assert response.status_code == 422
    assert field in response.json["fields"]


@pytest.mark.parametrize("body,field", [
    ({"title": "   ", "category": "bug"}, "title"),
    ({"title": "x" * 201, "category": "bug"}, "title"),
    ({"title": "ok", "category": "hardware"}, "category"),
    ({"title": "ok", "category": "bug", "priority": "urgent"}, "priority"),
    ({"title": "ok", "category": "bug", "description": "x" * 20_001}, "description"),
    ({"title": 5, "category": "bug"}, "title"),
    ({"category": "bug"}, "title"),
])
def test_create_validates_every_field(api, body, field):
    response = api.post(TICKETS, "user", json=body)
    assert response.status_code == 422
    assert field in response.json["fields"]


def test_user_sees_only_own_tickets(api):
    mine = api.create_ticket(title="Mine")
    api.create_user("other")
    theirs = api.create_ticket("other", title="Theirs")
    listed = api.get(TICKETS, "user").json
    assert [t["id"] for t in listed["items"]] == [mine["id"]]
    assert listed["total"] == 1
    assert api.get(f"{TICKETS}/{theirs['id']}", "user").status_code == 404
    assert api.get(TICKETS, "support").json["total"] == 2


def test_user_cannot_open_change_or_delete_another_users_ticket(api):
    api.create_user("other")
    theirs = api.create_ticket("other", title="Theirs")
    path = f"{TICKETS}/{theirs['id']}"
    assert api.get(path, "user").status_code == 404
    assert api.patch(path, "user", json={"title": "Hacked"}).status_code == 404
    assert api.delete(path, "user").status_code == 404
    assert api.get(path, "other").json["title"] == "Theirs"


def test_missing_and_broken_ids_are_404(api):
    assert api.get(f"{TICKETS}/999999", "admin").status_code == 404
    assert api.get(f"{TICKETS}/abc", "admin").status_code == 404
    assert api.get(f"{TICKETS}/-1", "admin").status_code == 404
    assert api.get(f"{TICKETS}/99999999999999999999", "admin").status_code == 404


@pytest.mark.parametrize("field,value,status", [
    ("status", "in_progress", 422), ("assigned_to", 2, 403), ("priority", "high", 403),
    ("category", "feature", 403),
])
def test_user_may_not_patch_staff_fields(api, field, value, status):
    ticket = api.create_ticket()
    response = api.patch(f"{TICKETS}/{ticket['id']}", "user", json={field: value})
    assert response.status_code == status  # 422: the workflow refuses this step for users
    assert field in response.json["fields"]
    assert api.get(f"{TICKETS}/{ticket['id']}", "user").json[field] == ticket[field]


@pytest.mark.parametrize("field", ["created_by", "role", "internal", "last_updated_by"])
def test_patch_refuses_unknown_fields(api, field):
    ticket = api.create_ticket()
    response = api.patch(f"{TICKETS}/{ticket['id']}", "admin", json={field: 1})
    assert response.status_code == 422
    assert field in response.json["fields"]


def test_creator_may_edit_title_and_description(api):
    ticket = api.create_ticket()
    response = api.patch(f"{TICKETS}/{ticket['id']}", "user",
                         json={"title": "Printer jams daily", "description": "Every morning"})
    assert response.status_code == 200
    assert response.json["title"] == "Printer jams daily"
    assert response.json["version"] == 2
    assert response.json["last_updated_by"]["username"] == "user"


def test_the_whole_workflow(api):
    ticket = api.create_ticket()
    path = f"{TICKETS}/{ticket['id']}"

    def move(who, status):
        return api.patch(path, who, json={"status": status})

    assert move("support", "resolved").status_code == 422  # new -> resolved is not a step
    assert move("support", "in_progress").json["status"] == "in_progress"
    assert move("user", "resolved").status_code == 422
    assert move("support", "resolved").json["status"] == "resolved"
    assert move("user", "in_progress").json["status"] == "in_progress"  # still broken
    assert move("support", "resolved").json["status"] == "resolved"
    assert move("user", "closed").json["status"] == "closed"  # confirms the fix
    assert move("user", "in_progress").status_code == 422  # only staff reopen
    assert move("admin", "in_progress").json["status"] == "in_progress"  # reopen
    assert move("support", "new").status_code == 422
    refused = move("support", "new").json
    assert refused["error"] == "invalid_transition"
    assert "status" in refused["fields"]


def test_same_status_is_no_change(api):
    ticket = api.create_ticket()
    response = api.patch(f"{TICKETS}/{ticket['id']}", "support", json={"status": "new"})
    assert response.status_code == 200
    assert response.json["version"] == 1


def test_support_assigns_to_staff_only(api):
    ticket = api.create_ticket()
    path = f"{TICKETS}/{ticket['id']}"
    assigned = api.patch(path, "support", json={"assigned_to": 2})
    assert assigned.json["assigned_to"] == {"id": 2, "username": "support"}
    to_user = api.patch(path, "support", json={"assigned_to": 3})
    assert to_user.status_code == 422
    assert api.patch(path, "support", json={"assigned_to": 12345}).status_code == 422
    unassigned = api.patch(path, "support", json={"assigned_to": None})
    assert unassigned.json["assigned_to"] is None


def test_null_for_a_required_field_is_refused(api):
    ticket = api.create_ticket()
    response = api.patch(f"{TICKETS}/{ticket['id']}", "support", json={"priority": None})
    assert response.status_code == 422


def test_stale_version_gets_409_instead_of_overwriting(api):
    ticket = api.create_ticket()
    path = f"{TICKETS}/{ticket['id']}"
    assert api.patch(path, "support", json={"priority": "high", "version": 1}).status_code == 200
    stale = api.patch(path, "admin", json={"priority": "low", "version": 1})
    assert stale.status_code == 409
    assert stale.json["error"] == "stale_version"
    by_header = api.patch(path, "admin", json={"priority": "low"}, headers={"If-Match": '"1"'})
    assert by_header.status_code == 409
    fresh = api.patch(path, "admin", json={"priority": "low"}, headers={"If-Match": '"2"'})
    assert fresh.status_code == 200
    assert api.patch(path, "admin", json={"priority": "low"},
                     headers={"If-Match": "abc"}).status_code == 400


def test_only_admin_deletes_tickets(api):
    ticket = api.create_ticket()
    path = f"{TICKETS}/{ticket['id']}"
    assert api.delete(path, "support").status_code == 403
    assert api.delete(path, "user").status_code == 403
    assert api.delete(path, "admin").status_code == 204
    assert api.get(path, "admin").status_code == 404


def test_filters(api):
    a = api.create_ticket(title="Alpha", category="bug", priority="high")
    b = api.create_ticket(title="Beta", category="feature", priority="low")
    api.create_user("other")
    c = api.create_ticket("other", title="Gamma", category="support")
    api.patch(f"{TICKETS}/{a['id']}", "support", json={"assigned_to": 2, "status": "in_progress"})

    def ids(query, who="support"):
        response = api.get(TICKETS + query, who)
        assert response.status_code == 200, response.json
        return sorted(t["id"] for t in response.json["items"])

    assert ids("?status=in_progress") == [a["id"]]
    assert ids("?priority=low") == [b["id"]]
    assert ids("?category=support") == [c["id"]]
    assert ids("?assignee=me") == [a["id"]]
    assert ids("?assignee=none") == [b["id"], c["id"]]
    assert ids("?assignee=2") == [a["id"]]
    assert ids(f"?created_by={c['created_by']['id']}") == [c["id"]]
    assert ids("?created_by=me", "other") == [c["id"]]
    assert ids("?created_by=none") == [a["id"], b["id"], c["id"]]
    assert ids("?q=gamma", "user") == []  # search never shows what detail would refuse
    assert ids("?q=gamma") == [c["id"]]


def test_sorting_and_paging(api):
    made = []
    for priority in ("low", "high", "medium"):
        made.append(api.create_ticket(title=f"P {priority}", priority=priority))
        time.sleep(0.01)
    titles = [t["title"] for t in api.get(TICKETS + "?sort=-priority", "user").json["items"]]
    assert titles == ["P high", "P medium", "P low"]
    titles = [t["title"] for t in api.get(TICKETS + "?sort=priority", "user").json["items"]]
    assert titles == ["P low", "P medium", "P high"]
    ids = [t["id"] for t in api.get(TICKETS + "?sort=created", "user").json["items"]]
    assert ids == [t["id"] for t in made]
    assert [t["id"] for t in api.get(TICKETS + "?sort=-created", "user").json["items"]] == ids[::-1]
    assert [t["id"] for t in api.get(TICKETS + "?sort=updated", "user").json["items"]] == ids
    page = api.get(TICKETS + "?per_page=2&page=2&sort=created", "user").json
    assert [t["id"] for t in page["items"]] == [ids[2]]
    assert page["total"] == 3
    assert page["total_capped"] is False


@pytest.mark.parametrize("query", ["", "?q=capped", "?status=new&priority=medium"])
def test_total_is_exact_up_to_the_cap_and_flagged_beyond(api, monkeypatch, query):
    from helpdesk.tickets import service

    made = [api.create_ticket(title=f"Capped {n}")["id"] for n in range(4)]
    page = api.get(TICKETS + query, "support").json
    assert (page["total"], page["total_capped"]) == (4, False)
    monkeypatch.setattr(service, "TOTAL_CAP", 3)
    page = api.get(TICKETS + query, "support").json
    assert (page["total"], page["total_capped"]) == (3, True)
    assert len(page["items"]) == 4  # the cap limits the count, never the rows
    monkeypatch.setattr(service, "TOTAL_CAP", 4)
    page = api.get(TICKETS + query, "support").json
    assert (page["total"], page["total_capped"]) == (4, False)
    # A page past the end has no rows to carry the total; it is counted on its own.
    beyond = api.get(TICKETS + (query or "?") + "&page=3&per_page=2", "support").json
    assert beyond["items"] == []
    assert (beyond["total"], beyond["total_capped"]) == (4, False)
    second = api.get(TICKETS + (query or "?") + "&page=2&per_page=3&sort=created", "support")
    assert [t["id"] for t in second.json["items"]] == made[3:]


@pytest.mark.parametrize("cap", [None, 2])
def test_search_pages_and_sorts_like_the_list(api, monkeypatch, cap):
    # With a cap below the number of matches the page comes from a second query in sort
    # order; it must be the same page.
    if cap is not None:
        from helpdesk.tickets import service

        monkeypatch.setattr(service, "TOTAL_CAP", cap)
    made = [api.create_ticket(title=f"Needle {n}", priority=p)["id"]
            for n, p in enumerate(("low", "high", "medium", "high"))]
    api.create_ticket(title="Haystack")
    api.post(f"{TICKETS}/{made[0]}/comments", "support", json={"body": "needle again"})

    def found(query):
        page = api.get(TICKETS + "?q=needle&" + query, "support").json
        return [t["id"] for t in page["items"]], page["total"]

    total = 4 if cap is None else cap
    assert found("sort=created") == (made, total)  # a match in text and comment counts once
    assert found("sort=-created&per_page=3&page=2") == ([made[0]], total)
    assert found("sort=-priority")[0] == [made[3], made[1], made[2], made[0]]
    assert found("sort=priority")[0] == [made[0], made[2], made[3], made[1]]
    assert found("sort=-updated")[0][0] == made[0]  # the comment touched it last


def test_search_covers_title_description_and_visible_comments(api):
    ticket = api.create_ticket(title="VPN drops", description="Every hour the tunnel closes")
    other = api.create_ticket(title="Mouse", description="broken")
    api.post(f"{TICKETS}/{other['id']}/comments", "support", json={"body": "try the dongle"})
    api.post(f"{TICKETS}/{other['id']}/comments", "support",
             json={"body": "secretword", "internal": True})

    def found(q, who="user"):
        return [t["id"] for t in api.get(TICKETS, who, query_string={"q": q}).json["items"]]

    assert found("vpn") == [ticket["id"]]
    assert found("tunnel") == [ticket["id"]]
    assert found("dongle") == [other["id"]]
    assert found("secretword") == []  # internal notes are not searchable by users
    assert found("secretword", "support") == [other["id"]]


def test_unknown_query_parameters_are_refused(api):
    response = api.get(TICKETS + "?colour=red", "user")
    assert response.status_code == 422
    assert "colour" in response.json["fields"]


def test_admin_lists_and_sorts_with_unread_flags(api):
    api.create_ticket()
    listed = api.get(TICKETS, "support").json["items"]
    assert listed[0]["unread"] is True


def test_paging_stops_at_a_sane_depth(api):
    assert api.get(TICKETS + "?page=400&per_page=25", "user").status_code == 200
    deep = api.get(TICKETS + "?page=401&per_page=25", "user")
    assert deep.status_code == 422
    assert "filters or search" in deep.json["message"] + str(deep.json["fields"])


def test_detail_and_patch_carry_the_version_as_etag(api):
    ticket = api.create_ticket()
    path = f"{TICKETS}/{ticket['id']}"
    etag = api.get(path, "support").headers["ETag"]
    assert etag == '"1"'
    changed = api.patch(path, "support", json={"priority": "high"}, headers={"If-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] == '"2"'
    assert api.patch(path, "admin", json={"priority": "low"},
                     headers={"If-Match": etag}).status_code == 409
