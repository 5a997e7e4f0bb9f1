"""`python -m helpdesk.manage export FILE` and `import FILE`: the archive with the server
stopped. Counts are printed at the end; on a terminal a progress bar shows each member."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqdm import tqdm

from helpdesk.archive import importer
from helpdesk.archive.export import export_archive
from helpdesk.archive.format import ArchiveError
from helpdesk.archive.reader import Archive
from helpdesk.archive.writer import Progress


@contextmanager
def progress_bar(total: dict[str, int] | None = None) -> Iterator[Progress | None]:
    """A Progress callback drawing one bar per record type on a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: dict[str, tqdm] = {}

    def update(record_type: str, done: int) -> None:
        if record_type not in bars:
            bars[record_type] = tqdm(desc=record_type, unit=" records", file=sys.stderr,
                                     total=(total or {}).get(record_type), leave=True)
        bars[record_type].update(done - bars[record_type].n)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()


def export_command(app: Any, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    with app.app_context(), app.extensions["db_sessionmaker"]() as session, \
            progress_bar() as progress:
        manifest = export_archive(session, partial, progress)
    partial.replace(path)  # never a half-written FILE under its real name
    counts = ", ".join(f"{number} {name}" for name, number in manifest["counts"].items())
    print(f"Exported {counts} to {path}.")


def import_command(app: Any, path: Path) -> None:
    if not path.is_file():
        sys.exit(f"Cannot import: there is no file {path}.")
    try:
        with app.app_context(), Archive(path) as archive, \
                app.extensions["db_sessionmaker"]() as session, \
                progress_bar(archive.counts) as progress:
            report = importer.load(session, archive, app.config, progress=progress)
            session.commit()
    except ArchiveError as error:
        sys.exit(f"Cannot import {path}: {error} Nothing was changed.")
    print("\n".join(report.lines()))
