"""Nano in a real browser against the attacks of ../shared/SECURITY.md that apply to it.

Stored XSS: every payload is stored through the UI in a ticket's title, description and
comment (by the user) and in a reply (by support), then viewed as user, support and
admin, in the list and in the detail view. It must show as literal text, create no
element or link of its own, and never open a dialog. A payload as a user name is refused
with a clear message. Also: SQL metacharacters in the search, the login lock, the German
UI, a phone-sized screen and the dark theme by default.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.attacks import XSS_PAYLOADS
from tests.nano.driver import DEMO_PASSWORDS, NanoPage

pytestmark = pytest.mark.browser

PAYLOADS = XSS_PAYLOADS
INTERNAL_NOTE = "internal: <img src=x onerror=alert(2)> do not tell the user"

# Everything user text could turn into if it were rendered as HTML or active Markdown.
# Streamlit itself draws a few SVG icons (heading anchors, buttons); user text lives in
# Markdown and text elements, where there must be none.
FIND_ACTIVE_CONTENT = """() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    for (const attribute of el.attributes) {
      if (/^on/i.test(attribute.name)) found.push(`${el.tagName} ${attribute.name}`);
    }
    const href = (el.getAttribute('href') || '') + (el.getAttribute('src') || '');
    if (/^\\s*javascript:/i.test(href)) found.push(`${el.tagName} ${href}`);
  }
  const app = document.querySelector('[data-testid=stApp]');
  // Nano's own fixed scripts (<html lang>, theme, session cookie) sit in the sidebar, where
  // no user text is shown; a payload would be in the main area.
  const own = (el) => el.tagName === 'SCRIPT' && el.closest('[data-testid=stSidebar]');
  for (const el of app.querySelectorAll('img, script, details, iframe, object, embed')) {
    if (own(el)) continue;
    // The filter panel is Streamlit's own expander, a <details> element of the app.
    if (el.tagName === 'DETAILS' && el.parentElement.matches('[data-testid=stExpander]')) {
      continue;
    }
    found.push(el.tagName);
  }
  const userText = '[data-testid=stMarkdownContainer] *, [data-testid=stText] *, '
    + '[data-testid=stHtml] *';
  for (const el of app.querySelectorAll(userText)) {
    if (el.closest('[data-testid=stHeaderActionElements]') || own(el)) continue;
    const inert = ['P', 'STRONG', 'SPAN', 'DIV', 'H1', 'H2', 'H3', 'BR', 'EM', 'CODE'];
    if (!inert.includes(el.tagName)) {
      found.push(`${el.tagName} in user text`);
    }
  }
  return found;
}"""


def assert_inert(nano: NanoPage) -> None:
    nano.idle()
    assert nano.page.evaluate(FIND_ACTIVE_CONTENT) == []


@pytest.fixture(scope="module")
def stored(browser, nano_server) -> dict[str, int]:
    """Every payload stored through the UI: {payload: ticket id}.

    The user puts each one in a title, a description and a comment; support replies
    with it, and leaves one internal note with a payload too.
    """
    context = browser.new_context()
    opened: list[str] = []
    context.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    nano = NanoPage(context.new_page(), nano_server)
    nano.login("user")
    tickets = {}
    for payload in PAYLOADS:
        ticket_id = nano.create_ticket(payload, f"{payload}\nsecond line: {payload}")
        nano.main.get_by_role("textbox", name="Your comment").fill(payload)
        nano.click("Send comment", then="Saved.")
        tickets[payload] = ticket_id
    nano.logout()
    nano.login("support")
    for index, (payload, ticket_id) in enumerate(tickets.items()):
        nano.open_ticket(ticket_id)
        nano.main.get_by_role("textbox", name="Reply", exact=True).fill(f"support: {payload}")
        nano.click("Send reply / save changes", then="Saved.")
        if index == 0:
            nano.main.get_by_role("textbox", name="Reply", exact=True).fill(INTERNAL_NOTE)
            nano.main.get_by_text("Internal note (only support").click()
            nano.click("Send reply / save changes", then="Saved.")
        nano.click("Back to the list")
    context.close()
    assert opened == [], f"a script ran and opened dialogs: {opened}"
    return tickets


@pytest.mark.parametrize("role", ["user", "support", "admin"])
def test_stored_payloads_show_as_text_for_every_role(
    page: Page, dialogs, nano_server, stored, role, screenshot,
):
    nano = NanoPage(page, nano_server)
    nano.login(role)
    for payload, ticket_id in stored.items():
        headline = re.compile("^" + re.escape(f"#{ticket_id} {payload}") + "( · .*)?$")
        expect(nano.main.get_by_text(headline)).to_be_visible()
    assert_inert(nano)
    screenshot(f"list-as-{role}")
    for payload, ticket_id in stored.items():
        nano.open_ticket(ticket_id)
        expect(nano.main.get_by_role("heading", level=2)).to_have_text(f"#{ticket_id} {payload}")
        expect(nano.main.get_by_text(f"{payload}\nsecond line: {payload}")).to_be_visible()
        expect(nano.main.get_by_text(payload, exact=True)).to_be_visible()  # the comment
        expect(nano.main.get_by_text(f"support: {payload}", exact=True)).to_be_visible()
        note = nano.main.get_by_text(INTERNAL_NOTE, exact=True)
        if ticket_id == stored[PAYLOADS[0]]:
            expect(note).to_have_count(0 if role == "user" else 1)
            screenshot(f"detail-as-{role}")
        assert_inert(nano)
        nano.click("Back to the list")
    if role != "user":
        nano.go("Dashboard")
        assert_inert(nano)
    if role == "admin":
        nano.go("Users")
        assert_inert(nano)


# URLs in user text (issue #17.5): Streamlit's Markdown turns `www.…` and `https://…` in
# any text into links, escaped or not, so user text must never go through Markdown.
LINK_NAME = "www.evil.example"
LINK_TEXT = "Visit www.evil.example or https://evil.example/login now"
LINK_REPLY = "See https://evil.example/fix or write to help@evil.example"
FIND_LINKS_TO_USER_URLS = """() => [...document.querySelectorAll('a[href]')]
  .map(a => a.getAttribute('href')).filter(href => /evil\\.example/i.test(href))"""


def assert_no_links_to_user_urls(nano: NanoPage) -> None:
    nano.idle()
    assert nano.page.evaluate(FIND_LINKS_TO_USER_URLS) == []


def test_urls_in_user_text_never_become_links(page: Page, dialogs, fresh_nano_server):
    """A URL (or a user name like a domain) in a title, description, comment, reply or
    user name shows as text everywhere, never as a live link to the attacker's site."""
    nano = NanoPage(page, fresh_nano_server)
    nano.login("admin")
    nano.go("Users")
    form = nano.main.get_by_test_id("stForm")
    form.get_by_role("textbox", name="Username", exact=True).fill(LINK_NAME)
    form.get_by_role("textbox", name="E-mail", exact=True).fill("help@evil.example")
    form.get_by_role("textbox", name="Initial password", exact=True).fill("long-enough-1")
    nano.click("Create account", then=f"User {LINK_NAME} was created.")
    assert_no_links_to_user_urls(nano)
    nano.logout()
    nano.login(LINK_NAME, "long-enough-1")
    expect(nano.sidebar.get_by_text(f"Signed in as {LINK_NAME} (User)")).to_be_visible()
    ticket_id = nano.create_ticket(LINK_TEXT, LINK_TEXT)
    nano.main.get_by_role("textbox", name="Your comment").fill(LINK_TEXT)
    nano.click("Send comment", then="Saved.")
    nano.logout()
    nano.login("support")
    nano.open_ticket(ticket_id)
    nano.main.get_by_role("textbox", name="Reply", exact=True).fill(LINK_REPLY)
    nano.click("Send reply / save changes", then="Saved.")
    for who in ("support", LINK_NAME):
        if who != "support":
            nano.logout()
            nano.login(who, "long-enough-1")
            nano.open_ticket(ticket_id)
        expect(nano.main.get_by_role("heading", level=2)).to_have_text(
            f"#{ticket_id} {LINK_TEXT}")
        expect(nano.main.get_by_text(LINK_TEXT, exact=True)).to_have_count(2)  # text, comment
        expect(nano.main.get_by_text(LINK_REPLY, exact=True)).to_be_visible()
        expect(nano.main.get_by_text(f"Created by {LINK_NAME} on")).to_be_visible()
        assert_no_links_to_user_urls(nano)
        nano.click("Back to the list")
        expect(nano.main.get_by_text(f"#{ticket_id} {LINK_TEXT}")).to_be_visible()
        expect(nano.main.get_by_text(f"by {LINK_NAME} ·")).to_be_visible()
        assert_no_links_to_user_urls(nano)
    nano.logout()
    nano.login("admin")
    for page_name in ("Dashboard", "Users", "My account"):
        nano.go(page_name)
        assert_no_links_to_user_urls(nano)


