#!/bin/sh
# `redis-server ARGS` as the official image runs it: listening on every address of the
# container, protected mode off (the container network is the protection).
set -eu
if [ "${1:-}" = "redis-server" ]; then
  shift
  set -- redis-server --bind '*' --protected-mode no "$@"
fi
exec "$@"
