"""The help-desk archive (docs/archive-format.md), without any database: read a ZIP file and
check all of it, or write one from records.

Reading checks everything before a caller writes anything: the ZIP itself (a corrupted or
truncated file), the manifest (format, version), each member's line count and SHA-256, each
line against contract/archive.schema.json (compiled once with fastjsonschema), ids unique and
ascending, and every reference to an account or a ticket present in the archive.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import fastjsonschema
from tqdm import tqdm

FORMAT = "helpdesk-archive"
VERSION = 1
MEMBERS = ("users", "tickets", "comments", "changes", "unread", "attachments")
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "contract" / "archive.schema.json"
# Each reference an importer relies on: (member, field, member it points into).
REFERENCES = (
    ("tickets", "created_by", "users"), ("tickets", "assigned_to", "users"),
    ("tickets", "last_updated_by", "users"),
    ("comments", "ticket_id", "tickets"), ("comments", "author_id", "users"),
    ("changes", "ticket_id", "tickets"), ("changes", "actor_id", "users"),
    ("unread", "user_id", "users"), ("unread", "ticket_id", "tickets"),
    ("attachments", "ticket_id", "tickets"), ("attachments", "uploaded_by", "users"),
)


class ArchiveError(Exception):
    """An archive that cannot be read or loaded; the message says why, for people."""


@dataclass
class Archive:
    source_edition: str
    exported_at: str
    records: dict[str, list[dict]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(self.records[name]) for name in MEMBERS}


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def progress(total: int, what: str) -> tqdm:
    """A progress bar on a terminal; nothing at all when stderr is a file or a pipe."""
    return tqdm(total=total, desc=what, unit=" lines", disable=not sys.stderr.isatty(),
                leave=False)


@cache
def validators() -> dict[str, Callable[[object], object]]:
    """One compiled check per record type, and "manifest", from the schema file."""
    try:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    except OSError as error:
        raise ArchiveError(f"The archive schema {SCHEMA_PATH} is missing ({error}).") from None
    return {name: fastjsonschema.compile({**schema, "$ref": f"#/$defs/{name}"})
            for name in ("manifest", *MEMBERS)}


def check(kind: str, value: object, where: str) -> None:
    try:
        validators()[kind](value)
    except fastjsonschema.JsonSchemaException as error:
        raise ArchiveError(f"{where}: {error.message.replace('data', kind, 1)}.") from None


# --- reading ----------------------------------------------------------------------------

def read_archive(path: str | os.PathLike) -> Archive:
    """Every record of the archive at `path`, checked; ArchiveError for anything wrong."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = read_manifest(archive)
            result = Archive(manifest["source_edition"], manifest["exported_at"])
            for name in MEMBERS:
                result.records[name] = read_member(archive, manifest, name)
    except (zipfile.BadZipFile, zlib.error, EOFError, zipfile.LargeZipFile) as error:
        raise ArchiveError(f"{path} is not a readable archive: the ZIP file is corrupted "
                           f"or truncated ({error}).") from None
    except FileNotFoundError:
        raise ArchiveError(f"There is no file {path}.") from None
    check_ids(result.records)
    check_references(result.records)
    return result


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError:
        raise ArchiveError("This is no help-desk archive: it has no manifest.json.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"manifest.json is not valid JSON ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"This is no help-desk archive: manifest.json does not say "
                           f"format {FORMAT!r}.")
    if manifest.get("version") != VERSION:
        raise ArchiveError(f"The archive has format version {manifest.get('version')!r}; "
                           f"this edition reads version {VERSION} only.")
    check("manifest", manifest, "manifest.json")
    return manifest


def read_member(archive: zipfile.ZipFile, manifest: dict, name: str) -> list[dict]:
    member = f"{name}.jsonl"
    try:
        data = archive.read(member)
    except KeyError:
        raise ArchiveError(f"The archive has no {member}.") from None
    if hashlib.sha256(data).hexdigest() != manifest["sha256"][member]:
        raise ArchiveError(f"{member} does not match its checksum in manifest.json: the "
                           "archive was changed or damaged.")
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    if len(lines) != manifest["counts"][name]:
        raise ArchiveError(f"{member} has {len(lines)} lines; manifest.json counts "
                           f"{manifest['counts'][name]}.")
    records = []
    with progress(len(lines), f"reading {member}") as bar:
        for number, line in enumerate(lines, start=1):
            where = f"{member} line {number}"
            try:
                record = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise ArchiveError(f"{where} is not a JSON object ({error}).") from None
            check(name, record, where)
            records.append(record)
            bar.update()
    return records


def check_ids(records: dict[str, list[dict]]) -> None:
    """Ids unique and in ascending order (unread: by user, then ticket), as the format says."""
    for name in MEMBERS:
        key = ((lambda r: (r["user_id"], r["ticket_id"])) if name == "unread"
               else (lambda r: r["id"]))
        previous = None
        for number, record in enumerate(records[name], start=1):
            current = key(record)
            if previous is not None and current <= previous:
                raise ArchiveError(f"{name}.jsonl line {number}: id {current} is not above "
                                   f"the line before ({previous}); ids must be unique and "
                                   "ascending.")
            previous = current


def check_references(records: dict[str, list[dict]]) -> None:
    known = {name: {record["id"] for record in records[name]} for name in ("users", "tickets")}
    for member, column, target in REFERENCES:
        for number, record in enumerate(records[member], start=1):
            value = record[column]
            if value is not None and value not in known[target]:
                raise ArchiveError(f"{member}.jsonl line {number}: {column} {value} is not in "
                                   f"{target}.jsonl.")


# --- writing ----------------------------------------------------------------------------

def write_archive(path: str | os.PathLike, source_edition: str,
                  records: dict[str, Iterable[dict]], totals: dict[str, int]) -> dict[str, int]:
    """Write the members (records of each type, in id order) and the manifest; returns the
    counts. The file appears only when complete (written aside, then renamed)."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", suffix=".partial")
    os.close(handle)
    counts: dict[str, int] = {}
    digests: dict[str, str] = {}
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in MEMBERS:
                counts[name], digests[f"{name}.jsonl"] = write_member(
                    archive, name, records.get(name, ()), totals.get(name, 0))
            manifest = {"format": FORMAT, "version": VERSION, "source_edition": source_edition,
                        "exported_at": utc_stamp(), "counts": counts, "sha256": digests}
            archive.writestr("manifest.json", json.dumps(manifest, indent=2) + "\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return counts


def write_member(archive: zipfile.ZipFile, name: str, records: Iterable[dict],
                 total: int) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    with archive.open(f"{name}.jsonl", "w") as member, \
            progress(total, f"writing {name}.jsonl") as bar:
        for record in records:
            line = (json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                    + "\n").encode()
            member.write(line)
            digest.update(line)
            count += 1
            bar.update()
    return count, digest.hexdigest()