def test_admin_cannot_create_a_user_named_like_a_payload(page: Page, dialogs, nano_server):
    nano = NanoPage(page, nano_server)
    nano.login("admin")
    nano.go("Users")
    form = nano.main.get_by_test_id("stForm")
    for payload in PAYLOADS[:4]:
        form.get_by_role("textbox", name="Username", exact=True).fill(payload)
        form.get_by_role("textbox", name="E-mail", exact=True).fill("evil@example.com")
        form.get_by_role("textbox", name="Initial password", exact=True).fill("long-enough-1")
        nano.click("Create account", then="3 to 64 characters: letters, digits and . _ @ -")
        expect(nano.page.get_by_text(re.compile("^User .* was created"))).to_have_count(0)
    # A payload as the e-mail address is refused too (no < > " ' in an address).
    form.get_by_role("textbox", name="Username", exact=True).fill("mallory.x")
    form.get_by_role("textbox", name="E-mail", exact=True).fill(
        '"><svg/onload=alert(1)>@evil.example')
    form.get_by_role("textbox", name="Initial password", exact=True).fill("long-enough-1")
    nano.click("Create account", then="Enter a valid e-mail address.")
    form.get_by_role("textbox", name="E-mail", exact=True).fill("mallory@evil.example")
    form.get_by_role("textbox", name="Initial password", exact=True).fill("long-enough-1")
    nano.click("Create account", then="User mallory.x was created.")
    assert_inert(nano)
    nano.go("Tickets")
    nano.main.get_by_text("Filter and sort").click()  # the filters fold away by default
    nano.select("Created by", "mallory.x", rerun=True)
    expect(nano.main.get_by_text("No tickets match these filters.")).to_be_visible()
    assert_inert(nano)


