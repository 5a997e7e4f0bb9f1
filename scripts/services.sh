# PostgreSQL and Redis for the Native edition. Source it after scripts/bootstrap.sh.
# ensure_services: use the servers already answering on 127.0.0.1, or install (as root,
# from Debian's packages) and start them, then wait until both answer.

postgres_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}

redis_answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]
  else
    (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null
  fi
}

start_postgres() {
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    say "PostgreSQL is installed but has no cluster; create one with pg_createcluster."
    return 1
  fi
  say "Starting PostgreSQL $version (as the postgres user: it refuses to run as root)"
  if is_root; then
    su postgres -c "pg_ctlcluster --skip-systemctl-redirect $version main start" || true
  else
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  # The tests connect as the postgres superuser over TCP without a password.
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if is_root && [ -f "$hba" ] && ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    su postgres -c "pg_ctlcluster --skip-systemctl-redirect $version main reload" || true
  fi
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  say "Starting Redis on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
}

wait_for() {
  local name=$1 check=$2 tries=60
  while ! "$check"; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then
      say "$name does not answer on 127.0.0.1."
      return 1
    fi
    sleep 0.5
  done
}

ensure_services() {
  if ! postgres_answers; then
    if ! is_root && ! command -v pg_ctlcluster >/dev/null 2>&1; then
      say "PostgreSQL is needed: sudo apt-get install postgresql (then run this again)"
      return 1
    fi
    start_postgres
  fi
  if ! redis_answers; then
    if ! is_root && ! command -v redis-server >/dev/null 2>&1; then
      say "Redis is needed: sudo apt-get install redis-server (then run this again)"
      return 1
    fi
    start_redis
  fi
  wait_for PostgreSQL postgres_answers
  wait_for Redis redis_answers
}
