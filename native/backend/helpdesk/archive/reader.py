"""Reading an archive: everything is checked (manifest, checksums, counts, every line
against the schema, every attachment's bytes) before the importer writes anything."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from helpdesk.archive.format import (
    FORMAT,
    MANIFEST,
    RECORDS,
    VERSION,
    ArchiveError,
    attachment_member,
    check,
    member,
)

CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


class Archive:
    """A checked archive, open for reading its records (as dicts) and attachment bytes."""

    def __init__(self, source: str | Path | IO[bytes]) -> None:
        try:
            self.zip = zipfile.ZipFile(source)
        except CORRUPT:
            raise ArchiveError("This is not a help-desk archive, or it is damaged or "
                               "truncated (not a readable zip file).") from None
        try:
            self.manifest = self._manifest()
            for record_type in RECORDS:
                self._check_member(record_type)
            self._check_attachments()
        except CORRUPT:
            self.close()
            raise ArchiveError("The archive is damaged or truncated: a member cannot be "
                               "read.") from None
        except ArchiveError:
            self.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.manifest["counts"])

    def _read(self, name: str) -> IO[bytes]:
        try:
            return self.zip.open(name)
        except KeyError:
            raise ArchiveError(f"The archive has no member {name}.") from None

    def _manifest(self) -> dict[str, Any]:
        with self._read(MANIFEST) as handle:
            try:
                manifest = json.loads(handle.read())
            except ValueError:
                raise ArchiveError(f"{MANIFEST} is not valid JSON.") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError(f"This is not a help-desk archive ({MANIFEST} does not say "
                               f'"format": "{FORMAT}").')
        if manifest.get("version") != VERSION:
            raise ArchiveError(f"The archive has format version {manifest.get('version')!r}; "
                               f"this help desk reads version {VERSION} only.")
        check("manifest", manifest, MANIFEST)
        return manifest

    def _check_member(self, record_type: str) -> None:
        name = member(record_type)
        digest, lines = hashlib.sha256(), 0
        with self._read(name) as handle:
            for line in handle:
                digest.update(line)
                lines += 1
                check(record_type, _parse(line, name, lines), f"{name} line {lines}")
        if digest.hexdigest() != self.manifest["sha256"][name]:
            raise ArchiveError(f"The checksum of {name} does not match the manifest: the "
                               "archive was changed or damaged.")
        if lines != self.manifest["counts"][record_type]:
            raise ArchiveError(f"{name} has {lines} lines, the manifest says "
                               f"{self.manifest['counts'][record_type]}.")

    def _check_attachments(self) -> None:
        for record in self.records("attachments"):
            data = self.attachment(record["id"])
            if len(data) != record["size"] or \
                    hashlib.sha256(data).hexdigest() != record["sha256"]:
                raise ArchiveError(f"The bytes of attachment {record['id']} do not match its "
                                   "size or checksum.")

    def records(self, record_type: str) -> Iterator[dict[str, Any]]:
        name = member(record_type)
        with self._read(name) as handle:
            for number, line in enumerate(handle, start=1):
                yield _parse(line, name, number)

    def attachment(self, attachment_id: int) -> bytes:
        with self._read(attachment_member(attachment_id)) as handle:
            return handle.read()


def _parse(line: bytes, name: str, number: int) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        raise ArchiveError(f"{name} line {number} is not valid JSON.") from None
