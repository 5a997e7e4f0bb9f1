"""Stored XSS: the API stores payloads as plain data and only ever answers JSON (or an
inert download), with nosniff and a CSP that forbids everything; the SPA renders text."""

from __future__ import annotations

import pytest

PAYLOADS = [
    '"><img src=x onerror=alert(1)>', "<script>alert(1)</script>",
    "'><details/open/ontoggle=confirm(1)>", "<svg onload=alert(1)>",
    "[x](javascript:alert(1))", "[x]( javascript:alert(1))", '![" onerror=alert(1) ](x)',
]


def assert_inert_json(response):
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_stored_verbatim_and_served_only_as_json(api, payload):
    ticket = api.create_ticket(title=payload, description=payload)
    path = f"/api/v1/tickets/{ticket['id']}"
    api.post(path + "/comments", "support", json={"body": payload})
    api.post(path + "/comments", "support", json={"body": payload, "internal": True})
    for who in ("user", "support", "admin"):
        detail = api.get(path, who)
        assert_inert_json(detail)
        assert detail.json["title"] == payload.strip()
        assert detail.json["description"] == payload
        listed = api.get("/api/v1/tickets", who)
        assert_inert_json(listed)
        comments = api.get(path + "/comments", who)
        assert all(c["body"] == payload for c in comments.json["items"])
    dashboard = api.get("/api/v1/stats", "admin")
    assert_inert_json(dashboard)
    audit = api.get("/api/v1/audit", "admin")
    assert_inert_json(audit)
    assert any(e["after"] and e["after"].get("title") == payload.strip()
               for e in audit.json["items"])
