"""Nano benchmark: launch time, memory per session, and the ticket list at 10,000 tickets.

Usage (from the repository root, with the project's virtual environment):

    .venv/bin/python benchmarks/nano_bench.py [--sessions 10] [--tickets 10000]

What it measures, all on loopback, on a fresh database in a temporary folder:
1. seconds from starting `python nano/app.py` until `/_stcore/health` answers (real
   scrypt cost, as users run it), and until the login page is drawn in a browser;
2. resident memory of the server process (and any children) after one logged-in browser
   session and after N sessions (separate browser contexts, each logged in);
3. with 10,000 tickets (and comments and activity rows written straight into the
   database with sqlite3, in Nano's schema): the time of one script run of the ticket
   list as support in Streamlit's AppTest, and in the browser the time from clicking
   "Tickets" until its 25 rows are visible.

It prints the machine and a Markdown table. Chromium is Debian's (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
import streamlit
from playwright.sync_api import Page, expect, sync_playwright

# Run as a script from the repository root: make the shared Nano driver importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.nano.driver import CHROMIUM, ROOT, NanoPage, NanoServer, free_port, start_nano

APP = ROOT / "nano" / "app.py"
CHROMIUM_FLAGS = ["--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
REPEATS = 5


# ── the server and the browser ──

def start_server(db_path: Path, port: int) -> tuple[NanoServer, float]:
    """Start Nano as users do; return the server and the seconds until health answers."""
    started = time.perf_counter()
    try:
        server = start_nano(db_path, port=port, timeout=120, interval=0.02,
                            env={"NANO_SCRYPT_N": None})  # the real cost
    except RuntimeError as error:
        raise SystemExit(f"Nano did not start: {error}") from None
    return server, time.perf_counter() - started


def resident_mib(server: NanoServer) -> float:
    parent = psutil.Process(server.process.pid)
    members = [parent, *parent.children(recursive=True)]
    return sum(member.memory_info().rss for member in members) / 2**20


def log_in(page: Page, base_url: str, username: str) -> NanoPage:
    """Open the app in `page` and log in as `username` (demo password)."""
    nano = NanoPage(page, base_url)
    nano.rerun_timeout = 120_000  # as long as the other waits: 10,000 tickets are slow
    return nano.open().login(username)


# ── 10,000 tickets straight into Nano's schema ──

def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def seed(db_path: Path, tickets: int) -> int:
    """Write `tickets` tickets with comments and activity rows; the number of comments."""
    rng = random.Random(42)
    now = datetime.now(UTC)
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("BEGIN IMMEDIATE")
    ids = dict(db.execute("SELECT username, id FROM users"))
    employees = [ids["user"]]
    for number in range(1, 41):
        cursor = db.execute(
            "INSERT INTO users (username, email, role, password_hash, created_at) "
            "VALUES (?, ?, 'user', 'disabled', ?)",
            (f"employee{number:02d}", f"employee{number:02d}@example.com", iso(now)))
        employees.append(cursor.lastrowid)
    staff = [ids["support"], ids["admin"]]
    words = ["Drucker", "VPN", "Outlook", "Laptop", "Monitor", "WLAN", "Passwort", "Teams",
             "Excel", "Scanner", "Telefon", "SAP", "Tastatur", "Maus", "Netzlaufwerk"]
    problems = ["geht nicht", "ist langsam", "zeigt einen Fehler", "startet nicht",
                "verbindet nicht", "braucht ein Update", "fehlt"]
    comments = 0
    ticket_rows, comment_rows, activity_rows = [], [], []
    for ticket_id in range(1, tickets + 1):
        created = now - timedelta(minutes=rng.randrange(1, 180 * 24 * 60))
        status = rng.choices(["new", "in_progress", "resolved", "closed"], [2, 3, 2, 5])[0]
        creator = rng.choice(employees)
        updated = created + timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
        updated = min(updated, now)
        resolved = iso(updated) if status in ("resolved", "closed") else None
        title = f"{rng.choice(words)} {rng.choice(problems)}"
        ticket_rows.append((
            ticket_id, title, f"{title}. Seit heute Morgen, bitte um Hilfe. (#{ticket_id})",
            rng.choice(["bug", "feature", "support"]), rng.choice(["low", "medium", "high"]),
            status, creator, rng.choice([None, *staff]), iso(created), iso(updated),
            creator, resolved))
        activity_rows.append((ticket_id, creator, "created", 0, iso(created)))
        for _ in range(rng.choice([0, 1, 2, 2, 3])):
            author = rng.choice([creator, *staff])
            internal = int(author != creator and rng.random() < 0.2)
            stamp = iso(created + (updated - created) * rng.random())
            comment_rows.append((ticket_id, author, "Bitte Netzwerkkabel prüfen und neu "
                                 "starten.", internal, stamp))
            activity_rows.append((ticket_id, author, "comment", internal, stamp))
            comments += 1
        if status != "new":
            activity_rows.append((ticket_id, rng.choice(staff), "status", 0, iso(updated)))
    db.executemany(
        "INSERT INTO tickets (id, title, description, category, priority, status, created_by,"
        " assigned_to, created_at, updated_at, last_updated_by, resolved_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ticket_rows)
    db.executemany("INSERT INTO comments (ticket_id, author_id, body, internal, created_at)"
                   " VALUES (?, ?, ?, ?, ?)", comment_rows)
    db.executemany("INSERT INTO activity (ticket_id, actor_id, kind, internal, created_at)"
                   " VALUES (?, ?, ?, ?, ?)", activity_rows)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    return comments


def apptest_list_seconds(db_path: Path) -> tuple[float, float]:
    """(first run, median of the next runs) of the ticket list as support, in AppTest."""
    from streamlit.testing.v1 import AppTest

    # AppTest runs the script outside a server; Streamlit says so once per import.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context") \
        .setLevel(logging.ERROR)
    os.environ["NANO_DB_PATH"] = str(db_path)
    with sqlite3.connect(db_path) as db:
        support_id = db.execute("SELECT id FROM users WHERE username = 'support'").fetchone()[0]
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.session_state["user_id"] = support_id
    app.session_state["page"] = "tickets"
    times = []
    for _ in range(REPEATS + 1):
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
        assert not app.exception, app.exception
        assert len([b for b in app.button if b.label.startswith("Open #")]) == 25
    return times[0], statistics.median(times[1:])


def browser_list_seconds(nano: NanoPage) -> float:
    """Median seconds from clicking "Tickets" until its 25 rows are visible."""
    times = []
    opens = nano.page.get_by_role("button", name="Open #")
    for _ in range(REPEATS):
        nano.nav_option("My account").click()
        expect(nano.page.get_by_role("heading", name="My account")).to_be_visible()
        nano.idle()
        started = time.perf_counter()
        nano.nav_option("Tickets").click()
        expect(opens).to_have_count(25)
        expect(opens.nth(24)).to_be_visible()
        times.append(time.perf_counter() - started)
        nano.idle()
    return statistics.median(times)


def machine() -> list[str]:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = psutil.virtual_memory().total / 2**30
    return [
        f"Machine: {os.cpu_count()} CPU(s) (nproc {len(os.sched_getaffinity(0))}), {model}, "
        f"{memory:.1f} GiB RAM, {platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"Chromium {CHROMIUM} (headless, Playwright)",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--tickets", type=int, default=10_000)
    args = parser.parse_args()
    expect.set_options(timeout=120_000)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="nano-bench-") as folder:
        db_path = Path(folder) / "tickets.db"
        server, launch = start_server(db_path, free_port())
        base_url = server.base_url
        rows.append(("Launch: `python nano/app.py` until /_stcore/health answers",
                     f"{launch:.2f} s"))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=CHROMIUM_FLAGS)
                rows.append(("Resident memory, server started, no session",
                             f"{resident_mib(server):.0f} MiB"))
                first = browser.new_context().new_page()
                started = time.perf_counter()
                first.goto(base_url + "/")
                expect(first.get_by_role("button", name="Log in")).to_be_visible()
                drawn = time.perf_counter() - started
                rows.append(("First page (login form, database created with the demo "
                             "accounts) drawn in the browser", f"{drawn:.2f} s"))
                log_in(first, base_url, "user")
                rows.append(("Resident memory after 1 logged-in session",
                             f"{resident_mib(server):.0f} MiB"))
                pages = [first]
                for index in range(1, args.sessions):
                    page = browser.new_context().new_page()
                    log_in(page, base_url, ("user", "support", "admin")[index % 3])
                    pages.append(page)
                rows.append((f"Resident memory after {args.sessions} logged-in sessions",
                             f"{resident_mib(server):.0f} MiB"))
                for page in pages:
                    page.context.close()

                started = time.perf_counter()
                comments = seed(db_path, args.tickets)
                seeded = time.perf_counter() - started
                rows.append((f"Seed {args.tickets:,} tickets, {comments:,} comments "
                             "(sqlite3, one transaction)", f"{seeded:.2f} s"))
                first_run, median_run = apptest_list_seconds(db_path)
                rows.append((f"Ticket list as support, {args.tickets:,} tickets: AppTest script "
                             "run (median of 5; first run)",
                             f"{median_run:.3f} s ({first_run:.3f} s)"))
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                support = log_in(page, base_url, "support")
                rows.append((f"Ticket list as support, {args.tickets:,} tickets: browser, click "
                             "\"Tickets\" until 25 rows visible (median of 5)",
                             f"{browser_list_seconds(support):.3f} s"))
                rows.append((f"Resident memory after the {args.tickets:,}-ticket runs",
                             f"{resident_mib(server):.0f} MiB"))
                browser.close()
        finally:
            server.stop()
    print("\n".join(machine()))
    print("Command: .venv/bin/python benchmarks/nano_bench.py "
          f"--sessions {args.sessions} --tickets {args.tickets}\n")
    width = max(len(name) for name, _ in rows)
    print(f"| {'Measure':<{width}} | Result |")
    print(f"|{'-' * (width + 2)}|--------|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")


if __name__ == "__main__":
    main()