@pytest.mark.parametrize("text", ["' OR 1=1--", "%", "_", "1) OR (1=1",
                                  "title;DROP TABLE tickets", "'||pg_sleep(5)--"])
def test_sql_metacharacters_in_the_search_find_nothing_and_break_nothing(
    page: Page, dialogs, nano_server, stored, text,
):
    nano = NanoPage(page, nano_server)
    nano.login("user")
    search = nano.main.get_by_role("textbox", name="Search title, description and comments")
    search.fill(text)
    search.press("Enter")
    expect(nano.main.get_by_text("No tickets match these filters.")).to_be_visible()
    expect(nano.main.get_by_text("0 ticket(s)", exact=True)).to_be_visible()
    expect(nano.page.get_by_test_id("stException")).to_have_count(0)
    # The same box still finds what is there: the search itself works.
    search.fill("onerror")
    search.press("Enter")
    expect(nano.main.get_by_text("2 ticket(s)", exact=True)).to_be_visible()


def test_repeated_failed_logins_lock_the_account(page: Page, dialogs, nano_server):
    nano = NanoPage(page, nano_server)
    nano.open()
    wrong = "Wrong username or password."
    for attempt in range(1, 6):
        nano.fill_login("nobody.here", f"guess-{attempt}")
        expected = wrong if attempt < 5 else "Too many failed attempts. Login is locked"
        nano.click("Log in", then=expected)
    # The lock holds even with the right password of a real account of that name.
    nano.fill_login("nobody.here", "whatever-1")
    nano.click("Log in", then="Too many failed attempts. Login is locked for 15 minute(s).")
    # A wrong password for a real account gets the very same message as an unknown name.
    nano.fill_login("support", "not-the-password")
    nano.click("Log in", then=wrong)
    nano.login("support", DEMO_PASSWORDS["support"])  # and the right one still works


