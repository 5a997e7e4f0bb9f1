"""User management: admin only, the last-admin rule, and deletion of unused accounts."""

import pytest

ADMIN_PAGES = [("get", "/admin/users"), ("get", "/admin/users/new"), ("get", "/admin/users/1"),
               ("post", "/admin/users/new"), ("post", "/admin/users/1/role"),
               ("post", "/admin/users/1/password"), ("post", "/admin/users/1/active"),
               ("post", "/admin/users/1/delete")]


@pytest.mark.parametrize(("method", "url"), ADMIN_PAGES)
@pytest.mark.parametrize("who", ["user", "support"])
def test_admin_pages_are_forbidden_for_other_roles(auth, client, post, db, method, url, who):
    auth.login(who)
    response = client.get(url) if method == "get" else post(url, {"role": "user",
                                                                 "active": "0"})
    assert response.status_code == 403
    assert db.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1"
                      ).fetchone()[0] == 1


@pytest.mark.parametrize(("method", "url"), ADMIN_PAGES)
def test_admin_pages_send_anonymous_visitors_to_the_login(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code in (302, 400)  # a POST without a session has no CSRF token
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]


def test_admin_lists_and_creates_accounts(auth, client, post):
    auth.login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "support" in page and "default password" in page
    response = post("/admin/users/new", {"username": "anna", "email": "anna@example.com",
                                         "role": "support", "password": "anna-secret"})
    assert response.status_code == 302
    assert "anna" in client.get("/admin/users").get_data(as_text=True)
    auth.logout()
    assert auth.login("anna", "anna-secret").status_code == 302
    assert client.get("/dashboard").status_code == 200


@pytest.mark.parametrize(("form", "field"), [
    ({"username": "USER"}, "username"), ({"username": ""}, "username"),
    ({"username": "a b"}, "username"), ({"username": "ab"}, "username"),
    ({"username": "x" * 65}, "username"), ({"email": "nope"}, "email"),
    ({"email": ""}, "email"), ({"email": "<b>@evil.example"}, "email"),
    ({"role": "root"}, "role"), ({"password": "short"}, "password"),
    ({"password": "newperson"}, "password"),
])
def test_bad_account_input_is_refused(auth, post, db, form, field):
    auth.login("admin")
    data = {"username": "newperson", "email": "new@example.com", "role": "user",
            "password": "long-secret",
            **form}
    response = post("/admin/users/new", data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 3


def test_role_change_takes_effect_at_once(auth, client, post, login_elsewhere, user_id):
    support = login_elsewhere("support")
    assert support.get("/dashboard").status_code == 200
    auth.login("admin")
    assert client.get(f"/admin/users/{user_id('support')}").status_code == 200
    assert post(f"/admin/users/{user_id('support')}/role", {"role": "user"}).status_code == 302
    assert support.get("/dashboard").status_code == 403
    assert post(f"/admin/users/{user_id('support')}/role", {"role": "god"}).status_code == 422


def test_the_last_active_admin_can_neither_be_demoted_nor_deactivated(auth, post, db,
                                                                      user_id):
    auth.login("admin")
    admin = user_id("admin")
    response = post(f"/admin/users/{admin}/role", {"role": "support"})
    assert response.status_code == 422
    assert "The last active administrator" in response.get_data(as_text=True)
    response = post(f"/admin/users/{admin}/active", {"active": "0"})
    assert response.status_code == 422
    row = db.execute("SELECT role, active FROM users WHERE id = ?", (admin,)).fetchone()
    assert tuple(row) == ("admin", 1)
    # With a second admin, the first may step down.
    post(f"/admin/users/{user_id('support')}/role", {"role": "admin"})
    assert post(f"/admin/users/{admin}/role", {"role": "support"}).status_code == 302


def test_password_reset_ends_sessions_and_clears_the_default_flag(auth, post, db,
                                                                  login_elsewhere, user_id):
    victim = login_elsewhere("user")
    auth.login("admin")
    assert post(f"/admin/users/{user_id('user')}/password",
                {"password": "short"}).status_code == 422
    assert post(f"/admin/users/{user_id('user')}/password",
                {"password": "brand-new-1"}).status_code == 302
    assert victim.get("/tickets").status_code == 302
    assert db.execute("SELECT default_password FROM users WHERE username = 'user'"
                      ).fetchone()[0] == 0
    auth.logout()
    assert auth.login("user", "brand-new-1").status_code == 302


def test_only_unused_accounts_can_be_deleted(auth, post, make_ticket, db, user_id):
    make_ticket("user")
    auth.logout()
    auth.login("admin")
    response = post(f"/admin/users/{user_id('user')}/delete")
    assert response.status_code == 422 and "cannot be deleted" in response.get_data(
        as_text=True)
    response = post(f"/admin/users/{user_id('admin')}/delete")
    assert response.status_code == 422
    assert "own account" in response.get_data(as_text=True)
    assert post(f"/admin/users/{user_id('support')}/delete").status_code == 302
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 2
    assert post("/admin/users/999/delete").status_code == 404
    assert post("/admin/users/99999999999999999999999/delete").status_code == 404
