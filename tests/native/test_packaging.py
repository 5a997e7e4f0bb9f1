"""Native's packaging, tested outside Docker: the images' start commands as real processes
(`bin/start-api` on a database it creates, two replicas at once, `bin/start-worker --burst`
delivering a queued mail over real SMTP), the web tier's nginx config in front of a real
API, and the Dockerfiles and the compose file checked by hadolint and the compose schema."""

from __future__ import annotations

import http.client
import json
import mailbox
import re
import runpy
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
import requests
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from helpdesk.spa import CSP_SPA
from redis import Redis
from rq import Queue

from tests.native.packaging import (
    BACKEND,
    MAIL_QUEUE,
    REDIS_URL,
    ROOT,
    RUN,
    START_API,
    START_WORKER,
    TEMPLATE_VARIABLES,
    database_exists,
    drop_database,
    nginx_test,
    query,
    run_nginx,
    service_env,
    spawn,
    spawn_api,
    start_api,
    wait_ready,
    write_nginx_config,
)
from tests.servers import free_port, stop_process

NATIVE = ROOT / "native"
INDEX = "<!doctype html><title>Help desk</title><div id=root></div>"
SCRIPT = "console.log('help desk');\n" * 200  # big enough to be gzipped
API_CSP_START = "default-src 'none'"


@pytest.fixture(scope="module")
def databases() -> Iterator[Callable[[str], str]]:
    """Names of databases that do not exist yet (start-api creates them); all dropped."""
    names: list[str] = []

    def name(suffix: str) -> str:
        names.append(f"helpdesk_pkg_{RUN}_{suffix}")
        drop_database(names[-1])
        return names[-1]

    yield name
    for database in names:
        drop_database(database)


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("packaging-logs")


# ── bin/start-api and bin/start-worker ───────────────────────────────────────────────────


def test_start_api_creates_the_database_migrates_and_serves(databases, logs):
    name = databases("single")
    assert not database_exists(name)
    port = free_port()
    with start_api(name, port, logs / "single.log") as process:
        # The shell replaced itself with gunicorn, so `docker stop` signals gunicorn.
        assert "gunicorn" in " ".join(psutil.Process(process.pid).cmdline())
        base = f"http://127.0.0.1:{port}"
        session = requests.Session()
        response = session.post(f"{base}/api/v1/auth/login", timeout=10,
                                json={"username": "admin", "password": "admin123"})
        assert response.status_code == 200, response.text
        assert {"access_token_cookie", "csrf_access_token"} <= set(session.cookies.keys())
        me = session.get(f"{base}/api/v1/auth/me", timeout=10)
        assert me.json()["username"] == "admin"
        assert session.get(f"{base}/", timeout=10).status_code == 404  # no FRONTEND_DIST
    assert process.returncode == 0  # a clean, graceful stop on SIGTERM
    assert query(name, "SELECT count(*) FROM alembic_version") == [(1,)]
    assert query(name, "SELECT username FROM users ORDER BY username") == [
        ("admin",), ("support",), ("user",)]


def test_two_replicas_starting_together_on_a_new_database_both_become_ready(databases, logs):
    name = databases("pair")
    ports = [free_port(), free_port()]
    # Both start at the same moment: both find no database, both try to create and
    # migrate it.
    processes = [spawn_api(name, port, logs / f"pair-{port}.log") for port in ports]
    try:
        for process, port in zip(processes, ports, strict=True):
            wait_ready(process, port, logs / f"pair-{port}.log")
        for port in ports:
            ready = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
            assert ready.json()["checks"] == {"database": True, "redis": True}
    finally:
        for process, port in zip(processes, ports, strict=True):
            stop_process(process, port)
    for port in ports:
        log = (logs / f"pair-{port}.log").read_text()
        assert "Traceback" not in log, log
    assert query(name, "SELECT count(*) FROM alembic_version") == [(1,)]
    assert query(name, "SELECT count(*) FROM users") == [(3,)]  # seeded once


