"""Operations from the command line.

`python -m helpdesk.manage prepare` creates the database named in DATABASE_URL when it is
missing, then applies the migrations and creates the first accounts exactly as the API
does on start. `python -m helpdesk.manage openapi [FILE]` writes the OpenAPI document
(the front end generates its types from it) without touching a database.
`python -m helpdesk.manage export FILE` writes the whole help desk to an archive and
`import FILE` loads one into an empty database (docs/archive-format.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from helpdesk import blueprints, create_app, openapi
from helpdesk.config import ConfigError, from_env, validate


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
        try:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.database)))
        except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            return False  # another replica, starting at the same moment, created it
        return True


def openapi_text() -> str:
    """The OpenAPI document as stable, pretty JSON (so a changed API shows as a diff)."""
    return json.dumps(openapi.build(blueprints()), indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["prepare", "openapi", "export", "import"])
    parser.add_argument("output", nargs="?", help="openapi: the file to write (else stdout); "
                        "export, import: the archive")
    arguments = parser.parse_args(argv)
    if arguments.command in ("export", "import"):
        if not arguments.output:
            parser.error(f"{arguments.command} needs the archive's file name")
        archive_command(arguments.command, Path(arguments.output))
        return
    if arguments.command == "openapi":
        if arguments.output:
            Path(arguments.output).write_text(openapi_text(), encoding="utf-8")
        else:
            sys.stdout.write(openapi_text())
        return
    try:
        prepare()
    except ConfigError as error:  # a setting to fix, not a bug: one line, no traceback
        sys.exit(f"Cannot start: {error}")


def archive_command(command: str, path: Path) -> None:
    """Export or import with the server stopped, on the database as `prepare` makes it."""
    from helpdesk.archive import cli

    try:
        prepare(quiet=True)
        app = create_app({"AUTO_MIGRATE": False})
    except ConfigError as error:
        sys.exit(f"Cannot start: {error}")
    try:
        (cli.export_command if command == "export" else cli.import_command)(app, path)
    finally:
        app.extensions["db_engine"].dispose()


def prepare(quiet: bool = False) -> None:
    """Check the settings first (a refused secret creates no database), then create the
    database if missing, migrate and seed as the API does on start."""
    config = from_env()
    validate(config)
    if create_database(config["DATABASE_URL"]):
        print(f"Created the database {make_url(config['DATABASE_URL']).database}.")
    app = create_app()
    app.extensions["db_engine"].dispose()
    if not quiet:
        print("The database schema is up to date.")


if __name__ == "__main__":
    main()
