from __future__ import annotations

import pytest

USERS = "/api/v1/users"

ADMIN_ROUTES = [
    ("GET", USERS, None), ("POST", USERS, {"username": "xavier", "email": "x@example.com",
                                          "password": "long-enough-1"}),
    ("GET", f"{USERS}/3", None), ("PATCH", f"{USERS}/3", {"role": "admin"}),
    ("DELETE", f"{USERS}/3", None), ("GET", "/api/v1/audit", None),
]


@pytest.mark.parametrize("method,path,body", ADMIN_ROUTES)
def test_admin_routes_refuse_user_and_support_and_anonymous(api, method, path, body):
    kwargs = {"json": body} if body is not None else {}
    for who in ("user", "support"):
        assert api.call(method, path, who, **kwargs).status_code == 403
    assert api.call(method, path, **kwargs).status_code == 401
    assert api.get(f"{USERS}/3", "admin").json["role"] == "user"


def test_staff_only_routes(api):
    assert api.get("/api/v1/stats", "user").status_code == 403
    assert api.get("/api/v1/stats").status_code == 401


def test_admin_creates_lists_and_reads_accounts(api):
    created = api.create_user("Maria", role="support", language="de")
    assert created["role"] == "support"
    assert created["language"] == "de"
    assert "password" not in created and "password_hash" not in created
    listed = api.get(USERS, "admin").json
    assert [u["username"] for u in listed["items"]] == ["admin", "Maria", "support", "user"]
    assert api.get(USERS + "?role=support", "admin").json["total"] == 2
    assert api.get(USERS + "?q=mar", "admin").json["items"][0]["username"] == "Maria"
    assert api.get(USERS + "?active=false", "admin").json["total"] == 0
    assert api.get(f"{USERS}/{created['id']}", "admin").json["email"] == "Maria@example.com"
    assert api.get(f"{USERS}/999", "admin").status_code == 404


def test_usernames_are_unique_case_insensitively(api):
    response = api.post(USERS, "admin", json={"username": "USER", "email": "u@example.com",
                                              "password": "long-enough-1"})
    assert response.status_code == 409
    assert "username" in response.json["fields"]


@pytest.mark.parametrize("body,field", [
    ({"username": "a b", "email": "a@example.com", "password": "long-enough-1"}, "username"),
    ({"username": "ab", "email": "a@example.com", "password": "long-enough-1"}, "username"),
    ({"username": "a" * 65, "email": "a@example.com", "password": "long-enough-1"},
     "username"),
    ({"username": "abc", "email": "not-an-email", "password": "long-enough-1"}, "email"),
    ({"username": "abc", "email": "a@example.com", "password": "short"}, "password"),
    ({"username": "abcdefgh", "email": "a@example.com", "password": "ABCDEFGH"}, "password"),
    ({"username": "abc", "email": "a@example.com", "password": "long-enough-1",
      "role": "root"}, "role"),
    ({"username": "<script>", "email": "a@example.com", "password": "long-enough-1"},
     "username"),
])
def test_create_validates(api, body, field):
    response = api.post(USERS, "admin", json=body)
    assert response.status_code == 422
    assert field in response.json["fields"]


def test_admin_changes_role_resets_password_and_deactivates(api):
    user = api.create_user("temp")
    path = f"{USERS}/{user['id']}"
    assert api.patch(path, "admin", json={"role": "support"}).json["role"] == "support"
    assert api.patch(path, "admin", json={"password": "new-password-2"}).status_code == 200
    assert api.client.post("/api/v1/auth/token", json={
        "username": "temp", "password": "new-password-2"}).status_code == 200
    assert api.patch(path, "admin", json={"password": "temp"}).status_code == 422
    assert api.patch(path, "admin", json={"is_active": False}).json["is_active"] is False
    assert api.patch(path, "admin", json={"is_active": True}).json["is_active"] is True
    assert api.patch(f"{USERS}/999", "admin", json={"role": "user"}).status_code == 404


def test_last_active_admin_can_neither_be_demoted_nor_deactivated(api):
    for change in ({"role": "support"}, {"is_active": False}):
        response = api.patch(f"{USERS}/1", "admin", json=change)
        assert response.status_code == 409
    second = api.create_user("second", role="admin")
    assert api.patch(f"{USERS}/1", "admin", json={"role": "support"}).status_code == 200
    assert api.patch(f"{USERS}/{second['id']}", "second", json={"is_active": False}
                     ).status_code == 409


def test_delete_only_accounts_without_tickets_or_comments(api):
    idle = api.create_user("idle")
    assert api.delete(f"{USERS}/{idle['id']}", "admin").status_code == 204
    assert api.get(f"{USERS}/{idle['id']}", "admin").status_code == 404
    api.create_ticket("user")
    response = api.delete(f"{USERS}/3", "admin")
    assert response.status_code == 409
    assert api.delete(f"{USERS}/1", "admin").status_code == 409  # not yourself
    assert api.delete(f"{USERS}/999", "admin").status_code == 404


def test_staff_can_list_whom_to_assign(api):
    api.create_user("helper", role="support")
    retired = api.create_user("retired", role="support")
    api.patch(f"{USERS}/{retired['id']}", "admin", json={"is_active": False})
    names = [u["username"] for u in api.get(USERS + "/assignable", "support").json["items"]]
    assert names == ["admin", "helper", "support"]
    assert api.get(USERS + "/assignable", "user").status_code == 403
    assert api.get(USERS + "/assignable").status_code == 401
