"""A small driver for the React SPA in a real browser: one `Person` per browser context.

Elements are found by role and label, as a person reads the page. Every person records
the JavaScript dialogs the page opens (a stored XSS payload that runs opens one), the
Content-Security-Policy violations Chromium reports on the console, and uncaught script
errors; the `person` fixture fails the test on any of them. Accounts and data a test only
needs as a precondition are made through the API (`Api`), the way a script would.
"""

from __future__ import annotations

import contextlib
import re
import struct
import zlib
from typing import Any

import requests
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Locator,
    Page,
    Response,
    expect,
)
from playwright.sync_api import Error as PlaywrightError

PHONE: dict[str, Any] = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2,
                         "is_mobile": True, "has_touch": True}
PASSWORD = "correct-horse-42"
# Attachments' content check (native/backend/helpdesk/attachments/content.py) refuses this.
NOT_ACCEPTED = "Only PNG, JPEG, GIF, PDF and plain-text files are accepted."

# What user text could turn into if it were rendered as markup: event-handler attributes,
# javascript: links, and elements the app itself never puts into its main area.
FIND_ACTIVE_CONTENT = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attribute of el.attributes) {
      if (/^on/i.test(attribute.name)) found.push(`${el.tagName} ${attribute.name}`);
    }
    const target = (el.getAttribute('href') || '') + (el.getAttribute('src') || '');
    if (/^\\s*javascript:/i.test(target)) found.push(`${el.tagName} ${target}`);
  }
  const foreign = ['img', 'script', 'svg:not(.chart__svg)', 'details', 'iframe', 'object', 'embed'];
  for (const el of document.querySelectorAll(foreign.map((tag) => `main ${tag}`).join(', '))) {
    found.push(el.tagName);
  }
  return found;
}"""


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real PNG image (RGB, one colour) that any viewer opens."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x1e\x90\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


class Api:
    """The JSON API with a Bearer token, for a test's preconditions."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url
        response = requests.post(f"{base_url}/api/v1/auth/token", timeout=10,
                                 json={"username": username, "password": password})
        response.raise_for_status()
        self.headers = {"Authorization": "Bearer " + response.json()["access_token"]}

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = requests.post(f"{self.base_url}/api/v1{path}", json=body,
                                 headers=self.headers, timeout=10)
        assert response.status_code == 201, response.text
        return response.json()

    def upload(self, ticket_id: int, name: str, content: bytes,
               mime: str = "image/png") -> dict[str, Any]:
        response = requests.post(f"{self.base_url}/api/v1/tickets/{ticket_id}/attachments",
                                 files={"file": (name, content, mime)}, headers=self.headers,
                                 timeout=10)
        assert response.status_code == 201, response.text
        return response.json()

    def create_user(self, username: str, role: str = "user", **extra: Any) -> dict[str, Any]:
        return self.post("/users", {"username": username, "email": f"{username}@example.com",
                                    "role": role, "password": PASSWORD, **extra})

    def create_ticket(self, title: str, description: str = "") -> dict[str, Any]:
        return self.post("/tickets", {"title": title, "description": description,
                                      "category": "support", "priority": "medium"})


