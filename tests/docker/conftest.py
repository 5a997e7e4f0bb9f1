"""The whole Native stack in Docker, for the checks in test_stack.py: a copy of the
checkout set up by the README's Docker steps, built with the project's Dockerfiles and
compose file, started with `docker compose up --wait`, and `down -v` at the end (also
when a check failed).

`./test docker` runs it (scripts/docker.sh provides the engine first). Variables:
  HELPDESK_DOCKER_BASES=local  build on the helpdesk-base/* images scripts/docker.sh made
                               and run the mail catcher (tests/docker/compose.local.yml);
                               unset: the Dockerfiles' official bases and mailpit
  HELPDESK_DOCKER_PROJECT      the compose project's name (./test removes what a run cut
                               short left of it); helpdesk-test-PID by default
  EXTRA_CA_CERTS               a PEM file with CA certificates the builds must trust (a
                               throwaway CA is made when it is empty, so the check that
                               nothing of it stays in an image always has one to look for)
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.docker.stack import Compose, copy_checkout, docker, read_env_file, run_setup_steps
from tests.servers import free_port

FIGURES: dict[str, str] = {}


def extra_ca_file(folder: Path) -> Path:
    given = os.environ.get("EXTRA_CA_CERTS", "")
    if given and Path(given).is_file() and Path(given).stat().st_size:
        return Path(given)
    made = folder / "throwaway-ca.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=helpdesk docker test CA", "-keyout", str(folder / "ca.key"),
                    "-out", str(made)], check=True, capture_output=True)
    return made


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    folder = tmp_path_factory.mktemp("docker")
    native = copy_checkout(folder / "checkout")
    readme_commands = run_setup_steps(native)
    ca = extra_ca_file(folder)
    files = [native / "docker-compose.yml", native / "compose.extra-ca.yml"]
    if os.environ.get("HELPDESK_DOCKER_BASES") == "local":
        files.append(native.parent / "tests" / "docker" / "compose.local.yml")
    web_port, mail_port = free_port(), free_port()
    project = os.environ.get("HELPDESK_DOCKER_PROJECT", f"helpdesk-test-{os.getpid()}")
    compose = Compose(project=project, directory=native, files=files,
                      env={"EXTRA_CA_CERTS": str(ca), "WEB_PORT": str(web_port),
                           "MAIL_UI_PORT": str(mail_port)}, figures=FIGURES)
    try:
        build = compose.run("build", timing="docker compose build")
        compose.run("up", "--detach", "--wait", timing="docker compose up --wait")
        yield SimpleNamespace(
            compose=compose, env=read_env_file(native / ".env"), ca=ca.read_text(),
            build_output=build.stdout + build.stderr, readme_commands=readme_commands,
            web=f"http://127.0.0.1:{web_port}", mail=f"http://127.0.0.1:{mail_port}")
    finally:
        compose.run("down", "--volumes", "--remove-orphans", check=False,
                    timing="docker compose down --volumes")
        label = f"label=com.docker.compose.project={compose.project}"
        left = docker("ps", "-aq", "--filter", label)
        volumes = docker("volume", "ls", "-q", "--filter", label)
        assert not left.stdout.split() and not volumes.stdout.split(), "down -v left something"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("Docker stack: measured")
        for step, figure in FIGURES.items():
            terminalreporter.write_line(f"{step:<40} {figure}")
