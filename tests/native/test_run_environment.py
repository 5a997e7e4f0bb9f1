"""What `./run native` hands the API and the mail worker (scripts/native.sh, which `run`
sources): above all PUBLIC_URL, the base of every link in the e-mails. It must be the
address this server answers on, not the Docker set-up's http://localhost:3000."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("PUBLIC_URL", "HOST", "PORT", "WEB_CONCURRENCY", "FRONTEND_DIST", "DATABASE_URL",
         "REDIS_URL")


def run_environment(tmp_path: Path, addresses: str | None = "192.0.2.7 10.0.0.1",
                    **given: str) -> dict[str, str]:
    """Source the run script's settings in a clean shell and return what it exports.

    `addresses` is what `hostname -I` prints on the fake machine (None: it fails)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    hostname = bin_dir / "hostname"
    hostname.write_text("#!/bin/sh\n" + (f"echo '{addresses} '\n" if addresses else "exit 1\n"))
    hostname.chmod(0o755)
    environment = {name: value for name, value in os.environ.items()
                   if name not in NAMES and name != "WORKERS"}
    environment.update(given, PATH=f"{bin_dir}:{os.environ['PATH']}")
    script = ("set -euo pipefail; source scripts/bootstrap.sh; source scripts/native.sh; "
              "native_environment; " + "; ".join(f'echo "{name}=${name}"' for name in NAMES))
    output = subprocess.run(["bash", "-c", script], cwd=ROOT, env=environment, check=True,
                            capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in output.splitlines())


def test_links_lead_to_the_port_it_serves_on_not_the_docker_port(tmp_path: Path) -> None:
    exported = run_environment(tmp_path, HOST="127.0.0.1", PORT="5123")
    assert exported["PUBLIC_URL"] == "http://127.0.0.1:5123"
    assert exported["PORT"] == "5123"


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])  # noqa: S104 (the wildcard is the case)
def test_listening_everywhere_the_links_use_the_network_address(tmp_path: Path,
                                                                 host: str) -> None:
    # The default HOST: people on other computers open the mails' links.
    exported = run_environment(tmp_path, HOST=host)
    assert exported["PUBLIC_URL"] == "http://192.0.2.7:5000"


def test_without_a_network_address_the_links_use_loopback(tmp_path: Path) -> None:
    assert run_environment(tmp_path, addresses=None)["PUBLIC_URL"] == "http://127.0.0.1:5000"
    assert run_environment(tmp_path, addresses="fd00::2")["PUBLIC_URL"] == "http://[fd00::2]:5000"


def test_an_ipv6_host_is_bracketed(tmp_path: Path) -> None:
    assert run_environment(tmp_path, HOST="::1", PORT="8080")["PUBLIC_URL"] == \
        "http://[::1]:8080"


def test_a_public_url_the_user_set_is_kept(tmp_path: Path) -> None:
    exported = run_environment(tmp_path, PUBLIC_URL="https://help.example.com", PORT="5123")
    assert exported["PUBLIC_URL"] == "https://help.example.com"


def test_the_other_settings_keep_their_defaults(tmp_path: Path) -> None:
    exported = run_environment(tmp_path, WORKERS="3")
    assert exported["HOST"] == "0.0.0.0"  # noqa: S104 (the documented default: the LAN)
    assert exported["WEB_CONCURRENCY"] == "3"
    assert exported["FRONTEND_DIST"] == str(ROOT / "native" / "frontend" / "dist")
    assert exported["DATABASE_URL"] == "postgresql+psycopg://postgres@127.0.0.1:5432/helpdesk"
    assert exported["REDIS_URL"] == "redis://127.0.0.1:6379/0"


def test_the_run_script_uses_these_settings() -> None:
    # `./run native` itself takes minutes (tests/contract/test_any_order.py starts it);
    # here: it sources this file and calls the function before it starts anything.
    run = (ROOT / "run").read_text()
    native = run[run.index("  native)"):run.index("native/backend/bin/start-api")]
    assert "source scripts/native.sh" in native
    assert native.index("native_environment") < native.index("start-worker")
