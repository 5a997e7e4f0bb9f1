"""The SPA against the attacks of ../shared/SECURITY.md that a browser can try.

Stored XSS in every text field a person can fill (ticket title and description, a reply,
an internal note) and in attachment names, viewed by the author, support and an
administrator (list, search, detail, audit log, dashboard): shown as literal text, no
element or handler of its own, never a dialog. (User names and e-mail addresses cannot
hold markup: the API's patterns refuse < > " '.)
Another user's ticket opened by its URL: a not-found page and none of its data. Logout:
the cookies copied before are refused afterwards, by the API and in the browser. A
password change in the profile ends the account's other sign-ins and keeps this one. Uploads:
a PNG named like markup keeps its name as text and downloads with its original bytes;
an HTML page disguised as a PNG is refused with a clear message.
"""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.attacks import XSS_PAYLOADS
from tests.native.spa import NOT_ACCEPTED, PASSWORD, Api, png_bytes

pytestmark = pytest.mark.browser

PAYLOADS = XSS_PAYLOADS
MARKUP_NAME = "<img src=x onerror=alert(1)>.png"


def detail_heading(ticket_id: int, title: str) -> str:
    return f"Ticket #{ticket_id}: {title}"


def test_a_user_cannot_open_another_users_ticket_by_url(person, admin_api: Api, spa_server):
    admin_api.create_user("idor-owner")
    admin_api.create_user("idor-other")
    owner = Api(spa_server, "idor-owner", PASSWORD)
    secret = "Gehaltsliste Q3 liegt offen auf dem Drucker"
    ticket = owner.create_ticket(secret, "Vertraulich: Kontonummer DE02 1203 0000 0000 2020 51")
    owner.post(f"/tickets/{ticket['id']}/comments", {"body": "Vertraulicher Kommentar"})
    attachment = owner.upload(ticket["id"], "gehaelter.png", png_bytes())

    other = person()
    other.login("idor-other", PASSWORD)
    other.goto(f"/tickets/{ticket['id']}")
    expect(other.heading()).to_have_text("Page not found")
    expect(other.page.get_by_text("There is nothing at this address.")).to_be_visible()
    content = other.page.content()
    for leaked in (secret, "Vertraulich", "Kontonummer", "gehaelter.png", "idor-owner"):
        assert leaked not in content
    # What the app could ask for with this person's session: 404 everywhere, not 403.
    for path in (f"/tickets/{ticket['id']}", f"/tickets/{ticket['id']}/comments",
                 f"/tickets/{ticket['id']}/attachments", f"/attachments/{attachment['id']}"):
        assert other.api_status(path) == 404, path
    # Neither the list nor its search shows it.
    other.goto("/tickets?q=Gehaltsliste")
    expect(other.page.get_by_text("No tickets match these filters.")).to_be_visible()
    assert secret not in other.page.content()

    # The owner, for contrast, sees it at the same address.
    owner_page = person()
    owner_page.login("idor-owner", PASSWORD)
    owner_page.goto(f"/tickets/{ticket['id']}")
    expect(owner_page.heading()).to_have_text(detail_heading(ticket["id"], secret))
    expect(owner_page.attachments().get_by_role("link", name="Download gehaelter.png")) \
        .to_be_visible()


