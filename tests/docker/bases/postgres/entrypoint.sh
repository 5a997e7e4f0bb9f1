#!/bin/sh
# On an empty data folder: initdb with POSTGRES_USER and POSTGRES_PASSWORD (password
# authentication for every address but the container's own socket), then POSTGRES_DB.
# Then `postgres` listening on every address.
set -eu
user=${POSTGRES_USER:-postgres}
if [ "${1:-}" = "postgres" ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  password_file=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$password_file" --encoding=UTF8 \
         --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl --pgdata="$PGDATA" --options="-c listen_addresses=''" --wait start >/dev/null
  database=${POSTGRES_DB:-$user}
  if [ "$database" != "postgres" ]; then
    createdb --username="$user" "$database"
  fi
  pg_ctl --pgdata="$PGDATA" --mode=fast --wait stop >/dev/null
  echo "PostgreSQL initialised: user $user, database $database"
fi
if [ "${1:-}" = "postgres" ]; then
  shift
  set -- postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec "$@"
