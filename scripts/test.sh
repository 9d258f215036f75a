#!/usr/bin/env bash
# Every test: type checks, lint, unit tests and the integration and end-to-end suites on real Kafka,
# Redis and Postgres. Run it from anywhere.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

say "type checking"
pnpm run typecheck --output-logs=errors-only
say "linting"
pnpm run lint
say "starting Kafka (local launcher) and checking Redis and Postgres"
node infrastructure/local/dist/cli.js up
say "testing"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
pnpm exec jest --ci --json --outputFile="$results" "$@" || status=$?
# One plain closing line that any CI reads the same way.
node -e 'const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`)' "$results" || true
exit "$status"