def test_logout_ends_the_session_and_the_old_cookies_are_refused(person, admin_api: Api,
                                                                spa_server: str):
    admin_api.create_user("logout-check")
    someone = person()
    someone.login("logout-check", PASSWORD)
    cookies = someone.context.cookies()
    jar = {cookie["name"]: cookie["value"] for cookie in cookies}
    assert {"access_token_cookie", "refresh_token_cookie", "csrf_access_token",
            "csrf_refresh_token"} <= set(jar)
    assert all(cookie["httpOnly"] for cookie in cookies if cookie["name"].endswith("_cookie"))

    def me() -> int:
        return requests.get(f"{spa_server}/api/v1/auth/me", cookies=jar, timeout=10).status_code

    assert me() == 200  # the copied cookies work while the session lasts

    someone.logout()
    expect(someone.heading()).to_have_text("Log in")
    assert "access_token_cookie" not in {c["name"] for c in someone.context.cookies()}

    assert me() == 401
    renewed = requests.post(f"{spa_server}/api/v1/auth/refresh", cookies=jar, timeout=10,
                            headers={"X-CSRF-TOKEN": jar["csrf_refresh_token"]})
    assert renewed.status_code == 401
    write = requests.post(f"{spa_server}/api/v1/tickets", cookies=jar, timeout=10,
                          headers={"X-CSRF-TOKEN": jar["csrf_access_token"]},
                          json={"title": "nach dem Abmelden", "category": "bug"})
    assert write.status_code == 401

    # Put the old cookies back into the browser: the app still sends its person to login.
    someone.context.add_cookies(cookies)
    assert someone.api_status("/auth/me") == 401
    someone.goto("/tickets")
    expect(someone.heading()).to_have_text("Log in")
    assert "/login" in someone.page.url


def test_a_password_change_ends_the_other_sign_ins(person, admin_api: Api):
    admin_api.create_user("pw-change")
    here = person()
    here.login("pw-change", PASSWORD)
    there = person()
    there.login("pw-change", PASSWORD)

    here.nav().get_by_role("link", name="Profile").click()
    expect(here.heading()).to_have_text("Profile")
    form = here.main().get_by_role("form", name="Change password")
    form.get_by_label("Current password").fill("not-the-password")
    form.get_by_label(re.compile("^New password")).fill("Neues-Passwort-2026")
    form.get_by_label("Repeat the new password").fill("Neues-Passwort-2026")
    form.get_by_role("button", name="Change password").click()
    expect(form.get_by_role("alert")).to_have_text("The current password is wrong.")
    there.page.reload()
    expect(there.heading()).to_have_text("Tickets")  # nothing changed yet

    form.get_by_label("Current password").fill(PASSWORD)
    form.get_by_label(re.compile("^New password")).fill("Neues-Passwort-2026")
    form.get_by_label("Repeat the new password").fill("Neues-Passwort-2026")
    form.get_by_role("button", name="Change password").click()
    expect(form.get_by_role("status")).to_have_text(
        "Your password was changed. Your other sign-ins have been ended.")
    here.page.reload()
    expect(here.heading()).to_have_text("Profile")  # this browser stays signed in
    there.page.reload()
    expect(there.heading()).to_have_text("Log in")
    there.page.get_by_label("Username").fill("pw-change")
    there.page.get_by_label("Password").fill(PASSWORD)
    there.page.get_by_role("button", name="Log in").click()
    expect(there.page.get_by_role("alert")).to_have_text("Wrong username or password.")
    there.login("pw-change", "Neues-Passwort-2026")


def test_a_png_named_like_markup_keeps_its_name_and_bytes(person, admin_api: Api):
    admin_api.create_user("files-owner")
    admin_api.create_user("files-stranger")
    owner = person()
    owner.login("files-owner", PASSWORD)
    ticket_id = owner.create_ticket("Bildschirmfoto vom Fehler", "Siehe Anhang.")
    image = png_bytes(4, 3)

    owner.upload(MARKUP_NAME, image)
    expect(owner.attachments().get_by_role("status")).to_have_text(f"{MARKUP_NAME} was attached.")
    link = owner.attachments().get_by_role("link", name=f"Download {MARKUP_NAME}", exact=True)
    expect(link).to_have_text(MARKUP_NAME)
    assert owner.active_content() == []
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"/api/v1/attachments/\d+", href), href

    with owner.page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None
    with open(download.path(), "rb") as saved:
        assert saved.read() == image
    response = owner.page.request.get(owner.base_url + href)
    assert response.status == 200 and response.body() == image
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"

    # An HTML page behind a PNG header, and plain HTML: refused with a clear message.
    disguised = b"\x89PNG\r\n\x1a\n<html><body><script>alert(1)</script></body></html>"
    for name, content, mime in (("fehler.png", disguised, "image/png"),
                                ("fehler.html", b"<html><script>alert(1)</script>", "text/html")):
        owner.upload(name, content, mime)
        expect(owner.attachments().get_by_role("alert")).to_have_text(NOT_ACCEPTED)
        expect(owner.attachments().get_by_role("link", name=f"Download {name}")).to_have_count(0)
    expect(owner.attachments().get_by_role("listitem")).to_have_count(1)

    # Support sees the same name as text and gets the same bytes; a stranger gets 404.
    support = person()
    support.login("support")
    support.goto(f"/tickets/{ticket_id}")
    support_link = support.attachments().get_by_role("link", name=f"Download {MARKUP_NAME}")
    expect(support_link).to_have_text(MARKUP_NAME)
    with support.page.expect_download() as info:
        support_link.click()
    with open(info.value.path(), "rb") as saved:
        assert saved.read() == image
    stranger = person()
    stranger.login("files-stranger", PASSWORD)
    assert stranger.api_status(href.removeprefix("/api/v1")) == 404