def test_german_interface(page: Page, dialogs, nano_server, screenshot):
    page.emulate_media(color_scheme="dark")  # no first-visit reload to dark (it resets the pick)
    nano = NanoPage(page, nano_server)
    nano.open()
    nano.select("Language / Sprache", "Deutsch", rerun=True)
    expect(nano.main.get_by_role("button", name="Anmelden")).to_be_visible()
    expect(nano.main.get_by_role("textbox", name="Benutzername")).to_be_visible()
    expect(nano.main.get_by_role("textbox", name="Passwort", exact=True)).to_be_visible()
    nano.fill_login("support", "falsch-falsch")
    nano.click("Anmelden", then="Benutzername oder Passwort falsch.")
    screenshot("de-login")
    nano.login("support", expect_text="Angemeldet als support (Support)")
    navigation = nano.sidebar.get_by_role("radiogroup", name="Gehe zu")
    expect(navigation).to_have_text(re.compile("Tickets.*Neues Ticket.*Dashboard.*Mein Konto"))
    nano.main.get_by_text("Filtern und sortieren").click()
    for label in ("Status", "Priorität", "Kategorie", "Sortieren nach", "Zugewiesen an",
                  "Erstellt von"):
        expect(nano.main.get_by_role("combobox", name=label, exact=True)).to_be_visible()
    search = "Titel, Beschreibung und Kommentare durchsuchen"
    expect(nano.main.get_by_role("textbox", name=search)).to_be_visible()
    expect(nano.main.get_by_text(re.compile(r"^\d+ Ticket\(s\)$"))).to_be_visible()
    screenshot("de-list")
    nano.go("Neues Ticket")
    for label in ("Titel", "Beschreibung"):
        expect(nano.main.get_by_role("textbox", name=label, exact=True)).to_be_visible()
    nano.click("Ticket erstellen", then="Dieses Feld ist erforderlich.")
    screenshot("de-new-ticket")
    nano.go("Dashboard")
    expect(nano.main.get_by_text("Tickets nach Status")).to_be_visible()
    text = nano.main.inner_text()
    for english in ("Open #", "Priority", "Category", "Search", "Log out", "ticket(s)",
                    "Tickets by", "Median time"):
        assert english not in text, f"untranslated: {english!r}"


@pytest.mark.parametrize("role", ["user", "support"])
def test_phone_width_has_no_horizontal_overflow(page: Page, dialogs, nano_server, stored,
                                               role, screenshot):
    """The list, a ticket (with the long payload titles of `stored`) and the forms fit."""
    page.set_viewport_size({"width": 375, "height": 812})
    nano = NanoPage(page, nano_server)
    nano.open()
    assert nano.has_no_horizontal_overflow()
    nano.login(role)
    ticket_id = max(stored.values())
    expect(nano.main.get_by_role("button", name=f"Open #{ticket_id}")).to_be_visible()
    assert nano.has_no_horizontal_overflow()
    screenshot(f"phone-list-{role}")
    nano.open_ticket(ticket_id)
    assert nano.has_no_horizontal_overflow()
    screenshot(f"phone-detail-{role}")
    nano.click("Back to the list")
    nano.go("New ticket")
    assert nano.has_no_horizontal_overflow()
    if role == "support":
        nano.go("Dashboard")
        expect(nano.main.get_by_text("Tickets by status")).to_be_visible()
        assert nano.has_no_horizontal_overflow()
        screenshot("phone-dashboard")


def test_login_page_shows_nothing_but_the_login(page: Page, dialogs, nano_server):
    nano = NanoPage(page, nano_server)
    nano.open()
    expect(nano.main.get_by_role("button", name="Log in")).to_be_visible()
    expect(nano.main.get_by_text("None", exact=True)).to_have_count(0, timeout=1_000)


def luminance(css_colour: str) -> float:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_dark_theme_is_the_default(page: Page, dialogs, nano_server):
    """Even for a browser that prefers a light scheme, Nano starts dark."""
    page.emulate_media(color_scheme="light")
    nano = NanoPage(page, nano_server)
    nano.open()
    app = nano.page.get_by_test_id("stApp")
    # Streamlit would follow the browser; Nano turns it dark (one reload on a first visit).
    expect(app).to_have_css("background-color", "rgb(23, 22, 20)")
    nano.idle()
    background = app.evaluate("el => getComputedStyle(el).backgroundColor")
    text = app.evaluate("el => getComputedStyle(el).color")
    assert luminance(background) < 0.2, background
    assert luminance(text) > 0.7, text
    nano.login("user")
    background = nano.main.evaluate("el => getComputedStyle(el.closest('[data-testid=stApp]'))"
                                    ".backgroundColor")
    assert luminance(background) < 0.2, background
