#!/usr/bin/env bash
# Installs @confluentinc/kafka-javascript (librdkafka) for the Kafka benchmark, outside the workspace.
#
# It is not a workspace dependency on purpose: npm has no prebuilt binary for it that installs here, so
# it is compiled from the librdkafka source bundled in the package, which takes minutes on 2 cores, and
# every `pnpm install` would do it again. Here it is built once into
#   ${STREAMFORGE_CACHE_DIR:-~/.cache/streamforge}/bench-clients/
# and `pnpm bench:kafka` loads it from there when present.
#
# CKJS_LINKING=dynamic builds the bundled librdkafka against the system's OpenSSL, zlib and zstd (the
# Debian -dev packages below) instead of downloading their sources at build time, which cannot work
# on a machine that reaches only package registries.
#
# Idempotent: a second run with the same version only checks that the module loads.
set -euo pipefail

version="${CONFLUENT_KAFKA_JS_VERSION:-1.10.1}"
cache="${STREAMFORGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/streamforge}"
dir="$cache/bench-clients"
module="@confluentinc/kafka-javascript"

loads() {
  (cd "$dir" && node -e "
    const v = require('$module/package.json').version;
    require('$module');
    if (v !== '$version') process.exit(2);
  ") >/dev/null 2>&1
}

if [ -d "$dir/node_modules/$module" ] && loads; then
  echo "$module $version is already installed in $dir"
  exit 0
fi

missing=()
for pkg in libssl-dev zlib1g-dev libzstd-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi
for tool in make g++ python3; do
  command -v "$tool" >/dev/null || {
    echo "$tool is needed to compile librdkafka (apt-get install build-essential python3)" >&2
    exit 1
  }
done

mkdir -p "$dir"
[ -f "$dir/package.json" ] ||
  printf '{\n  "name": "streamforge-bench-clients",\n  "private": true\n}\n' >"$dir/package.json"

echo "building $module $version from its bundled librdkafka source (several minutes on 2 cores);"
echo "log: $dir/install.log"
started=$(date +%s)
if ! (cd "$dir" && CKJS_LINKING=dynamic npm install --no-audit --no-fund --foreground-scripts \
  --save-exact "$module@$version" >"$dir/install.log" 2>&1); then
  tail -n 30 "$dir/install.log" >&2
  echo "npm install of $module failed; the full log is $dir/install.log" >&2
  exit 1
fi
seconds=$(($(date +%s) - started))
loads || {
  echo "$module installed but does not load (or is not $version): see $dir/install.log" >&2
  exit 1
}
printf '%s %s built in %s s on %s (%s cores)\n' "$module" "$version" "$seconds" "$(date -u +%F)" "$(nproc)" \
  >"$dir/install-time.txt"
echo "installed $module $version in $dir in $seconds s"
