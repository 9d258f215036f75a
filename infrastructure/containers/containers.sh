#!/usr/bin/env bash
# A Docker-compatible container engine and StreamForge's images, without any image registry.
#
#   containers.sh up [IMAGE...]   engine (below), then the images (all, or those named); the default
#   containers.sh engine          when no Docker API answers: install Podman from Debian, configure it
#                                 for this machine, serve its Docker-compatible API on $SOCKET
#   containers.sh build [IMAGE...] only the images (the engine must answer)
#   containers.sh status          engine, images, the containers @streamforge/testing left running
#   containers.sh env             `export` lines for DOCKER_HOST and Testcontainers
#   containers.sh down            remove the containers @streamforge/testing started (org.streamforge.testing)
#   containers.sh stop-engine     stop the API service (and health-check runner) this script started
#   containers.sh health-checks   run containers' health checks in the foreground; `up` starts it in the
#                                 background, since Podman without systemd never runs them
#
# Images (kafka, redis, postgres, streamforge) start from Debian root filesystems made with
# debootstrap from Debian's mirror, imported with `podman import` and finished with `podman build`
# (COPY/RUN, no network). Each is tagged with a hash of everything that goes into it and rebuilt only
# when that changes; `:local` points at the current one. Caches live in $CACHE, never in the repository.
# Needs root (apt-get, debootstrap, rootful Podman).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$REPO_ROOT/infrastructure/containers"
CACHE_ROOT=${STREAMFORGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/streamforge}
CACHE="$CACHE_ROOT/containers"
SOCKET=${STREAMFORGE_PODMAN_SOCKET:-/run/podman/podman.sock}
SERVICE_PID_FILE="$CACHE/podman-service.pid"
SERVICE_LOG="$CACHE/podman-service.log"
HEALTH_PID_FILE="$CACHE/health-checks.pid"
PODMAN_CONF=/etc/containers/containers.conf.d/50-streamforge.conf
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
IMAGE_PREFIX=localhost/streamforge
# Containers started by @streamforge/testing carry this label; `down` removes exactly those.
TESTING_LABEL=org.streamforge.testing
ALL_IMAGES=(kafka redis postgres streamforge)
# Bump to rebuild every root filesystem (e.g. after changing how they are trimmed).
ROOTFS_RECIPE=1
# RLIMIT_NPROC Podman sets for itself at start-up; container limits cannot exceed it (see configure_podman).
PODMAN_NPROC_CEILING=32768

# Debian packages on top of minbase, per image.
rootfs_packages() {
  case "$1" in
    kafka) echo openjdk-17-jre-headless ;;
    redis) echo redis-server ;;
    postgres) echo postgresql-15 ;;
    # The host's Node binary links only glibc, libstdc++ and libgcc_s, all in minbase (apt needs them).
    streamforge) echo ca-certificates ;;
    *) return 1 ;;
  esac
}

