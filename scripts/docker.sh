# A Docker engine, Compose v2 and buildx, and the local base images, for `./test docker`.
# Source it after scripts/bootstrap.sh (it uses `say`, `is_root` and the apt helpers).
#   ensure_docker_engine  use the engine that answers, or install Debian's docker.io and
#                         start dockerd here (its pid is kept); Compose >= 2.24 and buildx
#   stop_docker_engine    stop the dockerd this shell started (by its pid), nothing else
#   remove_compose_project NAME  whatever a test run that was cut short left of its stack
#   ensure_base_images    the local bases helpdesk-base/*, built once per recipe
#   extra_ca_bundle       this machine's extra CA certificates in one file, for the builds
# Docker Hub cannot be reached from every machine: the bases are made from Debian's
# packages (debootstrap + docker import, then apt inside a build) under the project's own
# names, never an official image's. Recipes: tests/docker/bases/.

DOCKER_CACHE=${HELPDESK_DOCKER_CACHE:-/var/cache/helpdesk-docker}
DOCKER_BASES=tests/docker/bases
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
COMPOSE_MIN=2.24          # env_file with path/required and the top-level name: need it
DOCKERD_PID=              # set when this shell started dockerd

docker_answers() { docker info >/dev/null 2>&1; }

# version_at_least HAVE WANT: true when HAVE >= WANT (dotted numbers).
version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

compose_is_recent() {
  local version
  version=$(docker compose version --short 2>/dev/null) || return 1
  version_at_least "${version#v}" "$COMPOSE_MIN"
}

