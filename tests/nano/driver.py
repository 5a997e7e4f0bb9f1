"""Nano as a person uses it: the server as users start it, and a browser page driving it.

Shared by the browser tests (`tests/nano/conftest.py`), the screenshots of the docs
(`docs/screenshots.py`) and the benchmark (`benchmarks/nano_bench.py`); nothing here
needs pytest.

`start_nano()` runs `python nano/app.py` on a free loopback port with a database path of
its own and waits for `/_stcore/health`; `NanoServer.stop()` stops its process group.
`NanoPage` wraps a Playwright page with the steps a person takes: open the app, log in,
pick a page in the sidebar, choose from a selectbox, click a button.

Streamlit redraws the page after every interaction; `NanoPage.idle()` waits until the
script run has finished and no element is stale, so nobody types into a widget that is
about to be replaced. A click's own rerun is seen by counting the "script finished"
messages the server sends on the web socket (`rerun_after`, `after`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, WebSocket, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.servers import free_port, spawn, stop_process, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
HEALTH = "/_stcore/health"
CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORDS = {"admin": "admin123", "support": "support123", "user": "user123"}
LOG_IN = re.compile("^(Log in|Anmelden)$")
LOG_OUT = re.compile("^(Log out|Abmelden)$")
OPEN_TICKET = re.compile(r"^(Open #\d+|#\d+ öffnen)$")


# ── the server ──

def nano_command(python: str = sys.executable, port: int | str = "{port}") -> list[str]:
    """Exactly how a person starts Nano (`python nano/app.py`), on a loopback port."""
    return [python, "nano/app.py", "--server.port", str(port), "--server.address", "127.0.0.1"]


@dataclass
class NanoServer:
    """A running `python nano/app.py` and the loopback port it serves."""

    process: subprocess.Popen
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop_process(self.process, self.port)


def start_nano(
    db_path: Path, *, env: Mapping[str, str | None] | None = None, port: int | None = None,
    timeout: float = 60, interval: float = 0.2,
) -> NanoServer:
    """Start Nano on `port` (a free one if None) with its database at `db_path`.

    `env` is added to the environment (None removes a variable). Returns once
    `/_stcore/health` answers, polled every `interval` seconds; RuntimeError (the server
    stopped again) if the server exits first or `timeout` seconds pass.
    """
    port = port or free_port()
    process = spawn(nano_command(port=port), env={"NANO_DB_PATH": str(db_path), **(env or {})})
    server = NanoServer(process, port)
    try:
        wait_until_healthy(server.base_url + HEALTH, process, timeout, interval)
    except RuntimeError:
        server.stop()
        raise
    return server


# ── the browser ──

class NanoPage:
    """A person in front of Nano: every step waits until Streamlit has redrawn."""

    # How long a click may take to finish its script run (milliseconds).
    rerun_timeout: float = 20_000

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

    def rerun_after(self, runs_before: int, timeout: float | None = None) -> NanoPage:
        """Wait until a script run finished after `runs_before` was read, then for idle.

        The count comes from the server's messages on the web socket, so even a run too
        quick to show in the page's state attribute is seen.
        """
        timeout = self.rerun_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout / 1000
        while self.finished_runs <= runs_before:
            if time.monotonic() > deadline:
                raise PlaywrightTimeoutError(f"no script run finished within {timeout} ms")
            self.page.wait_for_timeout(25)  # lets Playwright deliver the socket's frames
        return self.idle()

    def after(self, action: Callable[[], object]) -> NanoPage:
        """Do `action` (a click), then wait until the script run it started is drawn."""
        runs = self.runs()
        action()
        return self.rerun_after(runs)

    @property
    def main(self) -> Locator:
        return self.page.get_by_role("main")

    @property
    def sidebar(self) -> Locator:
        return self.page.get_by_test_id("stSidebar")

    def nav_option(self, page_name: str) -> Locator:
        """The entry `page_name` of the sidebar navigation."""
        return self.sidebar.get_by_role("radiogroup").get_by_text(page_name, exact=True)

    # ── steps ──
    def open(self) -> NanoPage:
        self.page.goto(self.base_url + "/")
        expect(self.page.get_by_role("textbox").first).to_be_visible()
        return self.idle()

    def login(self, username: str, password: str | None = None, *,
              expect_text: str | None = None) -> NanoPage:
        """Log in from the login page; `expect_text` overrides the sign of success."""
        self.fill_login(username, password)
        self.after(self.page.get_by_role("button", name=LOG_IN).click)
        sign = expect_text or f"Signed in as {username} "
        expect(self.page.get_by_text(sign).first).to_be_visible()
        return self.idle()

    def fill_login(self, username: str, password: str | None = None) -> None:
        """Type name and password (the demo one if None), opening the app if needed."""
        if not self.page.get_by_role("button", name=LOG_IN).count():
            self.open()
        textboxes = self.main.get_by_role("textbox")
        textboxes.nth(0).fill(username)
        textboxes.nth(1).fill(password or DEMO_PASSWORDS[username])

    def logout(self) -> NanoPage:
        runs = self.runs()
        self.sidebar.get_by_role("button", name=LOG_OUT).click()
        expect(self.page.get_by_role("button", name=LOG_IN)).to_be_visible()
        return self.rerun_after(runs)

    def go(self, page_name: str) -> NanoPage:
        """Pick a page in the sidebar navigation (opening the sidebar on a phone)."""
        expand = self.page.get_by_role("button", name="Expand sidebar")
        if expand.is_visible():
            expand.click()
        self.after(self.nav_option(page_name).click)
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
        self.after(self.page.get_by_role("button", name=name, exact=True).click)
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
        self.after(self.main.get_by_role("button", name="Create ticket").click)
        confirmation = self.page.get_by_text(re.compile(r"^Ticket #\d+ was created\.$"))
        expect(confirmation).to_be_visible()
        self.idle()
        return int(re.search(r"#(\d+)", confirmation.inner_text()).group(1))

    def badge(self) -> Locator:
        """The unread count at the top of the main area (🔔 …, a button, or 🔕 …)."""
        return self.main.get_by_text(re.compile("^(🔔|🔕) "))

    def ticket_row(self, title: str) -> Locator:
        """A ticket's row in the list: headline, marker, status line and Open button.

        The innermost block that holds both the title and an "Open #…" button; the
        blocks around it hold them too, and come earlier in the document.
        """
        return (self.main.get_by_test_id("stVerticalBlock").filter(has_text=title)
                .filter(has=self.page.get_by_role("button", name=OPEN_TICKET))
                .last)

    def has_no_horizontal_overflow(self) -> bool:
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth")

    def content_height(self) -> int:
        """The height of the content: Streamlit scrolls inside its main container (and
        the sidebar), not the document, so a full-page screenshot alone would be cut at
        the window's height."""
        return int(self.page.evaluate(
            "() => Math.max(...[...document.querySelectorAll("
            "'[data-testid=stMain], [data-testid=stSidebarContent]')]"
            ".map(e => e.scrollHeight), window.innerHeight)"))

    def fit_height(self, margin: int = 40) -> None:
        """Grow the viewport to the content, so a screenshot shows the whole page."""
        size = self.page.viewport_size
        self.page.set_viewport_size(
            {"width": size["width"], "height": self.content_height() + margin})
