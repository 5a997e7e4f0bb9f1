"""Helpers for the Docker test: a copy of the checkout set up by the root README's steps,
and `docker compose` on it as a project of its own.

The copy keeps a developer's own `native/.env` (and any stack of theirs named `helpdesk`)
out of the test's way: the README's steps write the copy's `.env`, and the test's compose
project has its own name, so its containers, network and volumes are its own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tests.servers import ROOT

README = ROOT / "README.md"
HERE = Path(__file__).resolve().parent
T = TypeVar("T")


def copy_checkout(target: Path) -> Path:
    """The files git knows in native/ and tests/docker/ (tracked or new, not ignored),
    copied to `target` with the same layout; returns the copy's native/."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard",
         "native", "tests/docker"], cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, names):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target / "native"


def readme_docker_steps() -> list[str]:
    """The shell lines of the README's Docker quick start (its first bash block)."""
    section = README.read_text().split("### With Docker", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "README: no bash block under '### With Docker'"
    return block.group(1).splitlines()


def run_setup_steps(native: Path) -> list[str]:
    """Run the README's steps in the copy's native/, up to the `docker compose` command
    (which the test runs itself, with its project name and files). Returns that command."""
    lines = readme_docker_steps()
    compose_lines = [line for line in lines if line.startswith("docker compose ")]
    assert compose_lines, "README: the Docker steps start no stack"
    setup = [line for line in lines if line not in compose_lines and line.strip() != "cd native"]
    subprocess.run(["bash", "-euo", "pipefail", "-c", "\n".join(setup)], cwd=native,
                   check=True, capture_output=True)
    return compose_lines


def read_env_file(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^(\w+)=(.*)$", path.read_text(), re.MULTILINE))


def wait_for(condition: Callable[[], T], timeout: float, what: str, interval: float = 0.5) -> T:
    """Poll `condition` until it returns something true; AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(interval)


@dataclass
class Compose:
    """`docker compose` for one project: its name, its folder and its compose files."""

    project: str
    directory: Path
    files: list[Path]
    env: Mapping[str, str]
    figures: dict[str, str] = field(default_factory=dict)  # measured times and counts

    def command(self, *args: str) -> list[str]:
        files = [part for path in self.files for part in ("-f", str(path))]
        return ["docker", "compose", "-p", self.project, *files, *args]

    def run(self, *args: str, check: bool = True, timeout: float = 900,
            timing: str | None = None) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        result = subprocess.run(self.command(*args), cwd=self.directory, text=True,
                                capture_output=True, check=False, timeout=timeout,
                                env={**os.environ, **self.env})
        if timing:
            self.figures[timing] = f"{time.monotonic() - started:.1f} s"
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(result.args)} failed ({result.returncode}):\n"
                                 f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
        return result

    def containers(self, service: str) -> list[str]:
        return self.run("ps", "-q", service).stdout.split()

    def config(self) -> dict[str, Any]:
        return json.loads(self.run("config", "--format", "json").stdout)

    def logs(self, service: str) -> str:
        return self.run("logs", "--no-color", service).stdout


def docker(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], text=True, capture_output=True, check=check,
                          timeout=300)


def inspect(name: str) -> dict[str, Any]:
    return json.loads(docker("inspect", name).stdout)[0]


def process_uids(container: str) -> list[int]:
    """The user id of every process in a container, as the host sees it."""
    lines = docker("top", container, "-o", "pid,uid").stdout.splitlines()[1:]
    return [int(line.split()[1]) for line in lines if line.strip()]