@pytest.mark.parametrize("env,allowed", [
    ({}, []),  # TRUSTED_PROXIES=0: nobody's forwarded headers, not even loopback's
    ({"TRUSTED_PROXIES": "1"}, ["*"]),  # behind nginx, whose address Docker picks
    ({"TRUSTED_PROXIES": "1", "FORWARDED_ALLOW_IPS": "10.0.0.0/8"}, ["10.0.0.0/8"]),
])
def test_gunicorn_settings_come_from_the_environment(monkeypatch, env, allowed):
    from gunicorn.config import Config

    for name in ("TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**env, "HOST": "127.0.0.1", "PORT": "5123", "WEB_CONCURRENCY": "3",
                        "GUNICORN_THREADS": "6"}.items():
        monkeypatch.setenv(name, value)
    settings = runpy.run_path(str(BACKEND / "gunicorn.conf.py"))
    config = Config()
    for name in ("bind", "workers", "worker_class", "threads", "forwarded_allow_ips",
                 "control_socket_disable"):
        config.set(name, settings[name])  # gunicorn's own validation of each value
    assert config.bind == ["127.0.0.1:5123"]
    assert (config.workers, config.threads) == (3, 6)
    assert config.worker_class_str == "gthread"
    assert config.forwarded_allow_ips == allowed
    assert "accesslog" not in settings  # the app's JSON line per request is the access log


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[SimpleNamespace]:
    """A real SMTP server on loopback that stores what it gets in a Maildir."""
    port = free_port()
    folder = tmp_path / "maildir"
    controller = Controller(Mailbox(folder), hostname="127.0.0.1", port=port)
    controller.start()
    yield SimpleNamespace(port=port, messages=lambda: list(mailbox.Maildir(folder)))
    controller.stop()


@pytest.fixture
def mail_queue() -> Iterator[Queue]:
    connection = Redis.from_url(REDIS_URL)
    queue = Queue(MAIL_QUEUE, connection=connection)
    queue.empty()
    yield queue
    queue.empty()
    connection.close()


def test_start_worker_burst_delivers_the_mail_the_api_queued(databases, logs, inbox,
                                                             mail_queue):
    name = databases("mail")
    port = free_port()
    with start_api(name, port, logs / "mail-api.log", MAIL_ENABLED="true"):
        base = f"http://127.0.0.1:{port}/api/v1"
        token = requests.post(f"{base}/auth/token", timeout=10, json={
            "username": "user", "password": "user123"}).json()["access_token"]
        created = requests.post(f"{base}/tickets", timeout=10,
                                headers={"Authorization": f"Bearer {token}"},
                                json={"title": "Printer on fire", "description": "Smoke",
                                      "category": "support"})
        assert created.status_code == 201, created.text
    assert mail_queue.count == 2  # support and admin hear of the new ticket
    assert inbox.messages() == []

    log = logs / "worker.log"
    with log.open("wb") as output:
        worker = spawn([str(START_WORKER), "--burst"], output=output, env=service_env(
            name, SMTP_HOST="127.0.0.1", SMTP_PORT=str(inbox.port),
            MAIL_FROM="desk@example.com"))
    assert worker.wait(timeout=120) == 0, log.read_text()

    messages = inbox.messages()
    assert sorted(message["X-RcptTo"] for message in messages) == [
        "admin@example.com", "support@example.com"]
    for message in messages:
        assert message["From"] == "desk@example.com"
        assert message["Subject"] == f"New ticket #{created.json()['id']}: Printer on fire"
    assert mail_queue.count == 0


# ── nginx in front of the API ────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small build the way Vite lays it out: index.html and hashed files in assets/."""
    folder = tmp_path_factory.mktemp("dist")
    (folder / "assets").mkdir()
    (folder / "index.html").write_text(INDEX)
    (folder / "assets" / "index-4f2a9c.js").write_text(SCRIPT)
    return folder


def template_values(nginx_port: int, api_port: int, root: Path) -> dict[str, str]:
    # As in the web image, except the API's address: an IP literal, which nginx uses
    # without asking the resolver (Docker's 127.0.0.11 does not exist outside Docker and
    # is only configured, never queried, here). Everything else is the image's config.
    values = {"NGINX_PORT": str(nginx_port), "API_HOST": "127.0.0.1",
              "API_PORT": str(api_port), "NGINX_RESOLVER": "127.0.0.11", "WEB_ROOT": str(root)}
    assert tuple(values) == TEMPLATE_VARIABLES
    return values


