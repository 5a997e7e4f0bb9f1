# Shared set-up steps for ./run and ./test. Source it from the repository root.
# Each step is idempotent: a second run finds everything in place and returns at once.

VENV=.venv
UV_VERSION=0.13.8

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
is_root() { [ "$(id -u)" -eq 0 ]; }

apt_install() {
  if ! is_root; then
    say "Missing system package(s): $*. Install them with: sudo apt-get install $*"
    exit 1
  fi
  say "Installing $* from Debian's packages"
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ensure_venv REQUIREMENTS_FILE: a virtual environment with exactly these pinned packages.
ensure_venv() {
  local requirements=$1 python=${PYTHON:-python3}
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "Python 3.11 or newer is needed ($python is $("$python" --version 2>&1))."
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the virtual environment in $VENV"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      apt_install python3-venv
      "$python" -m venv "$VENV"
    fi
  fi
  if [ ! -x "$VENV/bin/uv" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
  fi
  # The stamp changes whenever any requirements file changes, so edits reinstall.
  # The stamp is named after the file's whole path (micro/requirements.txt and
  # nano/requirements.txt share a basename), so each edition installs what it lacks.
  local digest name stamp
  digest=$(find . -name 'requirements*.txt' -not -path "./$VENV/*" -not -path '*/node_modules/*' \
           -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16)
  name=${requirements%.txt}
  name=${name//\//_}
  stamp="$VENV/.installed-$name-$digest"
  if [ ! -f "$stamp" ]; then
    say "Installing the pinned packages from $requirements"
    "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" -r "$requirements"
    rm -f "$VENV/.installed-$name-"*
    touch "$stamp"
  fi
}

# Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
# The emoji font lets screenshots show the badge icons (🔔) instead of empty boxes.
ensure_chromium() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# axe-core, pinned in tests/a11y/package-lock.json, for the accessibility checks that every
# edition's browser tests run (tests/a11y.py); npm ci only when the lock file changed.
ensure_axe() {
  local folder=tests/a11y stamp=tests/a11y/node_modules/.installed-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$folder/package-lock.json" "$stamp"; then
    say "Installing axe-core for the accessibility checks"
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error
    cp "$folder/package-lock.json" "$stamp"
  fi
}

# pdftotext and pdftoppm (poppler-utils) read the generated PDFs in docs/ back for the checks.
ensure_poppler() {
  command -v pdftotext >/dev/null 2>&1 || apt_install poppler-utils
}

# apt_install_without_starting PACKAGE...: install programs whose Debian service must not
# start (nginx would take port 80; docker.io's dockerd is started by scripts/docker.sh with
# its pid kept): a policy-rc.d forbids starting services during the install.
apt_install_without_starting() {
  local policy=/usr/sbin/policy-rc.d made_policy=
  if is_root && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  apt_install "$@"
  [ -n "$made_policy" ] && rm -f "$policy"
  return 0
}

# Native's tests put Debian's nginx in front of the API (the same config the web image
# uses, rendered with envsubst as the image does). Only the program is wanted: a service
# manager that started the Debian service anyway is told to stop and disable it.
ensure_nginx() {
  local missing=()
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_install_without_starting "${missing[@]}"
  if [ -d /run/systemd/system ]; then
    systemctl disable --now nginx >/dev/null 2>&1 || true
  elif [ -f /run/nginx.pid ]; then
    /usr/sbin/nginx -s quit 2>/dev/null || true
  fi
}
