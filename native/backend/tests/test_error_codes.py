"""Every error names a stable code from helpdesk/error_codes.py (the SPA translates them),
validation names each field's problem with a field code, and the English message stays."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path

from helpdesk.error_codes import ERROR_CODES, FIELD_CODES, field_code
from helpdesk.errors import HTTP_CODES

HELPDESK = Path(__file__).resolve().parents[1] / "helpdesk"
FRONTEND_OPENAPI = Path(__file__).resolve().parents[2] / "frontend" / "openapi.json"
TOKEN = "/api/v1/auth/token"


def literal_codes() -> tuple[set[str], set[str]]:
    """The error codes and field codes written as literals anywhere in the API's source."""
    codes: set[str] = set()
    field_codes: set[str] = set()
    for path in HELPDESK.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.keyword) and node.arg in ("code", "reason")
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                codes.add(node.value.value)
            if isinstance(node, ast.keyword) and node.arg == "field_errors":
                for value in ast.walk(node.value):
                    if isinstance(value, ast.Dict):
                        field_codes |= {v.value for v in value.values
                                        if isinstance(v, ast.Constant)}
                    if isinstance(value, ast.DictComp) and isinstance(value.value, ast.Constant):
                        field_codes.add(value.value.value)
            if isinstance(node, ast.ClassDef):  # class Forbidden(ApiError): status, code = ...
                for statement in node.body:
                    if (isinstance(statement, ast.Assign)
                            and isinstance(statement.value, ast.Tuple)
                            and isinstance(statement.value.elts[-1], ast.Constant)):
                        codes.add(statement.value.elts[-1].value)
    return codes, field_codes


def test_every_code_in_the_source_is_registered():
    codes, field_codes = literal_codes()
    assert len(codes) > 30 and len(field_codes) > 10  # the scan found the raise sites
    assert codes - ERROR_CODES == set()
    assert field_codes - FIELD_CODES == set()
    assert set(HTTP_CODES.values()) - ERROR_CODES == set()
    assert {field_code(kind) for kind in ("missing", "string_too_long", "whatever")} <= FIELD_CODES


def test_the_openapi_document_lists_every_code_for_the_spa(client):
    for document in (client.get("/api/v1/openapi.json").json,
                     json.loads(FRONTEND_OPENAPI.read_text())):
        schema = document["components"]["schemas"]["Error"]["properties"]
        assert set(schema["code"]["enum"]) == ERROR_CODES
        assert set(schema["field_errors"]["additionalProperties"]["enum"]) == FIELD_CODES


def test_a_wrong_password_and_a_deactivated_account_have_their_codes(api):
    wrong = api.client.post(TOKEN, json={"username": "user", "password": "wrong-pass"})
    assert (wrong.status_code, wrong.json["code"]) == (401, "invalid_credentials")
    assert wrong.json["message"] == "Wrong username or password."
    assert wrong.json["field_errors"] == {} and wrong.json["params"] == {}


def test_the_hard_login_lock_is_account_locked_with_the_wait(make_app, reset_redis):
    app = make_app(AUTO_MIGRATE=False, RATELIMIT_LOGIN_ACCOUNT="2 per 15 minutes",
                   LOGIN_SLOWDOWN_SECONDS=0)
    client = app.test_client()
    reset_redis()
    answers = [client.post(TOKEN, json={"username": "user", "password": "wrong-pass"})
               for _ in range(3)]
    assert [answer.status_code for answer in answers] == [401, 401, 429]
    locked = answers[-1]
    assert (locked.json["error"], locked.json["code"]) == ("rate_limited", "account_locked")
    assert 800 < int(locked.headers["Retry-After"]) <= 900
    reset_redis()


def test_the_slow_down_names_its_wait(make_app, reset_redis):
    app = make_app(AUTO_MIGRATE=False, LOGIN_SLOWDOWN_SECONDS=5)
    client = app.test_client()
    reset_redis()
    for _ in range(3):
        client.post(TOKEN, json={"username": "user", "password": "wrong-pass"})
    slowed = client.post(TOKEN, json={"username": "user", "password": "user123"})
    assert slowed.json["code"] == "login_slowed"
    assert slowed.json["params"] == {"wait_seconds": 5}  # Retry-After may be later (the limiter)
    reset_redis()


def test_validation_names_each_fields_problem_and_stores_nothing(api, sql):
    before = sql("SELECT count(*) FROM tickets")[0][0]
    response = api.post("/api/v1/tickets", "user", json={
        "title": "x" * 500, "category": "nonsense", "colour": "red"})
    assert response.status_code == 422
    assert response.json["code"] == "validation_error"
    assert response.json["field_errors"] == {
        "title": "too_long", "category": "not_a_choice", "colour": "unknown_field"}
    assert set(response.json["fields"]) == set(response.json["field_errors"])
    missing = api.post("/api/v1/tickets", "user", json={"category": "bug"})
    assert missing.json["field_errors"] == {"title": "required"}
    assert sql("SELECT count(*) FROM tickets")[0][0] == before


def test_user_management_errors_have_their_codes(api):
    taken = api.post("/api/v1/users", "admin", json={
        "username": "user", "email": "x@example.com", "role": "user", "password": "long-enough-1"})
    assert (taken.json["code"], taken.json["field_errors"]) == (
        "username_taken", {"username": "taken"})
    weak = api.post("/api/v1/users", "admin", json={
        "username": "newbie", "email": "n@example.com", "role": "user", "password": "newbie"})
    assert (weak.json["code"], weak.json["params"]) == ("weak_password", {"min": 8})
    me = api.get("/api/v1/auth/me", "admin").json
    assert api.delete(f"/api/v1/users/{me['id']}", "admin").json["code"] == "cannot_delete_self"
    assert api.get("/api/v1/users", "user").json["code"] == "admin_only"
    assert api.get("/api/v1/users/999999", "admin").json["code"] == "account_not_found"


def test_upload_errors_have_their_codes(make_app):
    app = make_app(AUTO_MIGRATE=False, MAX_ATTACHMENT_BYTES=1024)
    client = app.test_client()
    token = client.post(TOKEN, json={"username": "user", "password": "user123"})
    headers = {"Authorization": "Bearer " + token.json["access_token"]}
    ticket = client.post("/api/v1/tickets", headers=headers,
                         json={"title": "big", "category": "bug"}).json
    path = f"/api/v1/tickets/{ticket['id']}/attachments"
    big = client.post(path, headers=headers, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"a" * 1025), "big.txt")})
    assert (big.json["code"], big.json["params"]) == ("file_too_large", {"max_mb": 0})
    exe = client.post(path, headers=headers, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"MZ\x90\x00binary"), "tool.exe")})
    assert (exe.json["code"], exe.json["field_errors"]) == (
        "file_type_refused", {"file": "type_not_allowed"})
    none = client.post(path, headers=headers, content_type="multipart/form-data", data={})
    assert none.json["code"] == "file_missing"
    assert client.get(f"{path}", headers=headers).status_code == 200
