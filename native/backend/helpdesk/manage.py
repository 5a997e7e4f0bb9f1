"""Operations from the command line: `python -m helpdesk.manage prepare` creates the
database named in DATABASE_URL when it is missing, then applies the migrations and
creates the first accounts exactly as the API does on start."""

from __future__ import annotations

import argparse

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from helpdesk import create_app
from helpdesk.config import from_env


def create_database(url: str) -> bool:
    """Create the database of `url` if it does not exist; True when it was created."""
    target = make_url(url)
    maintenance = target.set(drivername="postgresql", database="postgres")
    dsn = maintenance.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (target.database,)).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.database)))
        return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["prepare"])
    parser.parse_args(argv)
    config = from_env()
    if create_database(config["DATABASE_URL"]):
        print(f"Created the database {make_url(config['DATABASE_URL']).database}.")
    app = create_app()
    app.extensions["db_engine"].dispose()
    print("The database schema is up to date.")


if __name__ == "__main__":
    main()
