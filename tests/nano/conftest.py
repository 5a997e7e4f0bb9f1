"""Nano in a real browser: the server as users start it, and how a person drives its UI.

`nano_server` is one server for the whole session (a fresh database with the demo
accounts); `fresh_nano_server` starts another one with its own empty database for a test
that needs exact counts. `NanoPage` wraps a Playwright page with the steps a person
takes: open the app, log in, pick a page in the sidebar, choose from a selectbox.

Streamlit redraws the page after every interaction; `NanoPage.idle()` waits until the
script run has finished and no element is stale, so a test never types into a widget
that is about to be replaced.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, WebSocket, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-results"
HEALTH = "/_stcore/health"
# A loaded CI machine is slow; the default of 5 s is too tight for a Streamlit rerun.
expect.set_options(timeout=20_000)
DEMO_PASSWORDS = {"admin": "admin123", "support": "support123", "user": "user123"}


def nano_command(python: str) -> list[str]:
    """Exactly how a person starts Nano (`python nano/app.py`), on a test port."""
    return [python, "nano/app.py", "--server.port", "{port}", "--server.address", "127.0.0.1"]


@pytest.fixture(scope="session")
def start_nano(
    launch_server: Callable[..., str], python_executable: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., str]:
    """`start_nano(demo=True)` starts a Nano server on a database of its own: base URL."""

    def start(*, demo: bool = True) -> str:
        folder = tmp_path_factory.mktemp("nano-db")
        env = {
            "NANO_DB_PATH": str(folder / "tickets.db"),
            "NANO_SCRYPT_N": "1024",  # cheap hashes: the tests log in many times
            "NANO_DEMO_ACCOUNTS": "1" if demo else "0",
        }
        return launch_server(nano_command(python_executable), health_path=HEALTH, env=env)

    return start


@pytest.fixture(scope="session")
def nano_server(start_nano: Callable[..., str]) -> str:
    """One Nano server for the session, with the demo accounts."""
    return start_nano()


@pytest.fixture
def fresh_nano_server(start_nano: Callable[..., str]) -> str:
    """A Nano server of its own, on an empty database with the demo accounts."""
    return start_nano()


class NanoPage:
    """A person in front of Nano: every step waits until Streamlit has redrawn."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url
        self.finished_runs = 0
        page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._count_finished_run)

    def _count_finished_run(self, payload: bytes | str) -> None:
        """Count the script runs the server reports finished (not those cut short by
        `st.rerun()`, which another run follows): one per click, however quick."""
        if isinstance(payload, str):
            return
        message = ForwardMsg.FromString(bytes(payload))
        if (message.WhichOneof("type") == "script_finished"
                and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
            self.finished_runs += 1

    # ── waiting ──
    def idle(self) -> NanoPage:
        """Wait until the script run is over and nothing on the page is stale."""
        self.page.wait_for_selector(
            "[data-testid=stApp][data-test-script-state=notRunning]", state="attached")
        self.page.wait_for_function("() => !document.querySelector('[data-stale=true]')")
        return self

    def runs(self) -> int:
        return self.finished_runs

    def rerun_after(self, runs_before: int, timeout: float = 20_000) -> NanoPage:
        """Wait until a script run finished after `runs_before` was read, then for idle.

        The count comes from the server's messages on the web socket, so even a run too
        quick to show in the page's state attribute is seen.
        """
        deadline = time.monotonic() + timeout / 1000
        while self.finished_runs <= runs_before:
            if time.monotonic() > deadline:
                raise PlaywrightTimeoutError(f"no script run finished within {timeout} ms")
            self.page.wait_for_timeout(25)  # lets Playwright deliver the socket's frames
        return self.idle()

    @property
    def main(self) -> Locator:
        return self.page.get_by_role("main")

    @property
    def sidebar(self) -> Locator:
        return self.page.get_by_test_id("stSidebar")

    # ── steps ──
    def open(self) -> NanoPage:
        self.page.goto(self.base_url + "/")
        expect(self.page.get_by_role("textbox").first).to_be_visible()
        return self.idle()

    def login(self, username: str, password: str | None = None, *,
              expect_text: str | None = None) -> NanoPage:
        """Log in from the login page; `expect_text` overrides the sign of success."""
        self.fill_login(username, password or DEMO_PASSWORDS[username])
        runs = self.runs()
        self.page.get_by_role("button", name=re.compile("^(Log in|Anmelden)$")).click()
        self.rerun_after(runs)
        sign = expect_text or f"Signed in as {username} "
        expect(self.page.get_by_text(sign).first).to_be_visible()
        return self.idle()

    def fill_login(self, username: str, password: str) -> None:
        if not self.page.get_by_role("button", name=re.compile("^(Log in|Anmelden)$")).count():
            self.open()
        textboxes = self.main.get_by_role("textbox")
        textboxes.nth(0).fill(username)
        textboxes.nth(1).fill(password)

    def logout(self) -> NanoPage:
        runs = self.runs()
        self.sidebar.get_by_role("button", name=re.compile("^(Log out|Abmelden)$")).click()
        expect(self.page.get_by_role("button", name=re.compile("^(Log in|Anmelden)$"))) \
            .to_be_visible()
        return self.rerun_after(runs)

    def go(self, page_name: str) -> NanoPage:
        """Pick a page in the sidebar navigation (opening the sidebar on a phone)."""
        expand = self.page.get_by_role("button", name="Expand sidebar")
        if expand.is_visible():
            expand.click()
        option = self.sidebar.get_by_role("radiogroup").get_by_text(page_name, exact=True)
        runs = self.runs()
        option.click()
        self.rerun_after(runs)
        expect(self.main.get_by_role("heading", name=page_name, level=2)).to_be_visible()
        return self.idle()

    def select(self, label: str, option: str, *, within: Locator | None = None,
               rerun: bool = False) -> NanoPage:
        """Choose `option` in the selectbox labelled `label`.

        `rerun`: the box is outside a form, so the choice reruns the script; wait for it.
        """
        runs = self.runs()
        box = (within or self.page).get_by_role("combobox", name=label, exact=True)
        choice = self.page.get_by_role("option", name=option, exact=True)
        box.scroll_into_view_if_needed()
        # A click that scrolled the page first may leave the list shut: click until open.
        for _ in range(5):
            if box.get_attribute("aria-expanded") != "true":
                box.click()
            try:
                expect(choice).to_be_visible(timeout=2_000)
                break
            except AssertionError:
                continue
        choice.click()
        expect(box).to_have_attribute("aria-expanded", "false")
        return self.rerun_after(runs) if rerun else self

    def click(self, name: str, *, then: str | None = None) -> NanoPage:
        """Click the button `name`; wait for the rerun, the text `then` (when given)."""
        runs = self.runs()
        self.page.get_by_role("button", name=name, exact=True).click()
        self.rerun_after(runs)
        if then is not None:
            expect(self.page.get_by_text(then).first).to_be_visible()
        return self.idle()

    def open_ticket(self, ticket_id: int) -> NanoPage:
        """From the ticket list, open ticket #id (its heading starts with "#id ")."""
        self.click(f"Open #{ticket_id}")
        expect(self.main.get_by_role("heading", level=2, name=re.compile(f"^#{ticket_id} "))) \
            .to_be_visible()
        return self.idle()

    def create_ticket(self, title: str, description: str = "", *,
                      category: str | None = None, priority: str | None = None) -> int:
        """Fill in and send the New ticket form; the id from the confirmation."""
        self.go("New ticket")
        self.main.get_by_role("textbox", name="Title", exact=True).fill(title)
        self.main.get_by_role("textbox", name="Description", exact=True).fill(description)
        if category:
            self.select("Category", category)
        if priority:
            self.select("Priority", priority)
        runs = self.runs()
        self.main.get_by_role("button", name="Create ticket").click()
        self.rerun_after(runs)
        confirmation = self.page.get_by_text(re.compile(r"^Ticket #\d+ was created\.$"))
        expect(confirmation).to_be_visible()
        self.idle()
        return int(re.search(r"#(\d+)", confirmation.inner_text()).group(1))

    def badge(self) -> Locator:
        """The notification line in the sidebar (🔔 … or 🔕 …)."""
        return self.sidebar.get_by_text(re.compile("^(🔔|🔕) "))

    def ticket_row(self, title: str) -> Locator:
        """A ticket's row in the list: headline, marker, status line and Open button.

        The innermost block that holds both the title and an "Open #…" button; the
        blocks around it hold them too, and come earlier in the document.
        """
        return (self.main.get_by_test_id("stVerticalBlock").filter(has_text=title)
                .filter(has=self.page.get_by_role("button", name=re.compile(r"^Open #\d+$")))
                .last)

    def has_no_horizontal_overflow(self) -> bool:
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth")

    def fit_height(self) -> None:
        """Grow the viewport to the content, so a screenshot shows the whole page.

        Streamlit scrolls inside its main container, not the document, so a full-page
        screenshot alone would be cut at the window's height.
        """
        height = self.page.evaluate(
            "() => Math.max(...[...document.querySelectorAll("
            "'[data-testid=stMain], [data-testid=stSidebarContent]')]"
            ".map(e => e.scrollHeight), window.innerHeight)")
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": size["width"], "height": int(height) + 40})


@pytest.fixture
def person(
    browser: Browser, request: pytest.FixtureRequest,
) -> Iterator[Callable[..., NanoPage]]:
    """`person(base_url, **context_options)`: a new browser context (its own cookies and
    Streamlit session) with a page; fails the test if any JavaScript dialog opened."""
    contexts: list[BrowserContext] = []
    opened: list[str] = []

    def record(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    def make(base_url: str, **options: object) -> NanoPage:
        context = browser.new_context(**options)
        context.on("dialog", record)
        contexts.append(context)
        return NanoPage(context.new_page(), base_url)

    yield make
    for context in contexts:
        context.close()
    assert opened == [], f"a script ran and opened dialogs: {opened}"


@pytest.fixture
def snap(request: pytest.FixtureRequest) -> Callable[[NanoPage, str], Path]:
    """`snap(person, step)`: like the shared `screenshot` fixture, for any person's page.

    Saved as test-results/screens/<test>/<nn>-<step>.png, the whole page.
    """
    folder = ARTIFACTS / "screens" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(who: NanoPage, step: str) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        who.page.screenshot(path=str(path), full_page=True)
        return path

    return take
