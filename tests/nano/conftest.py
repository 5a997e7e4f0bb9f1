"""Nano in a real browser: the server as users start it, and how a person drives its UI.

`nano_server` is one server for the whole session (a fresh database with the demo
accounts); `fresh_nano_server` starts another one with its own empty database for a test
that needs exact counts. `person()` opens a browser context with a `NanoPage`
(`tests/nano/driver.py`), which wraps a Playwright page with the steps a person takes
and waits for Streamlit's redraw after each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.nano.driver import HEALTH, NanoPage, nano_command

# A loaded CI machine is slow; the default of 5 s is too tight for a Streamlit rerun.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A browser preferring dark, as Nano is by default: a page that prefers light is
    switched to dark with one reload on its first visit (test_dark_theme_is_the_default)."""
    return {**browser_context_args, "color_scheme": "dark"}


@pytest.fixture(scope="session")
def start_nano(
    launch_server: Callable[..., str], python_executable: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., str]:
    """`start_nano(demo=True, **NANO_SETTINGS)` starts a Nano server on a database of its
    own and returns its base URL."""

    def start(*, demo: bool = True, **settings: str) -> str:
        folder = tmp_path_factory.mktemp("nano-db")
        env = {
            "NANO_DB_PATH": str(folder / "tickets.db"),
            "NANO_SCRYPT_N": "1024",  # cheap hashes: the tests log in many times
            "NANO_DEMO_ACCOUNTS": "1" if demo else "0",
            **settings,
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
        options.setdefault("color_scheme", "dark")  # Nano's own default: no reload to it
        context = browser.new_context(**options)
        context.on("dialog", record)
        contexts.append(context)
        return NanoPage(context.new_page(), base_url)

    yield make
    for context in contexts:
        context.close()
    assert opened == [], f"a script ran and opened dialogs: {opened}"
