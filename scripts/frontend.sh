# The Native edition's React app (native/frontend). Source it after scripts/bootstrap.sh
# (it uses `say`). Every step is quick when nothing changed.
#   ensure_frontend_packages  npm ci when node_modules is missing or package-lock.json changed
#   build_frontend            npm run build when dist/ is missing or older than its sources
#   check_frontend            lint, typecheck, unit tests and build; non-zero on any failure

FRONTEND_DIR=native/frontend

ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    say "Node.js 20.19+ and npm are needed for the Native front end (native/frontend)."
    return 1
  fi
}

# The stamp inside node_modules carries the lock file's hash: a changed lock reinstalls.
ensure_frontend_packages() {
  ensure_node || return 1
  local digest stamp
  digest=$(sha256sum "$FRONTEND_DIR/package-lock.json" | cut -c1-16)
  stamp="$FRONTEND_DIR/node_modules/.installed-$digest"
  if [ ! -f "$stamp" ]; then
    say "Installing the front end's npm packages (npm ci in $FRONTEND_DIR)"
    (cd "$FRONTEND_DIR" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    rm -f "$FRONTEND_DIR"/node_modules/.installed-*
    touch "$stamp"
  fi
}

# True when dist/index.html is missing or any source is newer than it.
frontend_build_stale() {
  local index="$FRONTEND_DIR/dist/index.html"
  [ -f "$index" ] || return 0
  local newer
  newer=$(find "$FRONTEND_DIR/src" "$FRONTEND_DIR/public" "$FRONTEND_DIR/index.html" \
               "$FRONTEND_DIR/openapi.json" "$FRONTEND_DIR/package-lock.json" \
               "$FRONTEND_DIR/vite.config.ts" "$FRONTEND_DIR/tsconfig.json" \
               -newer "$index" -type f -not -name 'api.d.ts' -print -quit 2>/dev/null)
  [ -n "$newer" ]
}

build_frontend() {
  ensure_frontend_packages || return 1
  if frontend_build_stale; then
    say "Building the front end (npm run build in $FRONTEND_DIR)"
    (cd "$FRONTEND_DIR" && npm run build --silent) || return 1
  fi
}

check_frontend() {
  ensure_frontend_packages || return 1
  local failed=0
  say "Front end: lint"
  (cd "$FRONTEND_DIR" && npm run lint --silent) || failed=1
  say "Front end: typecheck"
  (cd "$FRONTEND_DIR" && npm run typecheck --silent) || failed=1
  say "Front end: unit tests"
  (cd "$FRONTEND_DIR" && npm test --silent) || failed=1
  say "Front end: build"
  (cd "$FRONTEND_DIR" && npm run build --silent) || failed=1
  return "$failed"
}
