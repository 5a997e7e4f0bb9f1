"""Micro in a real browser: one gunicorn server for the session, a fresh database.

`person()` opens a separate browser context (its own cookies) that fails the test if any
JavaScript dialog opens or the page logs a Content-Security-Policy violation. Elements
are found by role and label, the way a person reads the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def micro_instance(tmp_path_factory) -> Path:
    """The server's instance folder (its database is `micro.db` in it)."""
    return tmp_path_factory.mktemp("micro-instance")


@pytest.fixture(scope="session")
def micro_server(launch_server, python_executable, micro_instance) -> str:
    instance = micro_instance
    return launch_server(
        [python_executable, "-m", "gunicorn", "--workers", "2", "--bind", "127.0.0.1:{port}",
         "micro:create_app()"],
        health_path="/healthz",
        env={"MICRO_INSTANCE_PATH": str(instance), "MICRO_DEMO_ACCOUNTS": "1"})


class Person:
    """One browser (context) with one tab, driven by visible labels."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.page: Page = context.new_page()
        self.dialogs: list[str] = []
        self.csp_errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in \
                message.text:
            self.csp_errors.append(message.text)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def login(self, username: str, password: str | None = None, *,
              labels: tuple[str, str, str] = ("Username", "Password", "Log in")) -> None:
        self.goto("/login")
        self.page.get_by_label(labels[0]).fill(username)
        self.page.get_by_label(labels[1]).fill(password or f"{username}123")
        self.page.get_by_role("button", name=labels[2]).click()
        expect(self.page.get_by_role("heading", name="Tickets")).to_be_visible()

    def login_de(self, username: str) -> None:
        """Log in through the German form (a browser with locale de-DE)."""
        self.login(username, labels=("Benutzername", "Passwort", "Anmelden"))

    def create_ticket_de(self, title: str) -> int:
        self.goto("/tickets/new")
        self.page.get_by_label("Titel").fill(title)
        self.page.get_by_role("button", name="Ticket erstellen").click()
        expect(self.page.get_by_text(re.compile(r"Ticket #\d+ wurde angelegt"))).to_be_visible()
        return int(self.page.url.rsplit("/", 1)[1])

    def logout(self) -> None:
        self.page.get_by_role("button", name="Log out").click()
        expect(self.page.get_by_text("You are logged out.")).to_be_visible()

    def create_ticket(self, title: str, description: str = "", category: str = "Bug",
                      priority: str = "Medium") -> int:
        self.goto("/tickets/new")
        self.page.get_by_label("Title").fill(title)
        self.page.get_by_label("Description").fill(description)
        self.page.get_by_label("Category").select_option(label=category)
        self.page.get_by_label("Priority").select_option(label=priority)
        self.page.get_by_role("button", name="Create ticket").click()
        expect(self.page.get_by_text(re.compile(r"Ticket #\d+ was created\."))).to_be_visible()
        return int(self.page.url.rsplit("/", 1)[1])

    def badge(self):
        return self.page.get_by_test_id("unread-count")

    def row(self, title: str):
        return self.page.get_by_role("row").filter(has_text=title)

    def horizontal_overflow(self) -> int:
        return self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture
def person(browser: Browser, micro_server: str) -> Iterator[Callable[..., Person]]:
    people: list[Person] = []

    def open_person(**context_args) -> Person:
        context = browser.new_context(**{"locale": "en-US", **context_args})
        people.append(Person(context, micro_server))
        return people[-1]

    yield open_person
    for someone in people:
        someone.context.close()
    assert [d for p in people for d in p.dialogs] == [], "a script ran and opened a dialog"
    assert [e for p in people for e in p.csp_errors] == [], "the page broke its own CSP"
