"""What posting a comment costs on a short and on a long thread (issue #17.3).

Usage (from the repository root, after ./test or ./run micro has created .venv):

    .venv/bin/python benchmarks/micro_comment_bench.py [--posts 30] [--long 10000]

Seeds a fresh database in a temporary folder with four tickets: 10 and `--long` comments
of 100 characters, 10 and `--long` comments of about 19 KB (the bulk load goes straight
into the table, then the index is rebuilt as on a migration). Then, through the real app
(Flask's test client: routing, session, CSRF, the request's transaction and commit on
the file in WAL mode), support posts `--posts` comments of the same size to each ticket;
prints the median, the 90th percentile and the long ÷ short ratio of the medians (the
target: below 2×), and the median time to open each ticket's detail page (its newest
page of comments). The write rate limit is switched off for the run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from progress import progress  # benchmarks/progress.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from micro import create_app, search_index  # noqa: E402 (needs ROOT on the path)

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
VOCABULARY = [f"{stem}{number}" for stem in ("drucker", "toner", "kabel", "raum", "konto",
                                             "lizenz", "server", "termin") for number in
              range(250)] + ["bitte", "danke", "heute", "morgen", "wieder", "leider"]
SIZES = {"100 characters": 100, "about 19 KB": 19_000}


def text_of(rng: random.Random, size: int) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        words.append(rng.choice(VOCABULARY))
        length += len(words[-1]) + 1
    return " ".join(words)[:size]


def seed(database: Path, threads: dict[tuple[str, int], int], rng: random.Random) -> None:
    """Tickets 1..4 by `user` with their comments, then one rebuild of the index."""
    db = sqlite3.connect(database)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("DROP TRIGGER search_ticket_insert")
    db.execute("DROP TRIGGER search_comment_insert")
    user, support = (db.execute("SELECT id FROM users WHERE username = ?", (name,))
                     .fetchone()[0] for name in ("user", "support"))
    total = sum(count for _size, count in threads)
    done = 0
    for (size_name, count), ticket_id in threads.items():
        db.execute("INSERT INTO tickets (id, title, description, category, priority, status, "
                   "created_by, created_at, updated_at, last_updated_by) VALUES (?, ?, '', "
                   "'bug', 'low', 'new', ?, '2026-01-01T00:00:00.000000Z', "
                   "'2026-01-01T00:00:00.000000Z', ?)",
                   (ticket_id, f"{count} comments of {size_name}", user, user))
        for start in range(0, count, 500):
            batch = min(500, count - start)
            db.executemany(
                "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [(ticket_id, support if number % 2 else user,
                  text_of(rng, SIZES[size_name]), int(number % 7 == 0),
                  f"2026-01-02T00:00:00.{number:06d}Z") for number in
                 range(start, start + batch)])
            done += batch
            progress("comments", done, total)
    progress("search index", 0, 1)
    search_index.rebuild(db)
    progress("search index", 1, 1)
    db.commit()
    db.close()


def timed(action, *args) -> float:
    started = time.perf_counter()
    response = action(*args)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code not in (200, 302):
        raise RuntimeError(f"unexpected answer {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=30, help="posts per ticket")
    parser.add_argument("--long", type=int, default=10_000, help="comments of the long thread")
    args = parser.parse_args()
    rng = random.Random(20261206)
    threads = {(size, count): number for number, (size, count) in enumerate(
        ((size, count) for size in SIZES for count in (10, args.long)), start=1)}
    with tempfile.TemporaryDirectory(prefix="micro-comment-bench-") as folder:
        os.environ.update({"MICRO_INSTANCE_PATH": folder, "MICRO_DEMO_ACCOUNTS": "1"})
        os.environ.pop("MICRO_ENV", None)
        database = Path(folder) / "c.db"
        settings = {"DATABASE": str(database), "WRITES_PER_MINUTE": 0}
        create_app(settings)  # the schema and the demo accounts
        seeded = time.perf_counter()
        seed(database, threads, rng)
        seed_seconds = time.perf_counter() - seeded
        app = create_app(settings)
        client = app.test_client()

        def token() -> str:
            return TOKEN.search(client.get("/nowhere").get_data(as_text=True)).group(1)

        client.post("/login", data={"username": "support", "password": "support123",
                                    "csrf_token": token()})
        csrf = token()

        def post_comment(ticket_id: int, body: str):
            return client.post(f"/tickets/{ticket_id}/update",
                               data={"body": body, "csrf_token": csrf})

        def open_ticket(ticket_id: int):
            return client.get(f"/tickets/{ticket_id}")

        posts: dict[tuple[str, int], list[float]] = {}
        pages: dict[tuple[str, int], list[float]] = {}
        for (size_name, count), ticket_id in threads.items():
            bodies = [text_of(rng, SIZES[size_name]) for _ in range(args.posts)]
            for body in bodies[:3]:  # warm-up: caches, the connection, the statements
                timed(post_comment, ticket_id, body)
            posts[size_name, count] = [timed(post_comment, ticket_id, body)
                                       for body in bodies]
            pages[size_name, count] = [timed(open_ticket, ticket_id) for _ in range(10)]
        size_mb = database.stat().st_size / 1e6

    load = os.getloadavg()
    print(f"\nMachine: {os.cpu_count()} cores, load average {load[0]:.1f}; Flask test "
          f"client, SQLite in WAL mode; {args.posts} posts per ticket after 3 warm-up "
          f"posts; seeded in {seed_seconds:.0f} s, database {size_mb:,.0f} MB\n")
    print("| Comment size | Thread | Post: median · p90 | Detail page: median | "
          "Long ÷ short (post medians) |")
    print("|---|---:|---:|---:|---:|")
    for size_name in SIZES:
        short = statistics.median(posts[size_name, 10])
        for count in (10, args.long):
            times = sorted(posts[size_name, count])
            median = statistics.median(times)
            ratio = f"{median / short:.2f}×" if count != 10 else ""
            print(f"| {size_name} | {count:,} comments | {median:.1f} ms · "
                  f"{times[int(len(times) * 0.9)]:.1f} ms | "
                  f"{statistics.median(pages[size_name, count]):.1f} ms | {ratio} |")


if __name__ == "__main__":
    main()
