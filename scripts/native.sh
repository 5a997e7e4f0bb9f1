# The settings `./run native` gives the API and the mail worker. Source it after
# scripts/bootstrap.sh. A value set in the environment beforehand wins (FRONTEND_DIST is
# always the build that build_frontend makes).
#   native_environment  export DATABASE_URL, REDIS_URL, HOST, PORT, WEB_CONCURRENCY,
#                       FRONTEND_DIST and PUBLIC_URL (the base of the links in e-mails)

# lan_address: this machine's first network address (nothing, status 1, when it has none).
lan_address() {
  local addresses
  addresses=$(hostname -I 2>/dev/null) || return 1
  set -- $addresses
  [ -n "${1:-}" ] && printf '%s\n' "$1"
}

# serving_url HOST PORT: where people reach a server listening on HOST:PORT. Listening on
# every interface (0.0.0.0, ::), that is the machine's network address, so a link in an
# e-mail opens on the recipient's computer too; without one, 127.0.0.1.
serving_url() {
  local host=$1 port=$2
  case "$host" in
    ''|0.0.0.0|::|'[::]') host=$(lan_address) || host=127.0.0.1 ;;
  esac
  case "$host" in
    \[*) ;;
    *:*) host="[$host]" ;;   # an IPv6 address in a URL goes in brackets
  esac
  printf 'http://%s:%s\n' "$host" "$port"
}

native_environment() {
  export DATABASE_URL=${DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/helpdesk}
  export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
  export HOST=${HOST:-0.0.0.0} PORT=${PORT:-5000}
  export WEB_CONCURRENCY=${WEB_CONCURRENCY:-${WORKERS:-2}}
  # One port for the app and the API: the API serves the build (helpdesk/spa.py).
  export FRONTEND_DIST="$PWD/native/frontend/dist"
  # The API writes the links in e-mails; they lead to this server, not to the Docker
  # set-up's port 3000 (helpdesk/config.py's default).
  export PUBLIC_URL=${PUBLIC_URL:-$(serving_url "$HOST" "$PORT")}
}
