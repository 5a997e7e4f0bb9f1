"""Micro under load: 100,000 tickets, gunicorn, wrk; every figure against a hello-world.

Usage (from the repository root, after ./test or ./run micro has created .venv):

    .venv/bin/python benchmarks/micro_bench.py [--tickets 100000] [--duration 10] [--runs 3]

Seeds a fresh database in a temporary instance folder (bulk inserts, then one FTS
rebuild), starts gunicorn with one sync worker per core on 127.0.0.1, logs in as
support, and drives each page with wrk (a separate process) for `--duration` seconds,
alternating with benchmarks/micro_hello.py under the same gunicorn settings; with
`--runs N`, N rounds, and each row is the round with the median ratio. Micro runs twice,
side by side: as configured by default and with MICRO_SPEEDUPS=0 (without the tricks
that hook into Jinja, Flask and itsdangerous).
Only loopback traffic. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
from progress import progress  # benchmarks/progress.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from micro import search_index  # noqa: E402 (needs ROOT on the path)
from micro.domain import search_expression, search_words  # noqa: E402

WORDS_DEVICE = ["Drucker", "Laptop", "Monitor", "VPN", "Outlook", "Excel", "Telefon",
                "Scanner", "WLAN", "Server", "Teams", "Tastatur", "Beamer", "SAP", "Router"]
WORDS_PROBLEM = ["kaputt", "langsam", "startet nicht", "meldet Fehler", "friert ein",
                 "verbindet nicht", "druckt leer", "ist offline", "stürzt ab", "flackert"]
WORDS_TEXT = ["seit", "heute", "morgen", "gestern", "Büro", "Etage", "Kollege", "bitte",
              "dringend", "Neustart", "Kabel", "Treiber", "Update", "Passwort", "Lizenz",
              "Kunde", "Termin", "Abteilung", "Netzwerk", "Akku", "Bildschirm", "Maus",
              "Zugang", "Konto", "Datei", "Ordner", "Freigabe", "Speicher", "Toner", "Papier"]
# A help desk's vocabulary is wide: besides the everyday words, each text gets a few of
# 2,000 rarer ones (article numbers, names, places), so search terms are selective.
RARE_WORDS = [f"{stem}{number}" for stem in ("raum", "artikel", "gerät", "kostenstelle",
                                             "standort") for number in range(400)]
STATUS_WEIGHTS = {"new": 10, "in_progress": 20, "resolved": 20, "closed": 50}


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def seed(database: Path, tickets: int, rng: random.Random) -> None:
    """Bulk-load users, tickets and comments, then build the search index in one pass."""
    from micro import create_app

    os.environ["MICRO_DATABASE"] = str(database)
    app = create_app()  # creates the schema and the demo accounts
    with app.app_context():
        from micro.security import hash_password

        password_hash = hash_password("bench-password")
    db = sqlite3.connect(database)
    db.execute("PRAGMA synchronous = OFF")
    staff = [row[0] for row in db.execute("SELECT id FROM users WHERE role != 'user'")]
    now = datetime.now(UTC)
    for index in range(80):
        db.execute("INSERT INTO users (username, email, role, password_hash, created_at) "
                   "VALUES (?, ?, 'user', ?, ?)",
                   (f"employee{index}", f"employee{index}@example.com", password_hash,
                    iso(now)))
    for index in range(5):
        cursor = db.execute("INSERT INTO users (username, email, role, password_hash, "
                            "created_at) VALUES (?, ?, 'support', ?, ?)",
                            (f"agent{index}", "", password_hash, iso(now)))
        staff.append(cursor.lastrowid)
    employees = [row[0] for row in db.execute("SELECT id FROM users WHERE role = 'user'")]
    # The index is built once at the end; row-by-row triggers would be far slower.
    db.execute("DROP TRIGGER search_ticket_insert")
    db.execute("DROP TRIGGER search_comment_insert")
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    batch = 5000
    next_id = 1
    for start in range(0, tickets, batch):
        ticket_rows = []
        comment_rows = []
        for ticket_id in range(next_id, next_id + min(batch, tickets - start)):
            created = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            updated = created + timedelta(minutes=rng.randrange(14 * 24 * 60))
            updated = min(updated, now)
            status = rng.choices(statuses, weights)[0]
            resolved = iso(updated) if status in ("resolved", "closed") else None
            creator = rng.choice(employees)
            assignee = rng.choice(staff) if status != "new" else None
            title = f"{rng.choice(WORDS_DEVICE)} {rng.choice(WORDS_PROBLEM)}"
            description = " ".join(rng.choices(WORDS_TEXT, k=rng.randrange(8, 40))
                                   + rng.choices(RARE_WORDS, k=3))
            ticket_rows.append((ticket_id, title, description, rng.choice(["bug", "feature",
                                                                           "support"]),
                                rng.choice(["low", "medium", "high"]), status, creator,
                                assignee, iso(created), iso(updated), assignee or creator,
                                resolved))
            for number in range(rng.randrange(0, 5)):
                internal = rng.random() < 0.2
                author = rng.choice(staff) if internal or number % 2 == 0 else creator
                comment_rows.append((ticket_id, author,
                                     " ".join(rng.choices(WORDS_TEXT, k=rng.randrange(4, 30))),
                                     int(internal), iso(created + timedelta(minutes=number))))
        next_id += len(ticket_rows)
        db.executemany("INSERT INTO tickets (id, title, description, category, priority, "
                       "status, created_by, assigned_to, created_at, updated_at, "
                       "last_updated_by, resolved_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       ticket_rows)
        db.executemany("INSERT INTO comments (ticket_id, author_id, body, internal, "
                       "created_at) VALUES (?,?,?,?,?)", comment_rows)
        progress("tickets + comments", start + len(ticket_rows), tickets)
    progress("search index", 0, 1)
    search_index.rebuild(db)  # what an existing database gets on its first start
    progress("search index", 1, 1)
    db.commit()
    db.close()
    create_app()  # puts the triggers back (schema.sql is idempotent)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(app_spec: str, workers: int, env: dict[str, str], probe: str,
                   chdir: Path = ROOT) -> tuple[subprocess.Popen, str, float]:
    """Start gunicorn and return (process, base URL, seconds until `probe` answered)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(chdir), app_spec],
        env={**os.environ, **env}, start_new_session=True)
    while True:
        try:
            with urllib.request.urlopen(base + probe, timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return process, base, time.perf_counter() - started
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {app_spec} exited") from None
            time.sleep(0.01)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def worker_rss_mb(process: subprocess.Popen) -> float:
    workers = psutil.Process(process.pid).children()
    return max(worker.memory_info().rss for worker in workers) / 2**20


# One client, as a browser is: the same User-Agent at login and under load (Flask-Login's
# session protection marks a session that changes client as no longer fresh, which would
# otherwise rewrite the replayed session on every request).
USER_AGENT = "micro-bench"


def login(base: str, username: str, password: str) -> str:
    """Log in through the form; returns the session cookie for wrk."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrf_token": token}).encode()
    opener.open(base + "/login", body).read()
    if "Log out" not in opener.open(base + "/tickets").read().decode():
        raise RuntimeError("login failed")
    # The cookie as a browser holds it after its first page: the one the login answered
    # with has no CSRF token yet, so every request would create one and a new session.
    cookie = next(c for c in jar if c.name == "micro_session")
    return f"{cookie.name}={cookie.value}"


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def workers_cpu_seconds(process: subprocess.Popen) -> float:
    return sum(sum(worker.cpu_times()[:2]) for worker in psutil.Process(process.pid).children())


def wrk(url: str, duration: int, connections: int, cookie: str | None = None,
        server: subprocess.Popen | None = None) -> dict:
    """Drive one URL; with `server`, also the workers' CPU time per request, which other
    load on the machine hardly disturbs (unlike rates and latencies)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency",
               "-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    cpu_before = workers_cpu_seconds(server) if server else 0.0
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True
                            ).stdout
    cpu = workers_cpu_seconds(server) - cpu_before if server else 0.0
    if "Non-2xx" in output:
        raise RuntimeError(f"{url} answered with errors:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": to_ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
            "p99": to_ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
            "cpu_ms": 1000 * cpu / max(requests, 1)}


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("wrk is missing: sudo apt-get install wrk")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=0,
                        help="wrk connections (default: two per worker)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--runs", type=int, default=1,
                        help="rounds over all pages; each row shows the round with the "
                             "median ratio (a shared machine's figures vary)")
    args = parser.parse_args()
    args.connections = args.connections or 2 * args.workers
    ensure_wrk()
    rng = random.Random(20261127)
    with tempfile.TemporaryDirectory(prefix="micro-bench-") as folder:
        instance = Path(folder)
        env = {"MICRO_INSTANCE_PATH": str(instance), "MICRO_DATABASE": str(instance / "b.db"),
               "MICRO_ENV": "production", "MICRO_SECRET_KEY": "b" * 64}
        os.environ.update(env)
        seed_started = time.perf_counter()
        print(f"Seeding {args.tickets:,} tickets ...", file=sys.stderr)
        seed(instance / "b.db", args.tickets, rng)
        seed_seconds = time.perf_counter() - seed_started
        db = sqlite3.connect(instance / "b.db")
        comments = db.execute("SELECT count(*) FROM comments").fetchone()[0]
        detail_id = db.execute("SELECT ticket_id FROM comments GROUP BY ticket_id "
                               "HAVING count(*) = 4 LIMIT 1").fetchone()[0]
        matches = search_index.collect_hits(
            db, search_expression("drucker toner", include_internal=True),
            search_words("drucker toner", include_internal=True))
        db.close()

        load_before = os.getloadavg()[0]
        # Cold starts one at a time; then both servers stay up and the runs alternate
        # (hello-world, page, hello-world, page, ...), so each ratio compares two runs a
        # few seconds apart rather than two halves of a long session.
        process, base, cold = start_gunicorn("micro:create_app()", args.workers,
                                             {**env, "MICRO_SPEEDUPS": "1"}, "/login")
        plain, plain_base, plain_cold = start_gunicorn(
            "micro:create_app()", args.workers, {**env, "MICRO_SPEEDUPS": "0"}, "/login")
        hello, hello_base, hello_cold = start_gunicorn("micro_hello:app", args.workers, {},
                                                       "/", chdir=ROOT / "benchmarks")
        results = {}
        try:
            pages = {
                "Ticket list (25 rows, status filter, sort by update)":
                    "/tickets?status=in_progress&sort=updated",
                "Ticket detail (4 comments)": f"/tickets/{detail_id}",
                "Full-text search (“drucker toner”)": "/tickets?q=drucker+toner",
                "Live poll (unread count and the open ticket's stamp)":
                    f"/activity?ticket={detail_id}",
            }
            wrk(hello_base + "/", 2, args.connections)  # warm-up
            rounds: dict[str, list[tuple[dict, dict, dict]]] = {name: [] for name in pages}
            for _round in range(args.runs):
                for name, path in pages.items():
                    # A fresh log-in for each page: a browser takes the refreshed cookie
                    # that an unchanged session gets after a minute; wrk cannot.
                    cookie = login(base, "support", "support123")
                    plain_cookie = login(plain_base, "support", "support123")
                    wrk(base + path, 2, args.connections, cookie)  # warm-up
                    wrk(plain_base + path, 2, args.connections, plain_cookie)
                    ceiling = wrk(hello_base + "/", args.duration, args.connections,
                                  server=hello)
                    figures = wrk(base + path, args.duration, args.connections, cookie,
                                  server=process)
                    plain_figures = wrk(plain_base + path, args.duration, args.connections,
                                        plain_cookie, server=plain)
                    rounds[name].append((figures, plain_figures, ceiling))
                    print(f"  {name}: {figures}, MICRO_SPEEDUPS=0 {plain_figures} "
                          f"(hello-world {ceiling})", file=sys.stderr)
            for name, triples in rounds.items():
                triples.sort(key=lambda triple: triple[0]["rps"] / triple[2]["rps"])
                results[name] = triples[len(triples) // 2]
            rss = worker_rss_mb(process)
            plain_rss = worker_rss_mb(plain)
            hello_rss = worker_rss_mb(hello)
        finally:
            stop(process)
            stop(plain)
            stop(hello)
        load_after = os.getloadavg()[0]

    model = next((line.split(":", 1)[1].strip() for line in subprocess.run(
        ["lscpu"], capture_output=True, text=True).stdout.splitlines()
        if line.startswith("Model name")), "unknown CPU")
    print(f"\nMachine: {os.cpu_count()} cores ({model}), load average {load_before:.1f} "
          f"before and {load_after:.1f} after; gunicorn {args.workers} sync workers each; "
          f"wrk -t1 -c{args.connections} -d{args.duration}s on 127.0.0.1"
          + (f"; the round with the median ratio of {args.runs}" if args.runs > 1 else ""))
    print(f"Data: {args.tickets:,} tickets, {comments:,} comments (seeded in "
          f"{seed_seconds:.1f} s); the search matches {matches:,} tickets\n")
    print("| Measurement | Micro | Micro, MICRO_SPEEDUPS=0 | Flask hello-world "
          "| Micro ÷ hello-world | MICRO_SPEEDUPS=0 ÷ hello-world |")
    print("|---|---:|---:|---:|---:|---:|")

    def rate(figures: dict) -> str:
        return (f"{figures['rps']:,.0f} req/s · p50 {figures['p50']:.1f} ms · "
                f"p99 {figures['p99']:.1f} ms")

    for name, (figures, plain_figures, ceiling) in results.items():
        print(f"| {name} | {rate(figures)} | {rate(plain_figures)} | {rate(ceiling)} | "
              f"{figures['rps'] / ceiling['rps']:.0%} | "
              f"{plain_figures['rps'] / ceiling['rps']:.0%} |")
        print(f"| … worker CPU per request | {figures['cpu_ms']:.2f} ms | "
              f"{plain_figures['cpu_ms']:.2f} ms | {ceiling['cpu_ms']:.2f} ms | "
              f"{ceiling['cpu_ms'] / figures['cpu_ms']:.0%} | "
              f"{ceiling['cpu_ms'] / plain_figures['cpu_ms']:.0%} |")
    print(f"| Cold start to first page | {cold * 1000:,.0f} ms | {plain_cold * 1000:,.0f} ms | "
          f"{hello_cold * 1000:,.0f} ms | {cold / hello_cold:.1f}× | "
          f"{plain_cold / hello_cold:.1f}× |")
    print(f"| Resident memory per worker | {rss:.0f} MB | {plain_rss:.0f} MB | "
          f"{hello_rss:.0f} MB | {rss / hello_rss:.1f}× | {plain_rss / hello_rss:.1f}× |")


if __name__ == "__main__":
    main()
