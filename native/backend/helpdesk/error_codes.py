"""Every stable code an error answer can carry, so clients can translate them.

`code` in the envelope names exactly what went wrong (the SPA shows it in the user's
language); `error` stays the broader kind for existing API clients; `field_errors`
names each refused field's problem with one of FIELD_CODES. The OpenAPI document lists
both sets, and the SPA's tests fail when one of them has no translation."""

from __future__ import annotations

# The broad kinds, one per HTTP status (also the `code` when nothing more specific fits).
KINDS = frozenset({
    "bad_request", "unauthorized", "forbidden", "not_found", "method_not_allowed",
    "not_acceptable", "conflict", "too_large", "unsupported_media_type", "validation_error",
    "rate_limited", "unavailable", "internal_error", "error",
})

SPECIFIC = frozenset({
    # sign-in and session
    "csrf_failed", "invalid_credentials", "account_disabled", "account_locked",
    "login_slowed", "token_reused", "invalid_token", "token_expired", "token_revoked",
    # request shape
    "invalid_json", "json_too_large", "json_too_deep", "body_not_object", "invalid_header",
    "write_conflict",
    # accounts
    "admin_only", "account_not_found", "staff_only_assign", "weak_password",
    "username_taken", "last_admin", "cannot_delete_self", "account_in_use",
    "wrong_current_password",
    # tickets, comments, files, dashboard, audit
    "ticket_not_found", "item_not_found", "not_assignable", "invalid_transition",
    "stale_version", "fields_refused", "field_empty", "ticket_delete_admin_only",
    "internal_note_refused", "status_change_refused", "upload_refused", "file_too_large",
    "file_type_refused", "file_missing", "file_not_found", "file_delete_refused",
    "dashboard_staff_only", "audit_admin_only",
    # archive import (its `error` too, as the archive's clients read it)
    "database_not_empty", "archive_refused",
})

ERROR_CODES = KINDS | SPECIFIC

# A refused field's problem (pydantic's many error types fold into these few).
FIELD_CODES = frozenset({
    "required", "too_short", "too_long", "too_small", "too_big", "not_a_number",
    "not_a_date", "not_a_choice", "unknown_field", "invalid", "taken", "wrong_password",
    "weak_password", "not_allowed", "not_assignable", "invalid_transition", "stale_version",
    "type_not_allowed", "missing", "not_an_object", "may_not_be_empty",
})

_PYDANTIC_FIELD_CODES = {
    "missing": "required", "string_too_short": "too_short", "too_short": "too_short",
    "string_too_long": "too_long", "too_long": "too_long", "greater_than_equal": "too_small",
    "greater_than": "too_small", "less_than_equal": "too_big", "less_than": "too_big",
    "int_parsing": "not_a_number", "int_type": "not_a_number", "int_from_float": "not_a_number",
    "datetime_parsing": "not_a_date", "datetime_type": "not_a_date",
    "timezone_aware": "not_a_date", "datetime_from_date_parsing": "not_a_date",
    "literal_error": "not_a_choice", "enum": "not_a_choice", "extra_forbidden": "unknown_field",
}


def field_code(pydantic_type: str) -> str:
    """The stable code for one pydantic error type ("invalid" for all the rarer ones)."""
    return _PYDANTIC_FIELD_CODES.get(pydantic_type, "invalid")
