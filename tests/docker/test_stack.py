"""The Native stack as `docker compose up --wait` runs it, checked from outside through
nginx's published port: the README's production set-up, the SPA and its headers, health,
sign-in, a ticket, the worker's mail, the upload limit, non-root processes, three API
replicas, and data kept over `down` + `up`. The stack (conftest.py) is built and started
once; the checks run in this file's order, the last ones scale and restart it."""

from __future__ import annotations

import collections
import json
import re
from typing import Any

import requests
from helpdesk.spa import CSP_SPA

from tests.docker.stack import docker, inspect, process_uids, wait_for

TIMEOUT = 15
NON_ROOT = {"api": 10001, "worker": 10001, "web": 101}


def sign_in(stack, username: str, password: str) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{stack.web}/api/v1/auth/login", timeout=TIMEOUT,
                            json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    session.headers["X-CSRF-TOKEN"] = session.cookies["csrf_access_token"]
    return session


def admin(stack) -> requests.Session:
    return sign_in(stack, stack.env["ADMIN_USERNAME"], stack.env["ADMIN_PASSWORD"])


def post(session: requests.Session, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = session.post(url, json=body, timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    return response.json()


# ── the README's set-up: production ─────────────────────────────────────────────────────


def test_the_readme_steps_make_a_production_set_up_with_generated_secrets(stack):
    assert any(command.startswith("docker compose up --build --wait")
               for command in stack.readme_commands)
    env = stack.env
    assert env["APP_ENV"] == "production"
    assert env["CREATE_DEMO_ACCOUNTS"] == "false"
    assert re.fullmatch(r"[0-9a-f]{64}", env["SECRET_KEY"])  # openssl rand -hex 32
    assert re.fullmatch(r"[0-9a-f]{48}", env["POSTGRES_PASSWORD"])
    assert len(env["ADMIN_PASSWORD"]) >= 24
    api = stack.compose.containers("api")[0]
    assert "APP_ENV=production" in inspect(api)["Config"]["Env"]


def test_no_demo_account_exists_only_the_admin_from_the_settings(stack):
    for username, password in (("admin", "admin123"), ("support", "support123"),
                               ("user", "user123")):
        refused = requests.post(f"{stack.web}/api/v1/auth/login", timeout=TIMEOUT,
                                json={"username": username, "password": password})
        assert refused.status_code == 401, username
    users = admin(stack).get(f"{stack.web}/api/v1/users", timeout=TIMEOUT).json()
    assert [(user["username"], user["role"], user["email"]) for user in users["items"]] == [
        (stack.env["ADMIN_USERNAME"], "admin", stack.env["ADMIN_EMAIL"])]


def test_the_api_refuses_to_start_with_a_missing_or_weak_secret(stack):
    for secret in ("", "too-short"):
        result = stack.compose.run("run", "--rm", "--no-deps", "-e", f"SECRET_KEY={secret}",
                                   "-e", f"JWT_SECRET_KEY={secret}", "api", check=False,
                                   timeout=120)
        assert result.returncode != 0, secret
        assert "SECRET_KEY must be set to a random value" in result.stdout + result.stderr


# ── images ──────────────────────────────────────────────────────────────────────────────


def test_api_and_worker_run_the_one_backend_image_built_once(stack):
    assert stack.build_output.count("naming to docker.io/helpdesk/backend:local") == 1
    config = stack.compose.config()["services"]
    assert "build" in config["api"] and "build" not in config["worker"]
    api, worker = (stack.compose.containers(name)[0] for name in ("api", "worker"))
    assert inspect(api)["Image"] == inspect(worker)["Image"] == inspect(
        "helpdesk/backend:local")["Id"]


def pem_bodies(pem: str) -> list[str]:
    """A long base64 line of each certificate: text that only a copy of it contains."""
    return [max(block.splitlines(), key=len)
            for block in pem.split("-----BEGIN CERTIFICATE-----")[1:]]


def test_nothing_of_the_extra_ca_stays_in_the_images(stack):
    bodies = pem_bodies(stack.ca)
    assert bodies
    for image in ("helpdesk/backend:local", "helpdesk/web:local"):
        seen = docker("run", "--rm", "--entrypoint", "sh", image, "-c",
                      "cat /etc/ssl/certs/* /tmp/* 2>/dev/null; ls -a /tmp /run; env").stdout
        history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", image).stdout
        config = json.dumps(inspect(image)["Config"])
        for text in (seen, history, config):
            assert not any(body in text for body in bodies), image
            assert "NODE_EXTRA_CA_CERTS" not in text and "PIP_CERT" not in text, image
        assert "ca.pem" not in seen and "secrets" not in seen, image


# ── through nginx ───────────────────────────────────────────────────────────────────────


def assert_spa_headers(response: requests.Response) -> None:
    assert response.headers["Content-Security-Policy"] == CSP_SPA
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Server"] == "nginx"  # no version


def test_nginx_serves_the_spa_with_its_headers(stack):
    index = requests.get(stack.web + "/", timeout=TIMEOUT)
    assert index.status_code == 200
    assert '<div id="root">' in index.text
    assert index.headers["Cache-Control"] == "no-cache"
    assert_spa_headers(index)
    route = requests.get(stack.web + "/tickets/42", timeout=TIMEOUT)
    assert route.text == index.text  # a client-side route is the app
    script = re.search(r'src="(/assets/[^"]+\.js)"', index.text).group(1)
    asset = requests.get(stack.web + script, timeout=TIMEOUT, headers={"Accept-Encoding": "gzip"})
    assert asset.status_code == 200
    assert asset.headers["Content-Encoding"] == "gzip"
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert_spa_headers(asset)


def test_health_and_readiness_answer_through_nginx(stack):
    health = requests.get(stack.web + "/healthz", timeout=TIMEOUT)
    assert health.json() == {"status": "ok"}
    assert health.headers["Cache-Control"] == "no-store"  # the API's, not nginx's
    ready = requests.get(stack.web + "/readyz", timeout=TIMEOUT)
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True, "redis": True}


def test_sign_in_and_a_ticket_through_nginx_and_the_workers_mail(stack):
    assert requests.get(stack.web + "/api/v1/auth/me", timeout=TIMEOUT).status_code == 401
    boss = admin(stack)
    assert boss.get(stack.web + "/api/v1/auth/me", timeout=TIMEOUT).json()["role"] == "admin"
    post(boss, f"{stack.web}/api/v1/users", {
        "username": "reporter", "email": "reporter@example.com", "role": "user",
        "password": "docker-test-password-7"})
    reporter = sign_in(stack, "reporter", "docker-test-password-7")
    without_csrf = requests.post(f"{stack.web}/api/v1/tickets", timeout=TIMEOUT,
                                 cookies=reporter.cookies, json={"title": "x"})
    assert without_csrf.status_code == 403
    ticket = post(reporter, f"{stack.web}/api/v1/tickets", {
        "title": "Printer on fire", "description": "Smoke from tray 2", "category": "support"})
    stack.ticket_id = ticket["id"]

    subject = f"New ticket #{ticket['id']}: Printer on fire"

    def delivered() -> list[dict]:
        messages = requests.get(stack.mail + "/api/v1/messages", timeout=TIMEOUT).json()
        return [message for message in messages["messages"] if message["Subject"] == subject]

    mails = wait_for(delivered, 60, "the worker's mail in the catcher")
    assert [recipient["Address"] for recipient in mails[0]["To"]] == [stack.env["ADMIN_EMAIL"]]


def test_nginx_refuses_an_oversized_upload(stack):
    response = requests.post(f"{stack.web}/api/v1/tickets/1/attachments",
                             data=b"x" * 11_000_000, timeout=60,
                             headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 413
    assert response.json() == {"error": "too_large", "message": "The request is too large.",
                               "fields": {}}


def test_every_service_is_healthy_and_none_runs_as_root(stack):
    for service in ("postgres", "redis", "api", "worker", "web", "mailpit"):
        (container,) = stack.compose.containers(service)
        state = inspect(container)["State"]
        assert state["Health"]["Status"] == "healthy", service
        uids = process_uids(container)
        assert uids and 0 not in uids, (service, uids)
        if service in NON_ROOT:
            assert set(uids) == {NON_ROOT[service]}, (service, uids)


# ── three API replicas ──────────────────────────────────────────────────────────────────


def replicas_that_answered(stack, request_ids: set[str]) -> collections.Counter:
    """Which api container logged each of these requests (its JSON access-log line)."""
    counts: collections.Counter = collections.Counter()
    for line in stack.compose.logs("api").splitlines():
        match = re.match(r"\s*(\S+)\s+\|\s+(\{.*\})\s*$", line)
        if match and json.loads(match.group(2)).get("request_id") in request_ids:
            counts[match.group(1)] += 1
    return counts


def test_scaled_to_three_api_replicas_nginx_spreads_the_requests(stack):
    stack.compose.run("up", "--detach", "--wait", "--scale", "api=3",
                      timing="up --wait --scale api=3")
    assert len(stack.compose.containers("api")) == 3

    def requests_reach_all_three() -> collections.Counter | None:
        ids = {requests.get(stack.web + "/healthz", timeout=TIMEOUT).headers["X-Request-ID"]
               for _ in range(30)}
        counts = replicas_that_answered(stack, ids)
        return counts if len(counts) == 3 and sum(counts.values()) == 30 else None

    # nginx asks Docker's DNS again after `valid=10s`: then it knows every replica.
    counts = wait_for(requests_reach_all_three, 60, "30 requests spread over 3 replicas", 2)
    stack.compose.figures["30 requests over the api replicas"] = " / ".join(
        str(count) for _, count in sorted(counts.items()))


# ── restart ─────────────────────────────────────────────────────────────────────────────


def test_data_survives_down_and_up(stack):
    ticket_id = stack.ticket_id
    stack.compose.run("down", timing="docker compose down")
    assert stack.compose.containers("api") == []
    stack.compose.run("up", "--detach", "--wait", timing="docker compose up --wait (again)")
    boss = admin(stack)
    ticket = boss.get(f"{stack.web}/api/v1/tickets/{ticket_id}", timeout=TIMEOUT)
    assert ticket.status_code == 200
    assert ticket.json()["title"] == "Printer on fire"
    users = boss.get(f"{stack.web}/api/v1/users", timeout=TIMEOUT).json()["items"]
    assert {user["username"] for user in users} == {stack.env["ADMIN_USERNAME"], "reporter"}
