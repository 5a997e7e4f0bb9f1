"""Every page for every role: who gets the page, who is refused, who is sent to log in."""

import pytest

ROLES = ["anonymous", "user", "support", "admin"]
# page -> expected status per role (anonymous is redirected to the log-in page: 302)
PAGES = {
    "/": [302, 302, 302, 302],
    "/login": [200, 302, 302, 302],
    "/healthz": [200, 200, 200, 200],
    "/tickets": [302, 200, 200, 200],
    "/tickets/new": [302, 200, 200, 200],
    "/tickets/export.csv": [302, 200, 200, 200],
    "/tickets/{own}": [302, 200, 200, 200],
    "/tickets/{other}": [302, 404, 200, 200],
    "/tickets/{own}/delete": [302, 403, 403, 200],
    "/tickets/{other}/delete": [302, 404, 403, 200],
    "/account/password": [302, 200, 200, 200],
    "/dashboard": [302, 403, 200, 200],
    "/admin/users": [302, 403, 403, 200],
    "/admin/users/new": [302, 403, 403, 200],
    "/admin/users/1": [302, 403, 403, 200],
    "/admin/users/999": [302, 403, 403, 404],
    "/nowhere": [404, 404, 404, 404],
}


@pytest.fixture
def tickets(make_ticket, auth):
    ids = {"own": make_ticket("user", "Eigenes"), "other": make_ticket("admin", "Fremdes")}
    auth.logout()
    return ids


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(auth, client, tickets, role):
    if role != "anonymous":
        auth.login(role)
    for page, expected in PAGES.items():
        response = client.get(page.format(**tickets))
        assert response.status_code == expected[ROLES.index(role)], (page, role)
        if response.status_code == 302 and role == "anonymous" and page not in ("/",):
            assert response.headers["Location"].startswith("/login")


def test_unknown_users_cost_a_password_check_too(app, auth, monkeypatch):
    real = app.extensions["micro_password_hasher"]
    checked = []

    class Spy:
        def verify(self, hash_, password):
            checked.append(hash_)
            return real.verify(hash_, password)

    monkeypatch.setitem(app.extensions, "micro_password_hasher", Spy())
    auth.login("nobody-here", "whatever-1")
    auth.login("user", "wrong-password")
    assert len(checked) == 2
    assert checked[0] == app.extensions["micro_dummy_hash"]
    assert checked[0].startswith("$argon2id$")


def test_the_dummy_hash_costs_a_real_check():
    """argon2's cost is set by its parameters and the salt and digest lengths: a dummy hash
    equal to a real one in all of them costs a real check (no stopwatch needed)."""
    from argon2 import PasswordHasher, extract_parameters
    from argon2.exceptions import VerifyMismatchError

    from micro.security import dummy_hash

    hasher = PasswordHasher(time_cost=2, memory_cost=4096, parallelism=1)
    fake = dummy_hash(hasher)
    real = hasher.hash("something")
    assert fake.startswith("$argon2id$v=19$m=4096,t=2,p=1$")
    assert not hasher.check_needs_rehash(fake)
    assert extract_parameters(fake) == extract_parameters(real)
    assert [len(part) for part in fake.split("$")] == [len(part) for part in real.split("$")]
    assert fake != dummy_hash(hasher)  # a fresh salt and digest each time
    with pytest.raises(VerifyMismatchError):  # the full check runs and fails
        hasher.verify(fake, "something")
