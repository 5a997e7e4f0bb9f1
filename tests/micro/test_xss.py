"""Stored XSS: every payload in every text field, viewed by every role on every page.

The `person` fixture fails the test if any dialog opens; the text must also appear
literally, proving it was shown as text and not swallowed as markup.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.attacks import XSS_PAYLOADS

pytestmark = pytest.mark.browser

PAYLOADS = XSS_PAYLOADS
# Payloads a username field might be sent; the username rule (letters, digits and . _ @ -)
# refuses every one.
USERNAME_PAYLOADS = ["<script>alert(1)</script>", "'><details/open/ontoggle=confirm(1)>",
                     '"><img/src=x/onerror=alert(1)>', "<svg/onload=alert(1)>"]


def test_payloads_render_as_text_everywhere(person, snap):
    admin = person()
    admin.login("admin")
    for index, name in enumerate([*USERNAME_PAYLOADS, "xss.author"]):
        admin.goto("/admin/users/new")
        admin.page.get_by_label("Username").fill(name)
        admin.page.get_by_label("E-mail").fill(f"x{index}@example.com")
        admin.page.get_by_label("Initial password").fill("xss-password-1")
        admin.page.get_by_role("button", name="Create account").click()
        if name in USERNAME_PAYLOADS:
            expect(admin.page.get_by_text("3 to 64 characters: letters, digits and . _ @ -")
                   ).to_be_visible()
            expect(admin.page.get_by_label("Username")).to_have_value(name)
    expect(admin.page.get_by_text("The account xss.author was created.")).to_be_visible()
    expect(admin.page.get_by_role("cell", name="xss.author", exact=True)).to_be_visible()
    for name in USERNAME_PAYLOADS:
        expect(admin.page.get_by_role("cell", name=name)).to_have_count(0)
    snap(admin, "admin-users-payload-names-refused")

    author = person()
    author.login("xss.author", "xss-password-1")
    ticket_ids = []
    for payload in PAYLOADS:
        ticket_id = author.create_ticket(payload, f"Beschreibung {payload}")
        author.page.get_by_label("Your comment").fill(f"Kommentar {payload}")
        author.page.get_by_role("button", name="Send").click()
        expect(author.page.get_by_test_id("timeline")).to_contain_text(f"Kommentar {payload}")
        expect(author.page.get_by_test_id("description")).to_have_text(
            f"Beschreibung {payload}")
        ticket_ids.append(ticket_id)
    author.goto("/tickets")
    for payload in PAYLOADS:
        expect(author.page.get_by_role("link", name=payload, exact=True)).to_be_visible()
    snap(author, "author-list")

    support = person()
    support.login("support")
    for ticket_id, payload in zip(ticket_ids, PAYLOADS, strict=True):
        support.goto(f"/tickets/{ticket_id}")
        expect(support.page.get_by_role("heading", level=1)).to_contain_text(payload)
        support.page.get_by_label("Reply").fill(f"Notiz {payload}")
        support.page.get_by_label("Internal note").check()
        support.page.get_by_role("button", name="Save").click()
        expect(support.page.get_by_test_id("timeline")).to_contain_text(f"Notiz {payload}")
    snap(support, "support-detail")
    for path in ("/tickets", "/tickets?q=alert", "/dashboard", "/tickets?sort=priority"):
        support.goto(path)
    admin.goto(f"/tickets/{ticket_ids[0]}/delete")
    expect(admin.page.get_by_text(PAYLOADS[0])).to_be_visible()


def test_payloads_in_search_and_filters_are_inert(person):
    someone = person()
    someone.login("user")
    for payload in PAYLOADS:
        someone.page.get_by_label("Search").fill(payload)
        someone.page.get_by_role("button", name="Apply").click()
        expect(someone.page.get_by_label("Search")).to_have_value(payload)
    someone.goto('/tickets?status="><script>alert(1)</script>')
    expect(someone.page.get_by_role("alert")).to_contain_text("ignored: Status")
