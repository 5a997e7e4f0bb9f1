"""Nano test fixtures: a fresh database per test, the app as a module, and AppTest helpers.

Hashing is made cheap (`NANO_SCRYPT_N`) so a test can log in many times; every stored
hash records its own cost, so the code path is the same as in production.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"
CHEAP_SCRYPT_N = "1024"


@pytest.fixture(autouse=True)
def nano_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own database file and cheap password hashing."""
    db_path = tmp_path / "tickets.db"
    monkeypatch.setenv("NANO_DB_PATH", str(db_path))
    monkeypatch.setenv("NANO_SCRYPT_N", CHEAP_SCRYPT_N)
    monkeypatch.delenv("NANO_DEMO_ACCOUNTS", raising=False)
    return db_path


@pytest.fixture
def nano(nano_env: Path) -> Iterator[ModuleType]:
    """nano/app.py imported as a module (its launcher does not run on import)."""
    spec = importlib.util.spec_from_file_location("nano_app", APP_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["nano_app"] = module
    spec.loader.exec_module(module)
    module.init_db(nano_env)
    yield module
    sys.modules.pop("nano_app", None)


def click(at: AppTest, label: str) -> AppTest:
    """Press the button (or form submit button) with this label and rerun."""
    matches = [button for button in at.button if button.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0].click().run()


def texts(at: AppTest) -> str:
    """Everything the page shows as text, messages included, in one string."""
    parts = [element.value for kind in ("markdown", "text", "caption", "header", "subheader",
                                        "title", "success", "error", "warning", "info")
             for element in getattr(at, kind)]
    return "\n".join([*(str(part) for part in parts), *html_texts(at)])


def html_texts(at: AppTest) -> list[str]:
    """The text of each st.html element (user text in a fixed tag), as a browser shows it."""
    return [html.unescape(re.sub(r"<[^>]*>", "", element.value)) for element in at.html]


def heading(at: AppTest) -> str:
    """A ticket's heading (an st.html h2, so that its title is never Markdown)."""
    found = [element.value for element in at.html if element.value.startswith("<h2")]
    assert len(found) == 1, found
    return html.unescape(re.sub(r"<[^>]*>", "", found[0]))


def badge(at: AppTest) -> str:
    """The unread count at the top of the main area: a button with news, a line without."""
    buttons = [button.label for button in at.main.button if button.key == "unread_button"]
    lines = [line.value for line in at.main.markdown if line.value.startswith("🔕 ")]
    found = buttons + lines
    assert len(found) == 1, found
    return found[0]


def errors(at: AppTest) -> list[str]:
    return [element.value for element in at.error]


@pytest.fixture
def app() -> Callable[..., AppTest]:
    """`app(username=None, password=None, lang=None)`: a fresh session, logged in if asked."""

    def start(username: str | None = None, password: str | None = None,
              lang: str | None = None) -> AppTest:
        at = AppTest.from_file(str(APP_PATH), default_timeout=30)
        if lang:
            at.session_state["lang"] = lang
        at.run()
        assert not at.exception, at.exception
        if username:
            log_in(at, username, password or f"{username}123")
            assert at.session_state["user_id"], errors(at)
        return at

    return start


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return click(at, at.button[0].label)


def go(at: AppTest, page: str) -> AppTest:
    return at.sidebar.radio(key="page").set_value(page).run()


def create_ticket(at: AppTest, title: str, description: str = "", *,
                  category: str = "support", priority: str = "medium") -> AppTest:
    go(at, "new_ticket")
    at.text_input(key="nt_title").input(title)
    at.text_area(key="nt_description").input(description)
    at.selectbox(key="nt_category").set_value(category)
    at.selectbox(key="nt_priority").set_value(priority)
    return click(at, "Create ticket")


def open_ticket(at: AppTest, ticket_id: int) -> AppTest:
    go(at, "tickets")
    return click(at, f"Open #{ticket_id}")


@pytest.fixture
def ui() -> SimpleNamespace:
    """The helper functions above, for tests: ui.click(at, "Log in"), ui.texts(at) …"""
    return SimpleNamespace(click=click, texts=texts, errors=errors, log_in=log_in, go=go,
                           create_ticket=create_ticket, open_ticket=open_ticket,
                           heading=heading, html_texts=html_texts, badge=badge)
