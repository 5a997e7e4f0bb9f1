"""Posting a reply on a short and on a very long thread (#17.3): the median time of
POST /api/v1/tickets/{id}/comments through the real API (Flask's test client, the real
PostgreSQL and Redis) on a ticket with 10 comments and on one with 10,000, and the time
of the thread's first page on each. The two posting medians should differ by less than 2x.

Usage (from the repository root, PostgreSQL and Redis answering on 127.0.0.1):

    .venv/bin/python benchmarks/native_comment_bench.py [--posts 200] [--long 10000]

Creates the database `helpdesk_bench_comments` afresh (and drops it at the end), seeds the
comments with one INSERT ... SELECT, then alternates the posts between the two tickets so
that other work on the machine disturbs both alike. Only loopback traffic.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "native" / "backend"))

from helpdesk import create_app  # noqa: E402  (needs the path above)

ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = "helpdesk_bench_comments"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def fresh_database() -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE


def drop_database() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200, help="posts per ticket")
    parser.add_argument("--short", type=int, default=10)
    parser.add_argument("--long", type=int, default=10_000)
    args = parser.parse_args()
    app = create_app({
        "APP_ENV": "development", "DATABASE_URL": fresh_database(), "REDIS_URL": REDIS_URL,
        "CREATE_DEMO_ACCOUNTS": True, "MAIL_ENABLED": False, "LOG_LEVEL": "WARNING",
        "RATELIMIT_WRITES": "1000000 per minute", "RATELIMIT_KEY_PREFIX": f"bench-{os.getpid()}",
    })
    try:
        client = app.test_client()
        token = client.post("/api/v1/auth/token", json={"username": "support",
                                                       "password": "support123"})
        headers = {"Authorization": "Bearer " + token.json["access_token"]}
        tickets = {}
        for label, count in (("short", args.short), ("long", args.long)):
            ticket = client.post("/api/v1/tickets", headers=headers,
                                 json={"title": f"A {label} thread", "category": "bug"}).json
            with app.extensions["db_engine"].begin() as connection:
                connection.execute(text(
                    "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
                    "SELECT :ticket, (SELECT id FROM users WHERE username = 'support'), "
                    "'Earlier reply ' || n, false, now() - make_interval(secs => :count - n) "
                    "FROM generate_series(1, :count) AS n"), {"ticket": ticket["id"],
                                                              "count": count})
                connection.execute(text("ANALYZE comments"))
            tickets[label] = (ticket["id"], count)
        posts: dict[str, list[float]] = {label: [] for label in tickets}
        pages: dict[str, list[float]] = {label: [] for label in tickets}
        for number in range(args.posts):
            for label, (ticket_id, count) in tickets.items():
                path = f"/api/v1/tickets/{ticket_id}/comments"
                start = time.perf_counter()
                response = client.post(path, headers=headers, json={"body": f"Reply {number}"})
                posts[label].append(time.perf_counter() - start)
                assert response.status_code == 201, response.json
                start = time.perf_counter()
                page = client.get(path, headers=headers)
                pages[label].append(time.perf_counter() - start)
                assert len(page.json["items"]) == min(50, count + number + 1)
        print(f"Native: posting a comment, Flask test client on PostgreSQL, {args.posts} posts "
              "per ticket, alternating; load average (1 min) "
              f"{os.getloadavg()[0]:.1f}")
        for label, (_ticket_id, count) in tickets.items():
            print(f"  ticket with {count:>6,} comments: post median {median_ms(posts[label]):6.2f}"
                  f" ms, first page (50) median {median_ms(pages[label]):6.2f} ms")
        ratio = median_ms(posts["long"]) / median_ms(posts["short"])
        verdict = "met" if ratio < 2 else "NOT met"
        print(f"  long / short posting median: {ratio:.2f}x (target < 2x: {verdict})")
    finally:
        app.extensions["db_engine"].dispose()
        app.extensions["redis"].close()
        drop_database()


if __name__ == "__main__":
    main()
