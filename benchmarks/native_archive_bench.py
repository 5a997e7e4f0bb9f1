"""Native's archive at scale: import and export of 100,000 generated tickets.

Usage (from the repository root, with PostgreSQL and Redis answering on 127.0.0.1 and
.venv created by ./test or ./run native):

    .venv/bin/python benchmarks/native_archive_bench.py [--tickets 100000] [--users 40]
        [--output FILE]

Generates a help desk with tests/archive_data.py (every status with its history, replies
and internal notes, unread marks, scrypt and argon2id hashes) as a Nano archive, then
times the commands a person runs, as separate processes on a new database
`helpdesk_archive_bench`: `python -m helpdesk.manage import FILE` (what `./run native
import FILE` runs) and `... export FILE`. Both draw their progress bar when stderr is a
terminal. Prints a Markdown table (and writes it to --output); checks that the export has
the imported counts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import archive_data  # noqa: E402 (the shared generator, from the root)

BACKEND = ROOT / "native" / "backend"
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = "helpdesk_archive_bench"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def recreate_database() -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE


def manage(database_url: str, secrets: Path, *arguments: str) -> tuple[float, str]:
    """Run one manage command; (wall-clock seconds, its standard output)."""
    env = {**os.environ, "PYTHONPATH": str(BACKEND), "DATABASE_URL": database_url,
           "REDIS_URL": REDIS_URL, "APP_ENV": "development", "LOG_LEVEL": "WARNING",
           "SECRETS_FILE": str(secrets)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "helpdesk.manage", *arguments], env=env,
                          stdout=subprocess.PIPE, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--output", type=Path)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="native-archive-bench-") as folder:
        work = Path(folder)
        print(f"Generating {arguments.tickets:,} tickets ...", file=sys.stderr)
        started = time.perf_counter()
        data = archive_data.generate(tickets=arguments.tickets, users=arguments.users)
        source = archive_data.write(work / "nano.zip", data)
        generated = time.perf_counter() - started
        counts = data.counts()
        print(f"  generated in {generated:.1f} s: {json.dumps(counts)}", file=sys.stderr)
        url = recreate_database()
        try:
            secrets = work / "secrets.env"
            manage(url, secrets, "prepare")
            import_seconds, report = manage(url, secrets, "import", str(source))
            print(report, file=sys.stderr)
            target = work / "native.zip"
            export_seconds, _out = manage(url, secrets, "export", str(target))
            with zipfile.ZipFile(target) as archive:
                exported = json.loads(archive.read("manifest.json"))["counts"]
            assert exported == counts, (exported, counts)
            sizes = (source.stat().st_size, target.stat().st_size)
        finally:
            with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    rows = [
        "| step | seconds | tickets/s | archive |",
        "|---|---:|---:|---:|",
        f"| import (`./run native import`) | {import_seconds:.1f} | "
        f"{counts['tickets'] / import_seconds:,.0f} | {sizes[0] / 1e6:.1f} MB |",
        f"| export (`./run native export`) | {export_seconds:.1f} | "
        f"{counts['tickets'] / export_seconds:,.0f} | {sizes[1] / 1e6:.1f} MB |",
    ]
    table = (f"Native archive, {counts['tickets']:,} tickets, {counts['comments']:,} comments, "
             f"{counts['changes']:,} changes, {counts['unread']:,} unread marks, "
             f"{counts['users']} accounts (each time includes the process start and, for the "
             "import, the checks of the whole file first)\n\n" + "\n".join(rows) + "\n")
    print(table)
    if arguments.output:
        arguments.output.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
