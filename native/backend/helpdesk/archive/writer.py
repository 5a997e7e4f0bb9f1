"""Writing an archive: each member is streamed into the zip while its checksum and line
count are taken; the manifest, which needs them, is written last."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from helpdesk.archive.format import (
    EDITION,
    FORMAT,
    MANIFEST,
    RECORDS,
    VERSION,
    attachment_member,
    member,
    timestamp,
)

Progress = Callable[[str, int], None]  # (record type, records written so far)


def line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


class ArchiveWriter:
    def __init__(self, target: str | Path | IO[bytes], progress: Progress | None = None) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED,
                                   compresslevel=6)
        self.counts: dict[str, int] = {}
        self.sha256: dict[str, str] = {}
        self.progress = progress

    def write_records(self, record_type: str, records: Iterable[dict[str, Any]]) -> None:
        digest, count = hashlib.sha256(), 0
        with self.zip.open(member(record_type), "w", force_zip64=True) as handle:
            for record in records:
                data = line(record)
                digest.update(data)
                handle.write(data)
                count += 1
                if self.progress and count % 1000 == 0:
                    self.progress(record_type, count)
        self.counts[record_type] = count
        self.sha256[member(record_type)] = digest.hexdigest()
        if self.progress:
            self.progress(record_type, count)

    def write_attachment(self, attachment_id: int, data: bytes) -> None:
        self.zip.writestr(attachment_member(attachment_id), data)

    def finish(self) -> dict[str, Any]:
        """Write the manifest and close the file; the manifest is returned."""
        manifest = {
            "format": FORMAT, "version": VERSION, "source_edition": EDITION,
            "exported_at": timestamp(datetime.now(UTC)),
            "counts": {name: self.counts[name] for name in RECORDS},
            "sha256": {member(name): self.sha256[member(name)] for name in RECORDS},
        }
        self.zip.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
        self.zip.close()
        return manifest