def image_env() -> dict[str, str]:
    """The ENV lines of the web image's Dockerfile."""
    text = (NATIVE / "frontend" / "Dockerfile").read_text()
    return dict(re.findall(r"^ENV\s+(\w+)=(\S+)", text, re.MULTILINE))


def test_the_web_image_sets_every_template_variable():
    env = image_env()
    assert set(TEMPLATE_VARIABLES) <= set(env)
    assert env["NGINX_PORT"] == "3000" and env["API_PORT"] == "5000"
    assert env["API_HOST"] == "api" and env["NGINX_RESOLVER"] == "127.0.0.11"


@pytest.fixture(scope="module")
def web(databases, logs, dist, tmp_path_factory) -> Iterator[str]:
    """nginx on a free port, as the current user, in front of a real bin/start-api."""
    name = databases("web")
    api_port, nginx_port = free_port(), free_port()
    prefix = tmp_path_factory.mktemp("nginx")
    config = write_nginx_config(prefix, template_values(nginx_port, api_port, dist))
    with start_api(name, api_port, logs / "web-api.log", TRUSTED_PROXIES="1"), \
            run_nginx(prefix, config, nginx_port):
        yield f"http://127.0.0.1:{nginx_port}"


def test_the_rendered_config_passes_nginx_t(dist, tmp_path):
    config = write_nginx_config(tmp_path, template_values(free_port(), free_port(), dist))
    rendered = (tmp_path / "default.conf").read_text()
    assert "${" not in rendered  # every template variable was set
    assert "$uri" in rendered and "$proxy_add_x_forwarded_for" in rendered  # nginx's own
    assert "set $api_upstream http://127.0.0.1:" in rendered
    result = nginx_test(tmp_path, config)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_a_broken_config_fails_nginx_t(tmp_path):
    bad = tmp_path / "nginx.conf"
    bad.write_text("events {}\nhttp { server { listen 1; proxy_pass; } }\n")
    assert nginx_test(tmp_path, bad).returncode != 0


def assert_spa_headers(response: requests.Response) -> None:
    assert response.headers["Content-Security-Policy"] == CSP_SPA
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "nginx/" not in response.headers["Server"]  # no version


def test_nginx_serves_the_app_and_its_client_routes(web):
    for path in ("/", "/tickets", "/tickets/42?tab=comments", "/admin/users"):
        response = requests.get(web + path, timeout=10)
        assert response.status_code == 200, path
        assert response.text == INDEX
        assert response.headers["Content-Type"].startswith("text/html")
        assert response.headers["Cache-Control"] == "no-cache"
        assert_spa_headers(response)


def test_nginx_caches_assets_for_good_and_gzips_them(web):
    response = requests.get(web + "/assets/index-4f2a9c.js", timeout=10,
                            headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.text == SCRIPT
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert_spa_headers(response)
    missing = requests.get(web + "/assets/gone-123.js", timeout=10)
    assert missing.status_code == 404
    assert INDEX not in missing.text


def test_nginx_proxies_the_api_with_the_apis_own_headers(web):
    response = requests.get(web + "/api/v1/auth/me", timeout=10)
    assert response.status_code == 401
    assert set(response.json()) == {"error", "code", "message", "fields", "field_errors", "params"}
    # One Cache-Control and one CSP: the API's, none added by nginx.
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Security-Policy"].startswith(API_CSP_START)
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])  # nginx's id
    document = requests.get(web + "/api/v1/openapi.json", timeout=10)
    assert document.json()["openapi"].startswith("3.")
    assert requests.get(web + "/api/v1/nope", timeout=10).json()["error"] == "not_found"
    # The API's health endpoints live at its root; nginx passes them on too.
    health = requests.get(web + "/healthz", timeout=10)
    assert health.json() == {"status": "ok"}
    assert health.headers["Cache-Control"] == "no-store"
    ready = requests.get(web + "/readyz", timeout=10)
    assert ready.json()["checks"] == {"database": True, "redis": True}
    assert requests.get(web + "/healthz/x", timeout=10).text == INDEX  # only those two


