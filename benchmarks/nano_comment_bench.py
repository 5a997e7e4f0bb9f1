"""What posting a comment costs in Nano on a short and on a long thread (issue #17.3).

Usage (from the repository root, after ./test or ./run nano has created .venv):

    .venv/bin/python benchmarks/nano_comment_bench.py [--posts 30] [--long 10000]

Creates a fresh `tickets.db` in a temporary folder with Nano's own schema and demo
accounts, then two tickets with 10 and `--long` comments of 100 characters (written
straight into the table with sqlite3, in one transaction). Support then posts `--posts`
comments to each (alternating) through `add_reply`, the action a reply in the browser calls (its
validation, access check, BEGIN IMMEDIATE, insert, activity row and commit on the file
in WAL mode), and one script run of the ticket's detail page is timed in Streamlit's
AppTest (the page shows the newest page of the thread). Prints the medians and the
long ÷ short ratio of the post medians (the target: below 2×).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from progress import progress  # benchmarks/progress.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "nano" / "app.py"
BODY = ("Der Drucker im zweiten Stock zieht das Papier schief ein, bitte noch einmal "
        "nachsehen, danke!")[:100]
THREAD = "Conversation"  # the detail page's thread heading (TEXTS["en"]["thread"])


def load_nano(folder: str):
    """nano/app.py as a module on a database in `folder` (its launcher does not run)."""
    os.environ.update({"NANO_DB_PATH": str(Path(folder) / "tickets.db"),
                       "NANO_SCRYPT_N": "1024", "NANO_DEMO_ACCOUNTS": "1"})
    spec = importlib.util.spec_from_file_location("nano_app", APP)
    module = importlib.util.module_from_spec(spec)
    sys.modules["nano_app"] = module
    spec.loader.exec_module(module)
    module.init_db(module.DB_PATH)
    return module


def seed(nano, counts: tuple[int, ...]) -> dict[int, int]:
    """One ticket per count with that many comments; returns count → ticket id."""
    tickets: dict[int, int] = {}
    with nano.connect() as db:
        user = nano.find_user(db, "user")["id"]
        support = nano.find_user(db, "support")["id"]
        db.execute("BEGIN")
        for count in counts:
            tickets[count] = nano.insert_ticket(db, nano.clean_ticket(
                f"{count} comments", "", "bug", "low"), user)
            for start in range(0, count, 1000):
                db.executemany(
                    "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
                    "VALUES (?, ?, ?, 0, ?)",
                    [(tickets[count], support if number % 2 else user, BODY,
                      f"2026-01-02T00:00:{number // 1_000_000:02d}.{number % 1_000_000:06d}Z")
                     for number in range(start, min(count, start + 1000))])
                progress(f"{count} comments", min(count, start + 1000), count)
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the bulk load out of the WAL
    return tickets


def median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def detail_page_ms(ticket_id: int, repeats: int) -> float:
    """One AppTest script run of the ticket's detail page as support (median)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.text_input[0].input("support")
    at.text_input[1].input("support123")
    at.button[0].click().run()
    at.sidebar.radio(key="page").set_value("tickets").run()
    next(button for button in at.button if button.label == f"Open #{ticket_id}").click().run()
    if at.exception or THREAD not in [header.value for header in at.subheader]:
        raise RuntimeError(f"the detail page did not open: {at.exception}")
    return median_ms(at.run, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=30, help="posts per ticket")
    parser.add_argument("--long", type=int, default=10_000, help="comments of the long thread")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nano-comment-bench-") as folder:
        nano = load_nano(folder)
        tickets = seed(nano, (10, args.long))
        with nano.connect() as db:
            support = nano.actor_from(nano.find_user(db, "support"))
        for ticket_id in tickets.values():
            for _ in range(3):  # warm-up: the file, the page cache, the statements
                nano.add_reply(support, ticket_id, BODY)
        # Posts alternate between the threads, so WAL checkpoints and load spikes hit both.
        times: dict[int, list[float]] = {count: [] for count in tickets}
        for _ in range(args.posts):
            for count, ticket_id in tickets.items():
                times[count].append(median_ms(lambda t=ticket_id: nano.add_reply(
                    support, t, BODY), 1))
        posts = {count: statistics.median(values) for count, values in times.items()}
        pages = {count: detail_page_ms(ticket_id, 5) for count, ticket_id in tickets.items()}
    load = os.getloadavg()
    print(f"\nMachine: {os.cpu_count()} cores, load average {load[0]:.1f}; SQLite in WAL "
          f"mode; {args.posts} posts per ticket, alternating, after 3 warm-up posts\n")
    print("| Thread | Post (add_reply): median | Detail page (AppTest run): median | "
          "Long ÷ short |")
    print("|---|---:|---:|---:|")
    for count in tickets:
        ratio = "" if count == 10 else f"{posts[count] / posts[10]:.2f}×"
        print(f"| {count:,} comments | {posts[count]:.2f} ms | {pages[count]:.0f} ms | "
              f"{ratio} |")


if __name__ == "__main__":
    main()
