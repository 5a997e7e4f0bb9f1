"""The mail worker: `python -m helpdesk.worker` (add `--burst` to stop when the queue is empty)."""

from __future__ import annotations

import argparse

from redis import Redis
from rq import Queue, Worker

from helpdesk.config import from_env
from helpdesk.http import configure_logging


def main(argv: list[str] | None = None, worker_class: type[Worker] = Worker) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", action="store_true", help="stop once the queue is empty")
    args = parser.parse_args(argv)
    config = from_env()
    configure_logging(config["LOG_LEVEL"])
    connection = Redis.from_url(config["REDIS_URL"])
    queue = Queue(config["RQ_QUEUE"], connection=connection)
    worker_class([queue], connection=connection).work(burst=args.burst, with_scheduler=True)
    connection.close()


if __name__ == "__main__":
    main()