def test_sign_in_through_nginx_sets_cookies_and_the_api_sees_the_real_client(web):
    port = int(web.rsplit(":", 1)[1])
    # From another loopback address, so the client differs from nginx's own (127.0.0.1).
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                            source_address=("127.0.0.3", 0))
    connection.request("POST", "/api/v1/auth/login", headers={
        "Content-Type": "application/json", "X-Forwarded-For": "203.0.113.66"},
        body=json.dumps({"username": "admin", "password": "admin123"}))
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    cookies = response.headers.get_all("Set-Cookie")
    access = next(cookie for cookie in cookies if cookie.startswith("access_token_cookie="))
    assert "HttpOnly" in access and "SameSite=Lax" in access
    assert any(cookie.startswith("csrf_access_token=") for cookie in cookies)
    request_id = response.headers["X-Request-ID"]
    connection.close()

    session = requests.Session()
    session.cookies.set("access_token_cookie", access.split(";")[0].split("=", 1)[1])
    audit = session.get(web + "/api/v1/audit?action=auth.login", timeout=10).json()
    entry = next(item for item in audit["items"] if item["request_id"] == request_id)
    # nginx appended the address it saw; the API trusts exactly that one hop
    # (TRUSTED_PROXIES=1), so a forged X-Forwarded-For from the client changes nothing.
    assert entry["client_address"] == "127.0.0.3"


def test_nginx_refuses_a_body_over_its_limit_and_passes_one_below(web):
    too_big = requests.post(web + "/api/v1/tickets/1/attachments", data=b"x" * 11_000_000,
                            headers={"Content-Type": "application/octet-stream"}, timeout=30)
    assert too_big.status_code == 413
    assert too_big.json() == {"error": "too_large", "message": "The request is too large.",
                              "fields": {}}
    # Just over the API's own limit, but under nginx's: the API answers (its envelope,
    # its message), so nginx's limit sits just above the attachment limit.
    near = requests.post(web + "/api/v1/auth/token",  # reads its body before any check
                         data=b"x" * (10 * 1024 * 1024 + 65 * 1024),
                         headers={"Content-Type": "application/json"}, timeout=30)
    assert near.status_code == 413
    assert near.json()["error"] == "too_large"
    assert near.json()["message"] != too_big.json()["message"]
    assert near.headers["Content-Security-Policy"].startswith(API_CSP_START)


# ── Dockerfiles and compose file ─────────────────────────────────────────────────────────


def tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


