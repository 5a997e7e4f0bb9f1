"""A JSON request body read within limits: its size before reading, its nesting depth
before parsing (the parser recurses per level, and a 50,000-deep array would exhaust the
stack), then parsed."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request

from helpdesk.errors import ApiError, TooLarge

# The largest valid body is a ticket: a 200-character title and a 20,000-character text,
# up to 12 bytes a character when every one is sent as a \\u escaped surrogate pair.
MAX_JSON_BYTES = 256 * 1024
# Every request schema is flat (an object of scalars); a little room for what clients add.
MAX_JSON_DEPTH = 32

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def nesting_depth(data: bytes, limit: int) -> int:
    """The deepest nesting of arrays and objects in `data` outside strings, counted up
    to `limit` + 1 (it stops there). Strings are cut out first, so their brackets do not
    count; for malformed input the figure may be off, and the parser refuses it anyway."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b"", data)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        else:
            depth -= 1
    return deepest


def read_json() -> Any:
    """The request's JSON value, or a 400/413 with the error envelope."""
    if not request.is_json:
        raise ApiError("The request body must be JSON (Content-Type: application/json).",
                       code="invalid_json")
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise TooLarge(f"A JSON body may have at most {MAX_JSON_BYTES // 1024} KB.",
                       reason="json_too_large", params={"max_kb": MAX_JSON_BYTES // 1024})
    data = request.get_data(cache=True)
    if len(data) > MAX_JSON_BYTES:
        raise TooLarge(f"A JSON body may have at most {MAX_JSON_BYTES // 1024} KB.",
                       reason="json_too_large", params={"max_kb": MAX_JSON_BYTES // 1024})
    if nesting_depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ApiError(f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.",
                       code="invalid_json", reason="json_too_deep",
                       params={"max_depth": MAX_JSON_DEPTH})
    try:
        return json.loads(data)
    except (ValueError, RecursionError):  # RecursionError: a defence in depth only
        raise ApiError("The request body is not valid JSON.", code="invalid_json") from None
