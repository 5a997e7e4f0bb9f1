"""Server processes on loopback: start one on a free port, wait for its health, stop it.

Plain functions without pytest, shared by the browser tests' fixtures (`tests/conftest.py`)
and by the scripts that drive a real server (`docs/screenshots.py`,
`benchmarks/nano_bench.py`, through `tests/nano/driver.py`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def spawn(
    command: list[str], *, env: Mapping[str, str | None] | None = None,
    output: int | IO[bytes] | None = subprocess.DEVNULL,
) -> subprocess.Popen:
    """Start `command` in the repository root as a process group of its own.

    `env` is added to this process's environment; a value of None removes the variable.
    """
    environment = {**os.environ, **(env or {})}
    process_env = {name: value for name, value in environment.items() if value is not None}
    return subprocess.Popen(
        command, cwd=ROOT, env=process_env,
        stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_until_healthy(
    url: str, process: subprocess.Popen, timeout: float, interval: float = 0.2,
) -> None:
    """Poll `url` every `interval` seconds until it answers 200; RuntimeError if the
    process exits first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(interval)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def stop_process(process: subprocess.Popen, port: int, timeout: float = 30) -> None:
    """Ask the process group to stop, wait for the port to close, kill if it will not.

    Streamlit takes a few seconds to exit once a browser was connected, so the port is
    the real sign that the server is gone.
    """
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (process.poll() is None or port_is_open(port)):
        time.sleep(0.1)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
