"""Export and import of a large help desk for Nano and Micro (issue #15.1).

Usage (from the repository root, with the project's virtual environment):

    .venv/bin/python benchmarks/archive_bench.py [--tickets 100000] [--users 20]

A data set of that many tickets is generated (tests/archive_data.py: about two comments,
two and a half history lines and 1.7 unread marks per ticket) and written as an archive.
Then for each edition, on a fresh database in a temporary folder, the real commands are
timed as a person runs them (interpreter start and the edition's imports included):

    python nano/app.py import FILE          python -m flask --app micro import FILE
    python nano/app.py export FILE          python -m flask --app micro export FILE

Each export is checked to hold the same counts as the source. Prints the machine, its load
before and after, and a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import archive_data  # noqa: E402 (after the path is set)

COMMANDS = {
    "Nano": [sys.executable, str(ROOT / "nano" / "app.py")],
    "Micro": [sys.executable, "-m", "flask", "--app", "micro"],
}


def environment(edition: str, folder: Path) -> dict[str, str]:
    return {**os.environ, "NANO_DB_PATH": str(folder / "tickets.db"),
            "NANO_SCRYPT_N": "1024",  # the demo accounts' hashes at start, not measured
            "MICRO_INSTANCE_PATH": str(folder / "instance"),
            "MICRO_DATABASE": str(folder / "micro.db")}


def timed(edition: str, folder: Path, *arguments: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([*COMMANDS[edition], *arguments], cwd=ROOT, capture_output=True,
                            text=True, env=environment(edition, folder), check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{edition} {arguments[0]} failed:\n{result.stderr}")
    return elapsed


def manifest_counts(path: Path) -> dict[str, int]:
    import json

    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))["counts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    options = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        data = archive_data.generate(tickets=options.tickets, users=options.users)
        source = archive_data.write(folder / "source.zip", data)
        print(f"Generated and wrote {data.counts()} in {time.perf_counter() - started:.1f} s "
              f"({source.stat().st_size / 2**20:.1f} MiB).", file=sys.stderr)
        rows = []
        for edition in COMMANDS:
            place = folder / edition
            place.mkdir()
            loaded = timed(edition, place, "import", str(source))
            exported_file = place / "export.zip"
            exported = timed(edition, place, "export", str(exported_file))
            assert manifest_counts(exported_file) == data.counts(), edition
            rows.append((edition, loaded, exported, exported_file.stat().st_size / 2**20))
            print(f"{edition}: import {loaded:.1f} s, export {exported:.1f} s", file=sys.stderr)
    load_after = os.getloadavg()
    counts = data.counts()
    print(f"\nMachine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after (other work on the machine slows the figures).")
    print(f"Data: {counts['tickets']:,} tickets, {counts['comments']:,} comments, "
          f"{counts['changes']:,} history lines, {counts['unread']:,} unread marks, "
          f"{counts['users']} accounts.\n")
    print("| Edition | import (s) | export (s) | archive (MiB) |")
    print("|---|---:|---:|---:|")
    for edition, loaded, exported, size in rows:
        print(f"| {edition} | {loaded:.1f} | {exported:.1f} | {size:.1f} |")


if __name__ == "__main__":
    main()