say() { printf '[containers] %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}
now() { date +%s.%N; }
seconds_since() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'; }

# ---------------------------------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------------------------------

# 0 when a Docker API answers /_ping on the unix socket $1.
socket_answers() {
  [ -S "$1" ] && curl --silent --fail --max-time 3 --unix-socket "$1" http://localhost/_ping > /dev/null 2>&1
}

# A Docker engine (not our Podman) that already answers: then images are built with the docker CLI.
foreign_docker_socket() {
  local candidate
  for candidate in "${DOCKER_HOST:+${DOCKER_HOST#unix://}}" /var/run/docker.sock; do
    if [ -z "$candidate" ] || [ "$candidate" = "$SOCKET" ]; then continue; fi
    if socket_answers "$candidate" && ! curl --silent --max-time 3 --unix-socket "$candidate" \
      -D - -o /dev/null http://localhost/_ping | grep -qi '^libpod-api-version'; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

ENGINE=podman
select_engine() {
  local docker_socket
  if docker_socket=$(foreign_docker_socket) && command -v docker > /dev/null; then
    ENGINE=docker
    export DOCKER_HOST="unix://$docker_socket"
    say "a Docker engine answers on $docker_socket: building with the docker CLI, Podman is not needed"
    return 0
  fi
  ENGINE=podman
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "run as root (sudo $0): it installs packages, runs debootstrap and rootful Podman"
}

install_packages() {
  local missing=() command package
  for pair in podman:podman runc:runc debootstrap:debootstrap catatonit:catatonit; do
    command=${pair%%:*}
    package=${pair#*:}
    # catatonit is not on the PATH; it backs `init: true` in compose files.
    if [ "$command" = catatonit ]; then
      [ -x /usr/libexec/podman/catatonit ] || [ -x /usr/bin/catatonit ] || missing+=("$package")
    elif ! command -v "$command" > /dev/null; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} with apt-get"
  local started
  started=$(now)
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" > "$CACHE/apt-get.log" 2>&1; then
    say "apt-get install failed; refreshing the package lists once and retrying"
    apt-get update -q >> "$CACHE/apt-get.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >> "$CACHE/apt-get.log" 2>&1 ||
      die "apt-get install ${missing[*]} failed; see $CACHE/apt-get.log"
  fi
  REPORT+=("packages     ${missing[*]}: installed in $(seconds_since "$started") s")
}

# One ulimit entry at the current hard limit: the runtime may not raise a limit (this machine's root has
# no CAP_SYS_RESOURCE), and Podman's default (1048576 open files) is above the hard limit, so every
# container would fail to start.
# Not a lower number either: RLIMIT_NPROC counts all of root's processes on the host, not just the
# container's, so a small nproc makes thread creation in a container fail.
ulimit_entry() {
  local name=$1 hard=$2
  [ "$hard" = unlimited ] && return 0
  printf '"%s=%s:%s"' "$name" "$hard" "$hard"
}

CONFIG_CHANGED=0
configure_podman() {
  local nofile nproc ulimits
  nofile=$(ulimit_entry nofile "$(ulimit -Hn)")
  # Podman 4.3 lowers its own RLIMIT_NPROC to 32768 when it starts (seen with strace), whatever the
  # shell's hard limit; its runc children cannot go back above that without CAP_SYS_RESOURCE.
  local nproc_hard
  nproc_hard=$(ulimit -Hu)
  if [ "$nproc_hard" = unlimited ] || [ "$nproc_hard" -gt "$PODMAN_NPROC_CEILING" ]; then
    nproc_hard=$PODMAN_NPROC_CEILING
  fi
  nproc=$(ulimit_entry nproc "$nproc_hard")
  ulimits=$(printf '%s\n' "$nofile" "$nproc" | sed '/^$/d' | paste -sd, - | sed 's/,/, /g')
  local wanted
  wanted=$(
    cat << EOF
# Written by infrastructure/containers/containers.sh; rewritten when this machine's limits change.
[containers]
# At (never above) the hard limits of the shell that started the API service.
default_ulimits = [$ulimits]
# A file log the API serves to Testcontainers' log waits, bounded (no journald here).
log_driver = "k8s-file"
log_size_max = 52428800

[engine]
# crun refuses hybrid cgroup v1/v2 hosts ("cgroups in hybrid mode not supported"); runc runs.
runtime = "runc"
events_logger = "file"
EOF
  )
  if [ -f "$PODMAN_CONF" ] && [ "$(cat "$PODMAN_CONF")" = "$wanted" ]; then
    return 0
  fi
  mkdir -p "$(dirname "$PODMAN_CONF")"
  printf '%s\n' "$wanted" > "$PODMAN_CONF"
  CONFIG_CHANGED=1
  say "wrote $PODMAN_CONF (ulimits: $ulimits)"
}

service_pid() {
  local pid
  [ -f "$SERVICE_PID_FILE" ] || return 1
  pid=$(cat "$SERVICE_PID_FILE")
  # Only our process counts: a pid recycled by something else is never signalled.
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "system service" || return 1
  echo "$pid"
}

stop_service() {
  local pid
  if pid=$(service_pid); then
    say "stopping the Podman API service (pid $pid)"
    kill "$pid"
    for _ in $(seq 50); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$SERVICE_PID_FILE"
}

start_service() {
  if socket_answers "$SOCKET"; then
    if [ "$CONFIG_CHANGED" = 1 ] && service_pid > /dev/null; then
      # Running containers are unaffected: conmon, not the API service, is their parent.
      say "configuration changed: restarting the API service"
      stop_service
    else
      REPORT+=("engine       podman $(podman --version | awk '{print $3}') API already answers on unix://$SOCKET")
      return 0
    fi
  fi
  if service_pid > /dev/null; then
    stop_service # alive but not answering
  fi
  mkdir -p "$(dirname "$SOCKET")"
  rm -f "$SOCKET"
  # setsid: the service must outlive this script and the terminal (or CI step) that ran it.
  # --time=0: it never exits for being idle.
  setsid podman system service --time=0 "unix://$SOCKET" >> "$SERVICE_LOG" 2>&1 < /dev/null &
  echo $! > "$SERVICE_PID_FILE"
  for _ in $(seq 100); do
    socket_answers "$SOCKET" && break
    sleep 0.1
  done
  socket_answers "$SOCKET" || die "the Podman API did not answer on $SOCKET within 10 s; see $SERVICE_LOG"
  say "Podman API service started (pid $(cat "$SERVICE_PID_FILE")) on unix://$SOCKET"
  REPORT+=("engine       podman $(podman --version | awk '{print $3}') API on unix://$SOCKET (pid $(cat "$SERVICE_PID_FILE"))")
}

# Podman 4.3 schedules health checks with systemd timers; without systemd (this machine) they never
# run, every container stays "starting", and compose's `condition: service_healthy` waits forever.
# This loop runs each running container's check itself, at the container's own interval.
run_health_checks() {
  declare -A next_check
  local id interval now_s
  while true; do
    now_s=$(date +%s)
    # Filters on one key are alternatives; "none" (no check defined) is left out.
    for id in $(podman ps -q --filter health=starting --filter health=healthy --filter health=unhealthy); do
      [ "${next_check[$id]:-0}" -le "$now_s" ] || continue
      interval=$(podman inspect --format '{{.Config.Healthcheck.Interval.Seconds}}' "$id" 2> /dev/null || echo 30)
      interval=${interval%%.*}
      [ "${interval:-0}" -ge 1 ] 2> /dev/null || interval=30
      next_check[$id]=$((now_s + interval))
      podman healthcheck run "$id" > /dev/null 2>&1 || true
    done
    # Checks fall due at most this much late; scanning more often costs CPU on a small machine.
    sleep 3
  done
}

health_checks_pid() {
  local pid
  [ -f "$HEALTH_PID_FILE" ] || return 1
  pid=$(cat "$HEALTH_PID_FILE")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "containers.sh health-checks" || return 1
  echo "$pid"
}

start_health_checks() {
  # With systemd, Podman runs the checks itself.
  [ -d /run/systemd/system ] && return 0
  health_checks_pid > /dev/null && return 0
  setsid bash "$HERE/containers.sh" health-checks >> "$CACHE/health-checks.log" 2>&1 < /dev/null &
  echo $! > "$HEALTH_PID_FILE"
  REPORT+=("health       no systemd: health checks run by \`containers.sh health-checks\` (pid $(cat "$HEALTH_PID_FILE"))")
}

ensure_engine() {
  select_engine
  [ "$ENGINE" = docker ] && return 0
  require_root
  mkdir -p "$CACHE"
  install_packages
  configure_podman
  start_service
  start_health_checks
}

# ---------------------------------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------------------------------

image_exists() { "$ENGINE" image inspect "$1" > /dev/null 2>&1; }

# sha256 of a directory's content (names, modes, symlinks, bytes; not times or owners).
content_hash() {
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$1" -cf - . | sha256sum | cut -c1-16
}

ROOTFS_MOUNT_GUARD=""
unmount_rootfs_guard() {
  [ -n "$ROOTFS_MOUNT_GUARD" ] || return 0
  # debootstrap mounts proc and sys inside the target; never delete through a live mount.
  findmnt -rn -o TARGET | grep "^$ROOTFS_MOUNT_GUARD/" | sort -r | xargs -r umount -l || true
}
trap unmount_rootfs_guard EXIT

# Makes $IMAGE_PREFIX/base-<name>:<hash> from a debootstrap'd root filesystem; sets BASE_REF.
ensure_base_image() {
  local name=$1 packages key rootfs started
  packages=$(rootfs_packages "$name")
  key=$(printf '%s\n' "$ROOTFS_RECIPE" "$SUITE" minbase "$MIRROR" "$packages" | sha256sum | cut -c1-16)
  BASE_REF="$IMAGE_PREFIX/base-$name:$key"
  image_exists "$BASE_REF" && return 0

  rootfs="$CACHE/rootfs/$name-$key"
  if [ ! -f "$rootfs/.streamforge-complete" ]; then
    command -v debootstrap > /dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
    local partial="$rootfs.partial"
    ROOTFS_MOUNT_GUARD=$partial
    unmount_rootfs_guard
    rm -rf "$partial"
    mkdir -p "$CACHE/debs" "$(dirname "$rootfs")"
    say "debootstrap $SUITE (minbase + $packages) into $rootfs ..."
    started=$(now)
    if ! debootstrap --variant=minbase --include="$(echo "$packages" | tr ' ' ,)" \
      --cache-dir="$CACHE/debs" "$SUITE" "$partial" "$MIRROR" > "$CACHE/debootstrap-$name.log" 2>&1; then
      unmount_rootfs_guard
      die "debootstrap failed; see $CACHE/debootstrap-$name.log"
    fi
    unmount_rootfs_guard
    # Package caches, lists and documentation are not needed at run time.
    rm -rf "$partial"/var/cache/apt/archives/*.deb "$partial"/var/lib/apt/lists/* \
      "$partial"/usr/share/doc/* "$partial"/usr/share/man/* "$partial"/usr/share/info/* \
      "$partial"/usr/share/locale/* "$partial"/var/log/*.log "$partial"/var/cache/debconf/*-old
    touch "$partial/.streamforge-complete"
    rm -rf "$rootfs"
    mv "$partial" "$rootfs"
    ROOTFS_MOUNT_GUARD=""
    REPORT+=("rootfs       $name: debootstrap $SUITE minbase + $packages in $(seconds_since "$started") s ($(du -sh "$rootfs" | cut -f1))")
  fi
  say "importing $rootfs as $BASE_REF"
  started=$(now)
  tar -C "$rootfs" --numeric-owner --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* \
    --exclude=./.streamforge-complete -cf - . |
    "$ENGINE" import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD ["/bin/bash"]' \
      - "$BASE_REF" > "$CACHE/import-$name.log" 2>&1 || die "importing $rootfs failed; see $CACHE/import-$name.log"
  REPORT+=("base image   $BASE_REF imported in $(seconds_since "$started") s")
}

# The Kafka jars the local launcher uses (copied once from Maven Central by its ensureKafkaLibraries).
kafka_libs_dir() {
  local local_infra="$REPO_ROOT/infrastructure/local/dist/index.js"
  [ -f "$local_infra" ] || die "build the local launcher first: pnpm --filter @streamforge/local-infra run build"
  STREAMFORGE_CACHE_DIR="$CACHE_ROOT" node -e '
    const infra = require(process.argv[1]);
    infra.ensureKafkaLibraries(infra.streamforgeCacheDir()).then(
      (libraries) => console.log(libraries.libsDir),
      (error) => { console.error(error.message); process.exit(1); },
    );' "$local_infra"
}

# The built workspace for the services image: every runtime package's folder as built (manifest,
# dist/, node_modules/ and whatever it reads at run time besides, such as packages/cep/patterns or
# services/alert-engine/rules; ../../Dockerfile's image has them too), the topic catalogue and the
# migrations. Tests, build caches, logs and local data stay out; e2e and bench are not runtime packages.
write_workspace_tar() {
  local target=$1
  (
    cd "$REPO_ROOT"
    local paths=() dir
    for dir in packages/* services/* infrastructure/local; do
      [ -f "$dir/package.json" ] || continue
      [ -d "$dir/dist" ] || die "$dir/dist is missing: build the workspace first (pnpm build)"
      paths+=("$dir")
    done
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
      --exclude='*.tsbuildinfo' --exclude='.turbo' --exclude='*.test.js' --exclude='*.test.js.map' \
      --exclude='*.test.d.ts' --exclude='*.test.d.ts.map' --exclude='*.test.ts' --exclude='__tests__' \
      --exclude='*.log' --exclude='*/.cache' --exclude='*/.data' --exclude='*/coverage' \
      --exclude='*/jest.config.js' -cf "$target" \
      package.json pnpm-workspace.yaml pnpm-lock.yaml node_modules \
      infrastructure/topics.yaml infrastructure/migrations "${paths[@]}"
  )
}

# Stages the build context of one image under $CACHE/context/<name>.
stage_context() {
  local name=$1 context=$2
  rm -rf "$context"
  mkdir -p "$context"
  cp -a "$HERE/images/$name/." "$context/"
  case "$name" in
    kafka)
      local libs
      libs=$(kafka_libs_dir)
      mkdir -p "$context/libs"
      cp -a "$libs"/*.jar "$context/libs/"
      ;;
    streamforge)
      local node_binary
      node_binary=$(command -v node) || die "node is not installed"
      "$node_binary" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
        die "the host's node is $("$node_binary" --version); the services need Node 20 or newer"
      cp "$(readlink -f "$node_binary")" "$context/node"
      write_workspace_tar "$context/workspace.tar"
      ;;
  esac
}

# Builds (or reuses) one image; records its reference in $CACHE/images/<name>.ref.
build_image() {
  local name=$1 started key ref context
  started=$(now)
  [ -d "$HERE/images/$name" ] || die "unknown image \"$name\" (images: ${ALL_IMAGES[*]})"
  ensure_base_image "$name"
  context="$CACHE/context/$name"
  stage_context "$name" "$context"
  key=$( (
    echo "$BASE_REF"
    content_hash "$context"
  ) | sha256sum | cut -c1-16)
  ref="$IMAGE_PREFIX/$name:$key"
  local action
  if image_exists "$ref"; then
    action="reused (unchanged)"
  else
    say "building $ref ..."
    local build_flags=()
    # No RUN step needs the network, and nothing may be pulled: the base is local.
    [ "$ENGINE" = podman ] && build_flags=(--pull=never --network=none)
    "$ENGINE" build "${build_flags[@]}" --build-arg "BASE_IMAGE=$BASE_REF" \
      --label "org.streamforge.content=$key" -t "$ref" -f "$context/Containerfile" "$context" \
      > "$CACHE/build-$name.log" 2>&1 || die "building $name failed; see $CACHE/build-$name.log"
    action="built"
  fi
  "$ENGINE" tag "$ref" "$IMAGE_PREFIX/$name:local"
  remove_old_versions "$name"
  mkdir -p "$CACHE/images"
  echo "$ref" > "$CACHE/images/$name.ref"
  local size
  size=$("$ENGINE" image inspect --format '{{.Size}}' "$ref" | awk '{ printf "%d MB", $1 / 1000000 }')
  REPORT+=("$(printf '%-12s %s %s in %s s (%s)' "$name" "$ref" "$action" "$(seconds_since "$started")" "$size")")
}

build_images() {
  local names=("$@")
  [ ${#names[@]} -gt 0 ] || names=("${ALL_IMAGES[@]}")
  socket_answers "$SOCKET" || [ "$ENGINE" = docker ] || die "no engine answers on $SOCKET: run \`$0 up\`"
  for name in "${names[@]}"; do
    build_image "$name"
  done
}

# Keeps the newest $KEEP_IMAGE_VERSIONS content tags of an image (switching a branch back is instant)
# and removes older ones, so that rebuilding the services image after every change does not fill the
# disk. An image a container still uses is refused by the engine and stays.
KEEP_IMAGE_VERSIONS=2
remove_old_versions() {
  local name=$1 old
  # Both CLIs list the newest first.
  old=$("$ENGINE" images --format '{{.Repository}}:{{.Tag}}' "$IMAGE_PREFIX/$name" |
    grep -v ':local$' | awk '!seen[$0]++' | tail -n +$((KEEP_IMAGE_VERSIONS + 1)))
  [ -n "$old" ] || return 0
  local ref
  for ref in $old; do
    if "$ENGINE" rmi "$ref" > /dev/null 2>&1; then say "removed the older $ref"; fi
  done
}

# ---------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------

REPORT=()
print_report() {
  local started=$1
  echo "infrastructure/containers: done in $(seconds_since "$started") s"
  local line
  for line in "${REPORT[@]}"; do echo "  $line"; done
  echo "  use it:       eval \"\$($0 env)\"   (DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED)"
}

print_env() {
  if [ "$ENGINE" = podman ]; then
    echo "export DOCKER_HOST=unix://$SOCKET"
    # No registry, so no Ryuk image: @streamforge/testing's containers are reused and removed by `down`.
    echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  else
    echo "export DOCKER_HOST=$DOCKER_HOST"
  fi
}

status() {
  if socket_answers "$SOCKET"; then
    echo "engine: Podman API answers on unix://$SOCKET$(service_pid > /dev/null && echo " (pid $(service_pid), started by this script)")"
  else
    echo "engine: nothing answers on unix://$SOCKET"
  fi
  echo "images:"
  local name
  for name in "${ALL_IMAGES[@]}"; do
    if [ -f "$CACHE/images/$name.ref" ] && image_exists "$(cat "$CACHE/images/$name.ref")"; then
      echo "  $name: $(cat "$CACHE/images/$name.ref")"
    else
      echo "  $name: not built"
    fi
  done
  echo "containers started by @streamforge/testing:"
  "$ENGINE" ps -a --filter "label=$TESTING_LABEL" --format '  {{.Names}}  {{.Image}}  {{.Status}}  {{.Ports}}' 2> /dev/null || true
}

remove_testing_containers() {
  local ids
  ids=$("$ENGINE" ps -aq --filter "label=$TESTING_LABEL")
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    "$ENGINE" rm -f $ids > /dev/null
    say "removed $(echo "$ids" | wc -w) container(s) labelled $TESTING_LABEL"
  else
    say "no containers labelled $TESTING_LABEL"
  fi
  local networks
  networks=$("$ENGINE" network ls -q --filter "label=$TESTING_LABEL" 2> /dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$networks" ] || "$ENGINE" network rm $networks > /dev/null
}

main() {
  local command=${1:-up}
  [ $# -gt 0 ] && shift
  local started
  started=$(now)
  case "$command" in
    up)
      ensure_engine
      build_images "$@"
      print_report "$started"
      ;;
    engine)
      ensure_engine
      print_report "$started"
      ;;
    build)
      select_engine
      [ "$ENGINE" = docker ] || require_root
      build_images "$@"
      print_report "$started"
      ;;
    status)
      select_engine
      status
      ;;
    env)
      select_engine
      print_env
      ;;
    down)
      select_engine
      remove_testing_containers
      ;;
    stop-engine)
      local pid
      if pid=$(health_checks_pid); then kill "$pid"; fi
      rm -f "$HEALTH_PID_FILE"
      stop_service
      ;;
    health-checks)
      run_health_checks
      ;;
    -h | --help | help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
      ;;
    *)
      die "unknown command \"$command\" (up, engine, build, status, env, down, stop-engine, health-checks)"
      ;;
  esac
}

main "$@"
