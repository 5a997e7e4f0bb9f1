"""Fixtures every edition's browser tests share: a real server process and a real browser.

`launch_server` starts an edition as its own process on a free port, waits until its
health endpoint answers and stops it cleanly at the end of the session. Playwright drives
Debian's Chromium (`/usr/bin/chromium`); it never downloads a browser of its own.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.servers import free_port, spawn, stop_process, wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-results"
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def launch_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """Return `launch(command, port=, health_path=, env=)` that yields the base URL.

    `command` may contain `{port}`, replaced by the port. Every server started is stopped
    when the test session ends; its output goes to a log file shown if it fails to start.
    """
    started: list[tuple[subprocess.Popen, int]] = []
    logs = tmp_path_factory.mktemp("server-logs")

    def launch(
        command: list[str], *, health_path: str, env: dict[str, str] | None = None,
        port: int | None = None, timeout: float = 60,
    ) -> str:
        port = port or free_port()
        log_path = logs / f"server-{port}.log"
        with log_path.open("wb") as log:
            process = spawn([part.format(port=port) for part in command], env=env, output=log)
        started.append((process, port))
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(base_url + health_path, process, timeout)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n--- server log ---\n{log_path.read_text()}") from None
        return base_url

    yield launch
    for process, port in started:
        stop_process(process, port)


@pytest.fixture(scope="session")
def python_executable() -> str:
    return sys.executable


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def dialogs(page) -> Iterator[list[str]]:
    """Every JavaScript dialog the page opens; a stored XSS payload that runs opens one."""
    opened: list[str] = []

    def record(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    yield opened
    assert opened == [], f"a script ran and opened dialogs: {opened}"


@pytest.fixture
def snap(request: pytest.FixtureRequest) -> Callable[[object, str], Path]:
    """`snap(who, step)`: a full-page screenshot of `who.page` (any object holding a
    Playwright page: a person of an edition's tests), saved as a test artefact under
    test-results/screens/<edition>/<test name>/<nn>-<step>.png, numbered in the order
    taken (<edition> is the test file's folder: two editions may share a test name)."""
    folder = ARTIFACTS / "screens" / request.node.path.parent.name / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(who: object, step: str) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        who.page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def screenshot(page, snap: Callable[[object, str], Path]) -> Callable[[str], Path]:
    """`screenshot(step)`: `snap` for the test's own `page`."""
    holder = SimpleNamespace(page=page)
    return lambda step: snap(holder, step)
