"""Helpers for the packaging tests: the containers' start commands and the web tier's nginx
config, run outside Docker as real processes on loopback.

`bin/start-api` and `bin/start-worker` are the commands the images run; here they run
from the checkout with the test virtual environment first on PATH. The nginx template is
rendered the way the nginx image renders it (envsubst of exactly the variables that are
set) and wrapped in a main config that stands in for the image's /etc/nginx/nginx.conf.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.servers import ROOT, port_is_open, spawn, stop_process, wait_until_healthy

BACKEND = ROOT / "native" / "backend"
START_API = BACKEND / "bin" / "start-api"
START_WORKER = BACKEND / "bin" / "start-worker"
NGINX_TEMPLATE = ROOT / "native" / "frontend" / "nginx" / "default.conf.template"
NGINX = "/usr/sbin/nginx"
ADMIN_URL = os.environ.get("NATIVE_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("NATIVE_TEST_LIVE_REDIS_URL", "redis://127.0.0.1:6379/14")
RUN = os.getpid()
LIMITS_PREFIX = f"helpdesk-test-pkg-{RUN}"
MAIL_QUEUE = f"helpdesk-test-pkg-mail-{RUN}"
# Where the API processes of this test run keep the secrets they generate on first start
# (none is set): one file for all of them, outside the checkout's instance folder.
SECRETS_DIR = Path(tempfile.gettempdir()) / f"helpdesk-test-live-secrets-{RUN}"
SECRETS_FILE = SECRETS_DIR / "secrets.env"
# The variables the web image sets (its Dockerfile's ENV) and the template uses.
TEMPLATE_VARIABLES = ("NGINX_PORT", "API_HOST", "API_PORT", "NGINX_RESOLVER", "WEB_ROOT")


def database_url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def database_exists(name: str) -> bool:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (name,)).fetchone() is not None


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(name: str, statement: str) -> list[tuple]:
    with psycopg.connect(database_url(name)) as connection:
        return connection.execute(statement).fetchall()


def service_env(database: str, **overrides: str) -> dict[str, str | None]:
    """The environment a container would get, pointed at local PostgreSQL and Redis."""
    return {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": None,  # unset: the scripts find their package by themselves
        "DATABASE_URL": database_url(database), "REDIS_URL": REDIS_URL,
        "HOST": "127.0.0.1", "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2",
        "PASSWORD_TIME_COST": "1", "PASSWORD_MEMORY_KIB": "8192", "LOG_LEVEL": "WARNING",
        "RATELIMIT_KEY_PREFIX": LIMITS_PREFIX, "RQ_QUEUE": MAIL_QUEUE, "MAIL_ENABLED": "false",
        "LOGIN_SLOWDOWN_SECONDS": "0", "FRONTEND_DIST": "", "SECRETS_FILE": str(SECRETS_FILE),
        **overrides,
    }


def spawn_api(database: str, port: int, log: Path, **overrides: str) -> subprocess.Popen:
    """`bin/start-api` from the repository root, as its container runs it."""
    with log.open("ab") as output:
        return spawn([str(START_API)], output=output,
                     env=service_env(database, PORT=str(port), **overrides))


def wait_ready(process: subprocess.Popen, port: int, log: Path) -> None:
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/readyz", process, timeout=120)
    except RuntimeError as error:
        raise AssertionError(f"{error}\n--- start-api log ---\n{log.read_text()}") from None


@contextmanager
def start_api(database: str, port: int, log: Path, **overrides: str) -> Iterator[subprocess.Popen]:
    """`bin/start-api` until /readyz answers; stopped with SIGTERM (as `docker stop` does)."""
    process = spawn_api(database, port, log, **overrides)
    try:
        wait_ready(process, port, log)
        yield process
    finally:
        stop_process(process, port)


def render_template(values: Mapping[str, str]) -> str:
    """envsubst with exactly the set variables, as the nginx image's
    20-envsubst-on-templates.sh does: nginx's own $uri, $host, ... are left alone."""
    names = " ".join(f"${{{name}}}" for name in values)
    return subprocess.run(["envsubst", names], input=NGINX_TEMPLATE.read_text(), text=True,
                          env={"PATH": os.environ["PATH"], **values}, capture_output=True,
                          check=True).stdout


def nginx_main_config(prefix: Path, site: Path) -> str:
    """What the image's /etc/nginx/nginx.conf provides around conf.d/default.conf, with
    every writable path in `prefix` so nginx runs as the current user."""
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers stay this user
    temp = "\n".join(f"    {kind}_temp_path {prefix / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix / "access.log"};
    sendfile on;
    keepalive_timeout 65;
{temp}
    include {site};
}}
"""


def write_nginx_config(prefix: Path, values: Mapping[str, str]) -> Path:
    site = prefix / "default.conf"
    site.write_text(render_template(values))
    main = prefix / "nginx.conf"
    main.write_text(nginx_main_config(prefix, site))
    return main


def nginx_test(prefix: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(config)],
                          capture_output=True, text=True, check=False)


@contextmanager
def run_nginx(prefix: Path, config: Path, port: int) -> Iterator[subprocess.Popen]:
    process = spawn([NGINX, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"])
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/", process, timeout=30)
        yield process
    finally:
        stop_process(process, port)
        assert not port_is_open(port)