def test_xss_payloads_render_as_text_for_every_role(person, admin_api: Api, snap):
    admin_api.create_user("xss-author")
    author = person()
    author.login("xss-author", PASSWORD)
    tickets: dict[str, int] = {}
    for payload in PAYLOADS:
        ticket_id = author.create_ticket(payload, f"Beschreibung {payload}\nZeile 2 {payload}")
        author.reply(f"Kommentar {payload}")
        if "/" not in payload:  # a slash would make it a path, not a file name
            author.upload(f"{payload}.png", png_bytes())
            expect(author.attachments().get_by_role("status")).to_have_text(
                f"{payload}.png was attached.")
        tickets[payload] = ticket_id
    assert author.active_content() == []

    support = person()
    support.login("support")
    for payload, ticket_id in tickets.items():
        support.goto(f"/tickets/{ticket_id}")
        expect(support.heading()).to_have_text(detail_heading(ticket_id, payload))
        support.reply(f"Antwort {payload}")
        support.reply(f"Notiz {payload}", internal=True)
        assert support.active_content() == []

    admin = person()
    admin.login("admin")
    for role, who in (("author", author), ("support", support), ("admin", admin)):
        who.goto("/tickets")
        for payload in PAYLOADS:
            expect(who.page.get_by_role("link", name=payload, exact=True)).to_be_visible()
        assert who.active_content() == []
        who.goto("/tickets?q=alert")
        expect(who.page.get_by_role("link", name=PAYLOADS[0], exact=True)).to_be_visible()
        assert who.active_content() == []
        staff = role != "author"
        for payload, ticket_id in tickets.items():
            who.goto(f"/tickets/{ticket_id}")
            expect(who.heading()).to_have_text(detail_heading(ticket_id, payload))
            expect(who.page.get_by_text(f"Beschreibung {payload}\nZeile 2 {payload}")) \
                .to_be_visible()
            thread = who.thread()
            expect(thread.get_by_text(f"Kommentar {payload}", exact=True)).to_be_visible()
            expect(thread.get_by_text(f"Antwort {payload}", exact=True)).to_be_visible()
            expect(thread.get_by_text(f"Notiz {payload}", exact=True)).to_have_count(int(staff))
            if "/" not in payload:
                expect(who.attachments().get_by_role("link", name=f"Download {payload}.png",
                                                     exact=True)).to_have_text(f"{payload}.png")
            assert who.active_content() == [], (role, payload)
        snap(who, f"detail-as-{role}")

    # The administrator's own pages show the same text: the audit log's before/after
    # values (titles, descriptions, file names) and the dashboard.
    audit = admin.main().get_by_role("table", name="Audit log")
    admin.goto("/audit?action=ticket.create&per_page=100")
    for payload in PAYLOADS:
        expect(audit.get_by_text(payload, exact=True)).to_be_visible()
    assert admin.active_content() == []
    snap(admin, "audit-log")
    admin.goto("/audit?action=attachment.create&per_page=100")
    for payload in PAYLOADS:
        if "/" not in payload:
            expect(audit.get_by_text(f"{payload}.png", exact=True)).to_be_visible()
    assert admin.active_content() == []
    admin.goto("/dashboard")
    expect(admin.page.get_by_role("figure", name="Tickets by status")).to_be_visible()
    assert admin.active_content() == []