@pytest.mark.parametrize("dockerfile", ["backend/Dockerfile", "frontend/Dockerfile"])
def test_dockerfiles_pass_hadolint(dockerfile):
    result = subprocess.run([tool("hadolint"), "--failure-threshold", "info",
                             str(NATIVE / dockerfile)],
                            capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_finds_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /app && pip install flask\n")
    result = subprocess.run([tool("hadolint"), str(bad)], capture_output=True, text=True,
                            check=False)
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # the :latest tag


def test_the_compose_file_matches_the_compose_schema(tmp_path):
    command = [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec"]
    result = subprocess.run([*command, str(NATIVE / "docker-compose.yml")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  api:\n    image: x\n    ports: 3000\n")
    assert subprocess.run([*command, str(broken)], capture_output=True,
                          check=False).returncode != 0


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((NATIVE / "docker-compose.yml").read_text())


def test_compose_runs_every_service_the_spec_names_with_healthchecks(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "api", "worker", "web", "mailpit"}
    for name in ("postgres", "redis", "api", "worker", "web", "mailpit"):
        assert services[name]["healthcheck"]["test"], name
    assert services["worker"]["command"] == ["bin/start-worker"]
    # One backend image, built once by api and run by the worker too; never pulled.
    assert services["api"]["build"] == "./backend"
    assert "build" not in services["worker"]
    assert services["worker"]["image"] == services["api"]["image"] == "helpdesk/backend:local"
    assert services["api"]["pull_policy"] == "build"
    assert services["worker"]["pull_policy"] == "never"
    for service in services.values():  # pinned images, never :latest
        image = service.get("image", "built:here")
        assert ":" in image and not image.endswith(":latest"), image


def test_compose_lets_the_api_scale(compose):
    api = compose["services"]["api"]
    assert "container_name" not in api
    assert "ports" not in api  # only nginx publishes a port; replicas share none
    assert {"postgres", "redis"} <= set(api["depends_on"])
    assert all(api["depends_on"][name]["condition"] == "service_healthy"
               for name in ("postgres", "redis"))
    web = compose["services"]["web"]
    assert web["ports"] == ["${WEB_PORT:-3000}:3000"]
    # The mail UI shows every mail: published on this machine's loopback only.
    assert compose["services"]["mailpit"]["ports"] == ["127.0.0.1:${MAIL_UI_PORT:-8025}:8025"]
    assert web["depends_on"]["api"]["condition"] == "service_healthy"


def test_compose_wires_the_settings(compose):
    services = compose["services"]
    for name in ("api", "worker"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql")
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        # Everything else (SECRET_KEY, APP_ENV, ...) comes from native/.env.
        assert services[name]["env_file"][0]["path"] == ".env"
    assert services["worker"]["environment"]["SMTP_HOST"] == "mailpit"
    assert str(services["worker"]["environment"]["SMTP_PORT"]) == "1025"
    assert str(services["api"]["environment"]["TRUSTED_PROXIES"]) == "1"  # nginx
    postgres = services["postgres"]
    assert any(volume.split(":")[0] in compose["volumes"] for volume in postgres["volumes"])
    assert "POSTGRES_PASSWORD" in postgres["environment"]


def env_example() -> dict[str, str]:
    text = (NATIVE / ".env.example").read_text()
    return dict(re.findall(r"^(\w+)=(.*)$", text, re.MULTILINE))


def test_every_setting_in_env_example_is_one_the_api_reads():
    from helpdesk.config import from_env

    names = set(env_example())
    server = {"WEB_CONCURRENCY", "GUNICORN_THREADS",  # not the app's: gunicorn's, Compose's
              "POSTGRES_PASSWORD", "WEB_PORT", "MAIL_UI_PORT"}
    assert names - server <= set(from_env({}))
    assert set(from_env({})) <= names  # and every setting is documented there


def test_env_example_copied_as_it_is_is_production_and_needs_its_secrets():
    """`cp .env.example .env` (compose passes every line, empty ones included) is a
    production set-up: no demo accounts, and it is refused until a secret is filled in."""
    from helpdesk.config import ConfigError, from_env, validate

    config = from_env(env_example())
    assert config["APP_ENV"] == "production"
    assert config["CREATE_DEMO_ACCOUNTS"] is False
    assert env_example()["POSTGRES_PASSWORD"] == ""  # compose refuses an empty one
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        validate(config)
    secret = "s" * 64
    chosen = from_env({**env_example(), "SECRET_KEY": secret})
    assert chosen["JWT_SECRET_KEY"] == secret  # an empty JWT_SECRET_KEY= means SECRET_KEY
    validate(chosen)


PRODUCTION = {"APP_ENV": "production", "PASSWORD_TIME_COST": "2", "PASSWORD_MEMORY_KIB": "19456",
              "ADMIN_USERNAME": "admin", "ADMIN_EMAIL": "admin@example.com",
              "ADMIN_PASSWORD": "a-long-admin-password"}


@pytest.mark.parametrize("secret", ["", "too-short-a-secret"], ids=["missing", "short"])
def test_start_api_in_production_refuses_a_missing_or_weak_secret(databases, logs, secret):
    name = databases(f"secret_{len(secret)}")
    log = logs / f"secret-{len(secret)}.log"
    with log.open("wb") as output:
        process = spawn([str(START_API)], output=output, env=service_env(
            name, PORT=str(free_port()), SECRET_KEY=secret, JWT_SECRET_KEY=secret,
            **PRODUCTION))
    assert process.wait(timeout=60) != 0
    text = log.read_text()
    assert "SECRET_KEY must be set to a random value of at least 32 characters" in text
    assert "Traceback" not in text  # one clear line, not a stack trace
    assert not database_exists(name)  # refused before it touched anything
