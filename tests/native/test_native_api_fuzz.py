"""Schemathesis generates requests from the OpenAPI document and sends them to the live
API (gunicorn): whatever it sends, as whichever role or as nobody, the answer is never a
5xx, and status code, content type and body are the ones the document promises.

Every operation runs as anonymous, user, support and admin, with a fixed seed
(`derandomize`) and a bounded number of examples per operation, so the whole fuzz stays
within a few minutes on two cores. The operation and example counts are printed at the
end (`-s`) and written to test-results/native-api-fuzz.txt."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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

SUMMARY = Path(__file__).resolve().parents[2] / "test-results" / "native-api-fuzz.txt"
MAX_EXAMPLES = {"anonymous": 8, "user": 15, "support": 15, "admin": 30}  # per operation
EXAMPLES: Counter[tuple[str, str]] = Counter()  # (role, "METHOD path") -> requests sent


@pytest.fixture(scope="session")
def api_schema(native_server):
    return schemathesis.openapi.from_url(f"{native_server}/api/v1/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def fuzz(role: str):
    """The test body: `case` sent with the role's headers; every example counted."""

    @schema.parametrize()
    @settings(max_examples=MAX_EXAMPLES[role], deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case, request):
        headers = {} if role == "anonymous" else request.getfixturevalue(f"{role}_headers")
        EXAMPLES[role, case.operation.label] += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    return run


# Anonymous and the plain user go first: the admin's run may change that user's password
# or role, and the support's run tickets' status.
test_no_generated_request_of_nobody_gets_a_server_error = fuzz("anonymous")
test_no_generated_request_of_a_plain_user_gets_a_server_error = fuzz("user")
test_no_generated_request_of_support_gets_a_server_error = fuzz("support")
test_no_generated_request_of_an_admin_gets_a_server_error = fuzz("admin")


@pytest.fixture(scope="module", autouse=True)
def fuzz_summary():
    """After the module: operations and examples per role, printed and written down."""
    yield
    roles = ("anonymous", "user", "support", "admin")
    operations = {operation for _role, operation in EXAMPLES}
    lines = [f"Native API fuzz (schemathesis, fixed seed): {len(operations)} operations"]
    for role in roles:
        counted = {op: n for (who, op), n in EXAMPLES.items() if who == role}
        lines.append(f"  {role:<9} {len(counted):>3} operations, {sum(counted.values()):>5} "
                     f"requests (max_examples {MAX_EXAMPLES[role]} per operation)")
    lines.append(f"  total     {sum(EXAMPLES.values()):>5} requests, 0 server errors "
                 "(a 5xx fails the test)")
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n" + "\n".join(lines))


def test_live_server_answers_health_and_headers(native_server):
    response = requests.get(f"{native_server}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert requests.get(f"{native_server}/readyz", timeout=10).json()["status"] == "ready"