# Bookworm has only Compose v1 (1.29), which cannot read native/docker-compose.yml, and no
# buildx. Trixie's docker-compose and docker-buildx need only libc6 >= 2.34, so their .debs
# install on bookworm. They are fetched under a private apt configuration: the system's
# sources and package lists stay as they are.
install_compose_and_buildx() {
  local dir=$DOCKER_CACHE/trixie
  local apt_options=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o "Dir::Etc::sourceparts=-"
                     -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
                     -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root" -qq)
  say "Installing Debian trixie's docker-compose and docker-buildx (Compose >= $COMPOSE_MIN)"
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/debs"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $DEBIAN_MIRROR trixie main" \
    >"$dir/sources.list"
  apt-get "${apt_options[@]}" update \
    && (cd "$dir/debs" && rm -f ./*.deb \
        && apt-get "${apt_options[@]}" download docker-compose docker-buildx) \
    && dpkg -i "$dir"/debs/*.deb >/dev/null
}

start_dockerd() {
  mkdir -p "$DOCKER_CACHE"
  say "Starting dockerd (overlay2); log: $DOCKER_CACHE/dockerd.log"
  dockerd --storage-driver=overlay2 >"$DOCKER_CACHE/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  local waited=0
  until docker_answers; do
    if ! kill -0 "$DOCKERD_PID" 2>/dev/null || [ $waited -ge 120 ]; then
      say "dockerd did not start:"; tail -n 20 "$DOCKER_CACHE/dockerd.log" >&2
      DOCKERD_PID=; return 1
    fi
    sleep 0.5; waited=$((waited + 1))
  done
}

ensure_docker_engine() {
  if ! docker_answers; then
    if ! is_root; then
      say "No Docker engine answers, and only root can install and start one here."
      return 1
    fi
    local missing=()
    command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
    command -v iptables >/dev/null 2>&1 || missing+=(iptables)
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
    [ ${#missing[@]} -eq 0 ] || apt_install_without_starting "${missing[@]}" || return 1
  fi
  if ! compose_is_recent || ! docker buildx version >/dev/null 2>&1; then
    is_root || { say "Docker Compose >= $COMPOSE_MIN and buildx are needed."; return 1; }
    install_compose_and_buildx || return 1
  fi
  docker_answers || start_dockerd
}

# Containers (restart: unless-stopped would bring them back with the next dockerd),
# volumes and networks labelled with the compose project NAME.
remove_compose_project() {
  docker_answers || return 0
  local label=label=com.docker.compose.project=$1
  docker ps -aq --filter "$label" | xargs -r docker rm -f >/dev/null
  docker volume ls -q --filter "$label" | xargs -r docker volume rm >/dev/null
  docker network ls -q --filter "$label" | xargs -r docker network rm >/dev/null
  return 0
}

# Stops only the dockerd this shell started. Its network namespace stays mounted under
# /var/run/docker/netns after it exits; unmounted here so the next start finds it clean.
stop_docker_engine() {
  [ -n "$DOCKERD_PID" ] || return 0
  say "Stopping the dockerd started here (pid $DOCKERD_PID)"
  kill "$DOCKERD_PID" 2>/dev/null || true
  local waited=0
  while kill -0 "$DOCKERD_PID" 2>/dev/null && [ $waited -lt 60 ]; do
    sleep 0.5; waited=$((waited + 1))
  done
  kill -0 "$DOCKERD_PID" 2>/dev/null && kill -9 "$DOCKERD_PID" 2>/dev/null
  local mount
  for mount in /var/run/docker/netns/*; do
    mountpoint -q "$mount" 2>/dev/null && umount "$mount"
  done
  DOCKERD_PID=
  return 0
}

# ── Local base images ─────────────────────────────────────────────────────────────────────

# recipe_of IMAGE: the label of a built base (empty when the image is missing).
recipe_of() {
  docker image inspect --format '{{ index .Config.Labels "helpdesk.recipe" }}' "$1" 2>/dev/null
}

image_id() { docker image inspect --format '{{ .Id }}' "$1"; }

# The Debian root everything else is built on: debootstrap --variant=minbase, imported.
ensure_debian_base() {
  local image=helpdesk-base/debian:bookworm recipe
  recipe=$(printf 'debootstrap --variant=minbase bookworm %s\n' "$DEBIAN_MIRROR" | sha256sum | cut -c1-16)
  [ "$(recipe_of "$image")" = "$recipe" ] && return 0
  say "Making $image with debootstrap (minbase)"
  local root
  root=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >"$DOCKER_CACHE/debootstrap.log" 2>&1 \
    || { tail -n 20 "$DOCKER_CACHE/debootstrap.log" >&2; rm -rf "$root"; return 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  local status=0
  tar -C "$root" -c . | docker import --change "LABEL helpdesk.recipe=$recipe" \
    --change 'CMD ["bash"]' - "$image" >/dev/null || status=1
  rm -rf "$root"
  return $status
}

# ensure_base NAME TAG FROM [CONTEXT]: helpdesk-base/NAME:TAG from
# tests/docker/bases/NAME/Dockerfile on FROM; rebuilt when the recipe (the Dockerfile, the
# files of its context, the image it starts from) changed.
ensure_base() {
  local name=$1 tag=$2 from=$3
  local context=${4:-$DOCKER_BASES/$1}
  local image=helpdesk-base/$name:$tag dockerfile=$DOCKER_BASES/$name/Dockerfile recipe
  recipe=$({ image_id "$from"; cat "$dockerfile"; tar -C "$context" -c --sort=name \
             --mtime=@0 --owner=0 --group=0 .; } | sha256sum | cut -c1-16)
  [ "$(recipe_of "$image")" = "$recipe" ] && return 0
  say "Building $image"
  docker build --quiet --network host --file "$dockerfile" --build-arg "BASE=$from" \
    --label "helpdesk.recipe=$recipe" --tag "$image" "$context" >/dev/null
}

# Node 20.19+ is not in bookworm (18): the node and npm of this machine, which the front
# end's own suite uses, are copied in (node needs only libc and libstdc++).
node_context() {
  local context=$DOCKER_CACHE/node-context npm_root
  npm_root=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  rm -rf "$context" && mkdir -p "$context/bin" "$context/lib"
  cp "$(readlink -f "$(command -v node)")" "$context/bin/node"
  cp -a "$npm_root" "$context/lib/npm"
  echo "$context"
}

ensure_base_images() {
  mkdir -p "$DOCKER_CACHE"
  ensure_debian_base || return 1
  local debian=helpdesk-base/debian:bookworm context
  context=$(node_context) || return 1
  ensure_base python 3.11 "$debian" \
    && ensure_base node 20 "$debian" "$context" \
    && ensure_base nginx 1.22 "$debian" \
    && ensure_base postgres 15 "$debian" \
    && ensure_base redis 7.0 "$debian"
}

# The extra CA certificates of this machine (an intercepting proxy's), in one PEM file:
# the builds get it as the secret `extra_ca`, so npm and pip trust the proxy; nothing of
# it stays in an image.
extra_ca_bundle() {
  local bundle=$DOCKER_CACHE/extra-ca.pem
  cat /usr/local/share/ca-certificates/*.crt >"$bundle" 2>/dev/null || : >"$bundle"
  echo "$bundle"
}
