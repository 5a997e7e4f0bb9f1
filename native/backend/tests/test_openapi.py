from __future__ import annotations

import re


def test_openapi_document_is_generated_from_the_code(client, app):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    expected = {
        "/api/v1/auth/login": {"post"}, "/api/v1/auth/token": {"post"},
        "/api/v1/auth/refresh": {"post"}, "/api/v1/auth/logout": {"post"},
        "/api/v1/auth/me": {"get", "patch"}, "/api/v1/auth/password": {"post"},
        "/api/v1/tickets": {"get", "post"},
        "/api/v1/tickets/{ticket_id}": {"get", "patch", "delete"},
        "/api/v1/tickets/export.csv": {"get"},
        "/api/v1/tickets/{ticket_id}/comments": {"get", "post"},
        "/api/v1/tickets/{ticket_id}/attachments": {"get", "post"},
        "/api/v1/attachments/{attachment_id}": {"get", "delete"},
        "/api/v1/users": {"get", "post"}, "/api/v1/users/{user_id}": {"get", "patch", "delete"},
        "/api/v1/notifications": {"get"}, "/api/v1/stats": {"get"}, "/api/v1/audit": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    schemas = document["components"]["schemas"]
    assert schemas["TicketCreate"]["additionalProperties"] is False
    assert schemas["TicketCreate"]["properties"]["title"]["maxLength"] == 200
    create = paths["/api/v1/tickets"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "TicketCreate")
    assert "201" in create["responses"] and "422" in create["responses"]
    parameters = {p["name"] for p in paths["/api/v1/tickets"]["get"]["parameters"]}
    assert {"status", "assignee", "q", "sort", "page", "per_page"} <= parameters
    # Every route the app serves under /api/v1 is in the document.
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and "openapi" not in rule.rule:
            assert re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) in paths, rule.rule
    assert client.get("/openapi.json").json == document


def test_interactive_docs_are_served_locally_without_inline_script(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<script>" not in html
    assert "http" not in html  # no CDN
    for asset in re.findall(r'(?:src|href)="([^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200, asset
        response.close()
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]


def test_the_front_ends_copy_of_the_document_is_current(tmp_path):
    """The SPA generates its TypeScript types from native/frontend/openapi.json, so a
    changed API must be re-exported (`python -m helpdesk.manage openapi FILE`) and then
    breaks the front end's type check instead of a user's screen."""
    from pathlib import Path

    from helpdesk import manage

    committed = Path(__file__).resolve().parents[2] / "frontend" / "openapi.json"
    assert committed.read_text(encoding="utf-8") == manage.openapi_text(), (
        "native/frontend/openapi.json is stale: run "
        "`python -m helpdesk.manage openapi native/frontend/openapi.json`")
    written = tmp_path / "openapi.json"
    manage.main(["openapi", str(written)])
    assert written.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
