"""Logging in and out, throttling, session revocation, CSRF and redirects."""

import time

import pytest

WRONG = "Unknown user name or wrong password."


def test_login_page_and_redirect_for_anonymous(client):
    assert client.get("/login").status_code == 200
    response = client.get("/tickets")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/").headers["Location"].endswith("/tickets")


def test_demo_user_logs_in_and_out(auth, client):
    response = auth.login("user")
    assert response.status_code == 302 and response.headers["Location"] == "/tickets"
    assert client.get("/tickets").status_code == 200
    assert client.get("/login").status_code == 302  # already logged in
    assert auth.logout().headers["Location"] == "/login"
    assert client.get("/tickets").status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_answer(auth):
    unknown = auth.login("nobody", "whatever1")
    wrong = auth.login("user", "wrong-password")
    assert unknown.status_code == wrong.status_code == 200
    assert WRONG in unknown.get_data(as_text=True)
    assert WRONG in wrong.get_data(as_text=True)


def test_usernames_are_case_insensitive_at_login(auth):
    assert auth.login("USER", "user123").status_code == 302


def test_failures_slow_an_account_down_and_then_lock_it(auth, db):
    def skip_short_waits():  # what waiting a few seconds would do
        db.execute("UPDATE login_failures SET locked_until = 0 WHERE failures < 5")

    for _ in range(2):
        assert WRONG in auth.login("user", "bad-password").get_data(as_text=True)
    third = auth.login("user", "bad-password").get_data(as_text=True)
    assert "Please wait 2 seconds" in third
    slowed = auth.login("user", "user123")  # even the right password must wait
    assert slowed.status_code == 429 and "seconds" in slowed.get_data(as_text=True)
    skip_short_waits()
    assert "Please wait 4 seconds" in auth.login("user", "bad-password").get_data(
        as_text=True)
    skip_short_waits()
    fifth = auth.login("user", "bad-password").get_data(as_text=True)
    assert "Please wait 15 minutes" in fifth
    locked = auth.login("user", "user123")
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.get_data(as_text=True)
    # Unknown accounts are slowed and locked the same way, so the lock reveals nothing.
    for _ in range(5):
        auth.login("ghost", "bad-password")
        db.execute("UPDATE login_failures SET locked_until = 0 "
                   "WHERE key = 'user:ghost' AND failures < 5")
    assert auth.login("ghost", "bad-password").status_code == 429
    # Other accounts are unaffected, and when the lock ends counting starts again.
    assert auth.login("support").status_code == 302
    db.execute("UPDATE login_failures SET locked_until = ?", (time.time() - 1,))
    auth.logout()
    assert WRONG in auth.login("user", "bad-password").get_data(as_text=True)
    assert auth.login("user").status_code == 302


def test_one_client_is_locked_after_many_failures_across_accounts(app, auth):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for name in ("a1", "a2", "a3"):
        auth.login(name, "bad-password")
    assert auth.login("admin", "admin123").status_code == 429


def test_a_successful_login_clears_the_account_failures(auth, db):
    auth.login("user", "bad-password")
    auth.login("user")
    assert db.execute("SELECT count(*) FROM login_failures WHERE key = 'user:user'"
                      ).fetchone()[0] == 0


def test_a_deactivated_account_cannot_log_in(auth, db):
    db.execute("UPDATE users SET active = 0 WHERE username = 'user'")
    response = auth.login("user")
    assert response.status_code == 200
    assert "deactivated" in response.get_data(as_text=True)


def test_next_to_a_local_page_is_followed(post):
    response = post("/login?next=/tickets/new", {"username": "user", "password": "user123"})
    assert response.headers["Location"] == "/tickets/new"


@pytest.mark.parametrize(("form", "message"), [
    ({"current_password": "wrong", "new_password": "a-new-secret",
      "confirm_password": "a-new-secret"}, "The current password is wrong."),
    ({"current_password": "user123", "new_password": "short", "confirm_password": "short"},
     "at least 8 characters"),
    ({"current_password": "user123", "new_password": "a-new-secret",
      "confirm_password": "different"}, "The two new passwords differ."),
    ({"current_password": "user123", "new_password": "USERuser", "confirm_password": "x"},
     None),
])
def test_a_password_change_needs_the_current_password_and_a_valid_new_one(auth, post, form,
                                                                           message):
    auth.login("user")
    assert post("/account/password", {}).status_code == 422
    response = post("/account/password", form)
    assert response.status_code == 422
    if message:
        assert message in response.get_data(as_text=True)
    auth.logout()
    assert auth.login("user", "user123").status_code == 302


def test_the_session_ends_after_the_absolute_lifetime(app, auth, client):
    auth.login("user")
    with client.session_transaction() as session:
        session["login_at"] = time.time() - app.config["SESSION_ABSOLUTE_SECONDS"] - 1
    assert client.get("/tickets").status_code == 302


def test_the_language_can_be_switched_and_is_remembered(client, post):
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)
    german = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert "Anmelden" in german.get_data(as_text=True)
    response = post("/language", {"lang": "de", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert "Benutzername" in client.get("/login").get_data(as_text=True)
    assert post("/language", {"lang": "fr"}).status_code == 400
    assert post("/language", {"lang": "en", "next": "//evil"}).headers["Location"] == \
        "/tickets"


def session_cookie_sent(response) -> bool:
    return any(header.startswith("micro_session=")
               for header in response.headers.getlist("Set-Cookie"))


@pytest.mark.speedups
def test_an_unchanged_session_gets_a_new_cookie_at_most_once_a_minute(auth, client,
                                                                     monkeypatch):
    auth.login("user")
    client.get("/tickets")  # the first page stores the CSRF token: a new cookie
    assert not session_cookie_sent(client.get("/tickets"))  # nothing changed, cookie fresh
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/tickets")
    assert response.status_code == 200 and session_cookie_sent(response)  # idle time restarts
    assert "Cookie" in response.headers["Vary"]


def test_an_idle_session_ends_after_30_minutes(auth, client, monkeypatch):
    auth.login("user")
    assert client.get("/tickets").status_code == 200
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/tickets")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