class Person:
    """One browser context (its own cookies) with one tab."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.page: Page = context.new_page()
        self.dialogs: list[str] = []
        self.csp_violations: list[str] = []
        self.script_errors: list[str] = []
        self.server_errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        self.page.on("response", self._response)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        with contextlib.suppress(PlaywrightError):  # the page closed meanwhile
            dialog.dismiss()

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    # Navigation -----------------------------------------------------------------------
    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def nav(self) -> Locator:
        return self.page.get_by_role("navigation",
                                     name=re.compile("^(Main navigation|Hauptnavigation)$"))

    def main(self) -> Locator:
        return self.page.get_by_role("main")

    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def login(self, username: str, password: str | None = None) -> None:
        self.goto("/login")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password or f"{username}123")
        self.page.get_by_role("button", name="Log in").click()
        expect(self.heading()).to_have_text("Tickets")
        # (in the collapsed menu on a phone: there, not necessarily visible)
        expect(self.page.get_by_text(re.compile(rf"^Signed in as {re.escape(username)} "))) \
            .to_have_count(1)

    def logout(self) -> None:
        self.page.get_by_role("button", name="Log out").click()
        expect(self.page.get_by_text("You have been logged out.")).to_be_visible()

    # The unread badge and the list ----------------------------------------------------
    def badge(self) -> Locator:
        return self.page.get_by_role("link", name=re.compile(r"^Unread tickets: \d+$"))

    def unread_count(self) -> int:
        label = self.badge().get_attribute("aria-label") or ""
        return int(label.rsplit(" ", 1)[1])

    def row(self, title: str) -> Locator:
        return self.page.get_by_role("row").filter(
            has=self.page.get_by_role("link", name=title, exact=True))

    def unread_marker(self, title: str, label: str = "Unread activity") -> Locator:
        return self.row(title).get_by_role("img", name=label)

    def open_ticket(self, title: str) -> None:
        self.goto("/tickets")
        self.row(title).get_by_role("link", name=title, exact=True).click()
        expect(self.heading()).to_have_text(re.compile(r"^Ticket #\d+: " + re.escape(title) + "$"))

    # A ticket -------------------------------------------------------------------------
    def create_ticket(self, title: str, description: str = "", category: str = "Bug",
                      priority: str = "Medium") -> int:
        self.goto("/tickets/new")
        self.page.get_by_label("Title").fill(title)
        self.page.get_by_label("Description").fill(description)
        self.page.get_by_label("Category").select_option(label=category)
        self.page.get_by_label("Priority").select_option(label=priority)
        self.page.get_by_role("button", name="Create ticket").click()
        message = self.page.get_by_role("status").filter(
            has_text=re.compile(r"^Ticket #\d+ was created\.$"))
        expect(message).to_be_visible()
        ticket_id = int(re.findall(r"\d+", message.inner_text())[0])
        expect(self.heading()).to_have_text(f"Ticket #{ticket_id}: {title}")
        assert self.page.url.endswith(f"/tickets/{ticket_id}")
        return ticket_id

    def status(self) -> Locator:
        """The ticket's status label in its heading area (always visible)."""
        return self.page.locator(".ticket-head__codes .badge--status")

    def thread(self) -> Locator:
        return self.page.get_by_role("region", name="Conversation").get_by_role("list")

    def support_form(self) -> Locator:
        """The ticket's one form: a reply and (staff) status, priority, category, assignee."""
        return self.page.get_by_role("form", name="Reply and ticket details")

    def reply(self, text: str, *, status: str | None = None, internal: bool = False) -> None:
        form = self.support_form()
        form.get_by_label("Your reply").fill(text)
        if internal:
            form.get_by_label(re.compile(r"^Internal note")).check()
        if status:
            form.get_by_label("Status", exact=True).select_option(label=status)
        button = "Save internal note" if internal else "Send reply"
        form.get_by_role("button", name=button).click()
        added = "Your internal note was added." if internal else "Your reply was added."
        expect(self.page.get_by_role("status").filter(has_text=added)) \
            .to_be_visible()
        expect(self.thread()).to_contain_text(text)

    def save_details(self, **fields: str) -> None:
        """Ticket details as staff sees them: {"Status": "Resolved", "Assigned to": "support"},
        sent without a reply."""
        form = self.support_form()
        for label, option in fields.items():
            form.get_by_label(label, exact=True).select_option(label=option)
        form.get_by_role("button", name="Save changes").click()
        expect(form.get_by_role("status")).to_have_text("The ticket was saved.")

    def upload(self, name: str, content: bytes, mime: str = "image/png") -> None:
        self.page.get_by_label("File to attach").set_input_files(
            {"name": name, "mimeType": mime, "buffer": content})
        self.page.get_by_role("button", name="Upload file").click()

    def attachments(self) -> Locator:
        return self.page.get_by_role("region", name=re.compile("^(Attachments|Anhänge)$"))

    # Checks -----------------------------------------------------------------------------
    def active_content(self) -> list[str]:
        return self.page.evaluate(FIND_ACTIVE_CONTENT)

    def horizontal_overflow(self) -> int:
        return self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")

    def api_status(self, path: str) -> int:
        """GET /api/v1<path> with this person's cookies, as the app would ask."""
        return self.page.request.get(f"{self.base_url}/api/v1{path}").status


def german_login(someone: Person, username: str, password: str = PASSWORD) -> None:
    """Sign in on the German sign-in page (a de-DE browser) and land on the German list."""
    someone.goto("/login")
    expect(someone.heading()).to_have_text("Anmelden")
    someone.page.get_by_label("Benutzername").fill(username)
    someone.page.get_by_label("Passwort").fill(password)
    someone.page.get_by_role("button", name="Anmelden").click()
    expect(someone.heading()).to_have_text("Tickets")
    expect(someone.page.locator("html")).to_have_attribute("lang", "de")
