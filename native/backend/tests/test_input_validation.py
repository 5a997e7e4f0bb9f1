"""Bad input of every kind gets a clear 4xx with the error envelope, never a 500 (#12):
query parameters, path ids, headers, cookies and JSON bodies."""

from __future__ import annotations

import pytest

ENVELOPE = {"error", "code", "message", "fields", "field_errors", "params"}
OVER_INT4 = ["2147483648", "9999999999"]
UNICODE_DIGITS = ["²", "٣", "１"]  # superscript two, Arabic-Indic three, fullwidth one


def assert_refused(response, status: int, field: str | None = None) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert set(response.json) == ENVELOPE
    if field is not None:
        assert field in response.json["fields"], response.json


@pytest.mark.parametrize("path", ["/api/v1/tickets/export.csv", "/api/v1/tickets"])
@pytest.mark.parametrize("name", ["created_by", "assignee"])
@pytest.mark.parametrize("value", OVER_INT4 + UNICODE_DIGITS)
def test_person_filters_are_bounded_to_int4_and_ascii(api, path, name, value):
    """Catches `created_by=2147483648` reaching PostgreSQL (a 500 in the streamed export)
    and Unicode digits read as numbers."""
    api.create_ticket()
    assert_refused(api.get(path, "admin", query_string={name: value}), 422, name)


@pytest.mark.parametrize("name", ["page", "per_page"])
@pytest.mark.parametrize("value", [*UNICODE_DIGITS, "2147483648", "-1", "1e3", "0x10"])
def test_integer_query_parameters_refuse_unicode_digits_and_range(api, name, value):
    """Catches int() reading `٣` as 3, or an unbounded page number."""
    assert_refused(api.get("/api/v1/tickets", "user", query_string={name: value}), 422, name)


@pytest.mark.parametrize("value", OVER_INT4 + UNICODE_DIGITS)
def test_audit_id_filters_are_bounded(api, value):
    for name in ("actor_id", "entity_id"):
        assert_refused(api.get("/api/v1/audit", "admin", query_string={name: value}), 422, name)


@pytest.mark.parametrize("path", [
    "/api/v1/tickets/{id}", "/api/v1/tickets/{id}/comments", "/api/v1/tickets/{id}/attachments",
    "/api/v1/attachments/{id}", "/api/v1/users/{id}",
])
@pytest.mark.parametrize("value", ["2147483648", "9999999999999999999", "99999999999999999999",
                                   "٣", "0", "-1"])
def test_path_ids_out_of_range_are_404(api, path, value):
    """Catches an id beyond int4 reaching the database as a 500."""
    response = api.get(path.format(id=value), "admin")
    assert_refused(response, 404)


@pytest.mark.parametrize("value", ["²", "٣", "１", "abc", '"1", "2"', "W/", "-1", "1.5",
                                   "9" * 12, '"' + "9" * 12 + '"', "\t", '""'])
def test_malformed_if_match_is_400_and_nothing_changes(api, value):
    """Catches `If-Match: ²` passing str.isdigit() and failing int() with a 500, and `٣`
    being taken as version 3."""
    ticket = api.create_ticket()
    response = api.patch(f"/api/v1/tickets/{ticket['id']}", "user", json={"title": "Changed"},
                         headers={"If-Match": value})
    assert_refused(response, 400, "If-Match")
    assert api.get(f"/api/v1/tickets/{ticket['id']}", "user").json["title"] == ticket["title"]


def test_if_match_star_and_the_current_version_are_accepted(api):
    ticket = api.create_ticket()
    path = f"/api/v1/tickets/{ticket['id']}"
    assert api.patch(path, "user", json={"title": "A"}, headers={"If-Match": "*"}
                     ).status_code == 200
    assert api.patch(path, "user", json={"title": "B"}, headers={"If-Match": '"2"'}
                     ).status_code == 200
    assert_refused(api.patch(path, "user", json={"title": "C"}, headers={"If-Match": '"2"'}), 409)


@pytest.mark.parametrize("body", ids=["array", "object", "field"], argvalues=[
    "[" * 50_000 + "]" * 50_000,
    '{"a":' * 20_000 + "1" + "}" * 20_000,  # 100 KB: within the size limit
    '{"title": "x", "category": "bug", "description": ' + "[" * 100 + "]" * 100 + "}",
])
def test_deeply_nested_json_is_refused_before_parsing(api, body):
    """Catches the JSON parser's recursion error on a 50,000-deep array (a 500)."""
    response = api.post("/api/v1/tickets", "user", data=body, content_type="application/json")
    assert_refused(response, 400)
    assert response.json["error"] == "invalid_json"
    assert api.get("/api/v1/tickets", "user").json["total"] == 0


def test_brackets_inside_strings_do_not_count_as_depth(api):
    deep_text = "[" * 5000 + '{"\\"'
    response = api.post("/api/v1/tickets", "user",
                        json={"title": "Brackets", "category": "bug", "description": deep_text})
    assert response.status_code == 201, response.json
    assert response.json["description"] == deep_text


def test_oversized_json_body_is_413(api):
    """Catches a JSON body far beyond any valid ticket being read and parsed."""
    body = '{"title": "x", "category": "bug", "description": "' + "a" * 400_000 + '"}'
    response = api.post("/api/v1/tickets", "user", data=body, content_type="application/json")
    assert_refused(response, 413)
    assert api.get("/api/v1/tickets", "user").json["total"] == 0


@pytest.mark.parametrize("content_type", [
    None, "text/plain", "application/jsonx", "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded", "application/json; charset=bogus\x7f", "\x00"])
def test_odd_content_types_are_4xx(api, content_type):
    headers = {} if content_type is None else {"Content-Type": content_type}
    response = api.post("/api/v1/tickets", "user", data='{"title": "x", "category": "bug"}',
                        headers=headers)
    assert 400 <= response.status_code < 500 or response.status_code == 201, response.status_code
    if response.status_code != 201:
        assert set(response.json) == ENVELOPE


@pytest.mark.parametrize("field,body", [
    ("title", {"title": "a\u0000b", "category": "bug"}),
    ("description", {"title": "x", "description": "a\u0000b", "category": "bug"}),
])
def test_nul_characters_in_text_name_the_field(api, field, body):
    """Catches a NUL character reaching PostgreSQL (which refuses it) unnamed."""
    assert_refused(api.post("/api/v1/tickets", "user", json=body), 422, field)


def test_nul_in_a_comment_and_in_search_name_the_field(api):
    ticket = api.create_ticket()
    assert_refused(api.post(f"/api/v1/tickets/{ticket['id']}/comments", "user",
                            json={"body": "a\u0000b"}), 422, "body")
    assert_refused(api.get("/api/v1/tickets", "user", query_string={"q": "a\x00b"}), 422, "q")


@pytest.mark.parametrize("name,value", [
    ("tz", "Mars/Olympus"), ("tz", "../../etc/passwd"), ("tz", "\u0000"), ("lang", "xx"),
    ("lang", "<script>"), ("tz", "x" * 4000),
])
def test_unknown_tz_and_lang_cookies_are_ignored(api, name, value):
    """Native reads the time zone from the browser and the language from the account: a
    `tz` or `lang` cookie is never interpreted, whatever it holds."""
    api.create_ticket()
    api.client.set_cookie(name, value)
    response = api.get("/api/v1/tickets", "user")
    assert response.status_code == 200
    assert response.json["total"] == 1
