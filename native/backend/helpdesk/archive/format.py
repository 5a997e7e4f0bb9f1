"""What every archive holds: its members, the record schema and the time format.

The schema is a copy of contract/archive.schema.json (the Docker image has only
native/backend); a test keeps the two identical."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

FORMAT = "helpdesk-archive"
VERSION = 1
EDITION = "native"
# The JSON Lines members in the order they are written and loaded (references point back).
RECORDS = ("users", "tickets", "comments", "changes", "unread", "attachments")
MANIFEST = "manifest.json"
SCHEMA_FILE = Path(__file__).with_name("archive.schema.json")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class ArchiveError(Exception):
    """The archive cannot be read or loaded; the message says what to fix. Nothing was
    written."""


class NotEmpty(ArchiveError):
    """The target database is in use; an import would merge, which is not supported."""


def member(record_type: str) -> str:
    return f"{record_type}.jsonl"


def attachment_member(attachment_id: int) -> str:
    return f"attachments/{attachment_id}"


def timestamp(value: datetime) -> str:
    """A stored time as the archive writes it: UTC, microseconds, `Z`."""
    return value.astimezone(UTC).strftime(TIME_FORMAT)


def optional_timestamp(value: datetime | None) -> str | None:
    return None if value is None else timestamp(value)


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def validator(definition: str) -> Callable[[Any], Any]:
    """A compiled check of one $defs entry (`manifest` or a record type). fastjsonschema
    knows draft 7, which covers every keyword the schema uses."""
    definitions = schema()["$defs"]
    return fastjsonschema.compile({"$schema": "http://json-schema.org/draft-07/schema#",
                                   "$ref": f"#/$defs/{definition}", "$defs": definitions})


def check(definition: str, value: Any, where: str) -> None:
    try:
        validator(definition)(value)
    except fastjsonschema.JsonSchemaValueException as error:
        raise ArchiveError(f"{where} does not match the archive format: {error.message}.") \
            from None
