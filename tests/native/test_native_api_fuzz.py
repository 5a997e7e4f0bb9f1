"""Schemathesis generates requests from the OpenAPI document and sends them to the live
API (gunicorn): whatever it sends, the answer is never a 5xx, and status code, content
type and body are the ones the document promises."""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture(scope="session")
def api_schema(native_server):
    return schemathesis.openapi.from_url(f"{native_server}/api/v1/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


# The plain user goes first: the admin's run may change that user's password or role.
@schema.parametrize()
@settings(max_examples=10, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_generated_request_of_a_plain_user_gets_a_server_error(case, user_headers):
    case.call_and_validate(headers=user_headers, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case, admin_headers):
    case.call_and_validate(headers=admin_headers, checks=CHECKS)


def test_live_server_answers_health_and_headers(native_server):
    response = requests.get(f"{native_server}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert requests.get(f"{native_server}/readyz", timeout=10).json()["status"] == "ready"
