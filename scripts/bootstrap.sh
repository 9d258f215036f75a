# Shared set-up for demo.sh and test.sh: checks the machine, gets the pinned pnpm, installs the
# workspace and builds it. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || fail "Node.js 20 or newer is needed (https://nodejs.org or your package manager)"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || fail "Node.js 20 or newer is needed; this is $(node --version)"
command -v java >/dev/null || fail "Java 17 or newer is needed to run the Kafka broker (e.g. apt-get install openjdk-17-jre-headless)"
command -v mvn >/dev/null || fail "Maven is needed to fetch the Kafka broker from Maven Central (e.g. apt-get install maven)"

# corepack's signature check fails on some machines, so pnpm comes from the npm registry, pinned.
pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(command pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    command pnpm "$@"
  else
    npx --yes "pnpm@$PNPM_VERSION" "$@"
  fi
}

say "installing dependencies (pnpm $PNPM_VERSION)"
pnpm install --frozen-lockfile --reporter=append-only
say "building"
pnpm run build --output-logs=errors-only
