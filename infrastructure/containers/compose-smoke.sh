#!/usr/bin/env bash
# Compose smoke test of docker-compose.kafka.yml on the locally built images (issue 9's proof):
#
#   1. generate one compose file from docker-compose.kafka.yml + compose.local.yml (compose-local.py:
#      local images, ports on 127.0.0.1 at engine-picked ports, no schema registry or Kafka UI, which
#      have no local image) and bring the stack up with podman-compose: 3 brokers (RF 3, min ISR 2),
#      Redis, Postgres, topic-init, migrate and the four services;
#   2. post events over HTTP to ingestion and read their window counts and alerts from Postgres;
#   3. stop one broker container: producing with acks=all (kafka-console-producer --sync, and
#      ingestion, which answers 202 only after acks=all) still succeeds, since two replicas remain;
#   4. start it again, wait until every partition is fully replicated, and count: the acks=all records,
#      events.raw, the window counts and the alerts are exactly what was sent, nothing lost or doubled;
#   5. bring the stack down (-v) and check that no container, network or volume of it is left.
#
#   bash infrastructure/containers/compose-smoke.sh      (or: pnpm containers:smoke)
#
# Starts with `containers.sh up` (engine + images, idempotent: 5-10 s when nothing changed; a stale
# services image would run an older topic-init or service than the checkout), so it needs the workspace
# built (`pnpm build`) and root (rootful Podman); STREAMFORGE_SMOKE_BUILD=0 skips that step and uses the
# `:local` images as they are. Installs podman-compose with apt-get when missing. Every wait is bounded; the only traffic targets are the
# stack's own containers (through `podman exec`, on the project's own network) and ingestion's port
# on 127.0.0.1. Exits 0 only when every check held. Logs: $CACHE/compose-smoke/.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$REPO_ROOT/infrastructure/containers"
CACHE_ROOT=${STREAMFORGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/streamforge}
WORK="$CACHE_ROOT/containers/compose-smoke"
SOCKET=${STREAMFORGE_PODMAN_SOCKET:-/run/podman/podman.sock}
PROJECT=${STREAMFORGE_SMOKE_PROJECT:-streamforge-smoke}
COMPOSE_FILE="$WORK/compose.yml"
LOG="$WORK/podman-compose.log"
# Events per phase (before, during and after the broker outage) and acks=all records per phase.
EVENTS_PER_PHASE=${STREAMFORGE_SMOKE_EVENTS:-300}
RECORDS_PER_PHASE=${STREAMFORGE_SMOKE_RECORDS:-500}
STOPPED_BROKER=kafka-2
SMOKE_TOPIC=smoke.acks-all
# The tools' JVMs run inside kafka-1 beside the broker: keep their heap small.
TOOL_HEAP=-Xmx192m

START=$(date +%s)
TIMINGS=()
# fd 3 is the terminal's stderr, also from inside wait_until's silenced checks.
exec 3>&2
say() { printf '[compose-smoke %3ss] %s\n' "$(($(date +%s) - START))" "$*" >&3; }
die() {
  say "FAILED: $*"
  exit 1
}
phase_started=$START
phase() {
  local now
  now=$(date +%s)
  TIMINGS+=("$(printf '%-34s %4s s' "$1" "$((now - phase_started))")")
  phase_started=$now
}

ctr() { echo "${PROJECT}_$1_1"; }

# wait_until SECONDS DESCRIPTION COMMAND...: runs COMMAND every 2 s until it succeeds, at most SECONDS.
wait_until() {
  local limit=$1 description=$2 deadline
  shift 2
  deadline=$(($(date +%s) + limit))
  until "$@" > /dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || die "not within ${limit} s: $description"
    sleep 2
  done
}

compose() {
  timeout 600 podman-compose -p "$PROJECT" -f "$COMPOSE_FILE" "$@" >> "$LOG" 2>&1
}

# A Kafka CLI tool inside kafka-1, talking to the brokers on the project network.
kafka_tool() {
  local tool=$1
  shift
  timeout 120 podman exec -e KAFKA_HEAP_OPTS="$TOOL_HEAP" "$(ctr kafka-1)" "/opt/kafka/bin/$tool" "$@"
}
BOOTSTRAP=kafka-1:9092,kafka-3:9092

psql_value() {
  timeout 30 podman exec "$(ctr postgres)" psql -U postgres -d streamforge -tAqc "$1"
}

# ---------------------------------------------------------------------------------------------------
# Teardown: compose down, then whatever podman-compose 1.0.3 leaves (it keeps the network).
# ---------------------------------------------------------------------------------------------------
project_leftovers() {
  podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT"
  podman network ls --format '{{.Name}}' | grep -x "${PROJECT}_default" || true
  podman volume ls --format '{{.Name}}' | grep "^${PROJECT}_" || true
}

# Stops the services first (they commit on SIGTERM while Kafka is still there), then the rest, each
# group in parallel (podman-compose 1.0.3 stops one container after another), then `down -v`.
teardown() {
  local ids service names=()
  for service in ingestion stream-processor cep-engine alert-engine; do names+=("$(ctr "$service")"); done
  timeout 60 podman stop --ignore -t 30 "${names[@]}" > /dev/null 2>&1 || true
  ids=$(podman ps -q --filter "label=io.podman.compose.project=$PROJECT")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || timeout 60 podman stop -t 20 $ids > /dev/null 2>&1 || true
  if [ -f "$COMPOSE_FILE" ]; then compose down -v -t 30 || true; fi
  ids=$(podman ps -aq --filter "label=io.podman.compose.project=$PROJECT")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || podman rm -f -t 10 $ids > /dev/null 2>&1 || true
  podman network rm "${PROJECT}_default" > /dev/null 2>&1 || true
  local volume
  for volume in $(podman volume ls --format '{{.Name}}' | grep "^${PROJECT}_" || true); do
    podman volume rm -f "$volume" > /dev/null 2>&1 || true
  done
}

dump_diagnostics() {
  say "containers of $PROJECT:"
  podman ps -a --filter "label=io.podman.compose.project=$PROJECT" \
    --format '  {{.Names}}  {{.Status}}' >&3 || true
  local name
  for name in $(podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT"); do
    podman logs --tail 200 "$name" > "$WORK/logs/$name.log" 2>&1 || true
  done
  say "last 200 log lines of each container: $WORK/logs/; podman-compose output: $LOG"
}

on_exit() {
  local status=$?
  trap - EXIT INT TERM
  [ "$status" -eq 0 ] || dump_diagnostics
  if [ "${STREAMFORGE_SMOKE_KEEP:-}" = 1 ] && [ "$status" -ne 0 ]; then
    say "STREAMFORGE_SMOKE_KEEP=1: leaving the stack up (podman-compose -p $PROJECT -f $COMPOSE_FILE down -v)"
    exit "$status"
  fi
  local down_started
  down_started=$(date +%s)
  say "bringing the stack down"
  teardown
  local left
  left=$(project_leftovers)
  if [ -n "$left" ]; then
    say "FAILED: left behind after down: $(echo "$left" | paste -sd' ')"
    status=1
  else
    say "down in $(($(date +%s) - down_started)) s; no container, network or volume of $PROJECT is left"
  fi
  TIMINGS+=("$(printf '%-34s %4s s' 'down -v, nothing left' "$(($(date +%s) - down_started))")")
  if [ "$status" -eq 0 ]; then
    echo "compose smoke: PASSED in $(($(date +%s) - START)) s"
  else
    echo "compose smoke: FAILED after $(($(date +%s) - START)) s (see above)"
  fi
  local line
  for line in "${TIMINGS[@]}"; do echo "  $line"; done
  exit "$status"
}

# ---------------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------------

preflight() {
  [ "$(id -u)" -eq 0 ] || die "run as root (rootful Podman)"
  command -v podman > /dev/null || die "no podman: run \`pnpm containers:up\` first"
  curl --silent --fail --max-time 3 --unix-socket "$SOCKET" http://localhost/_ping > /dev/null ||
    die "no Podman API on $SOCKET: run \`pnpm containers:up\` first"
  local image
  for image in kafka redis postgres streamforge; do
    podman image exists "localhost/streamforge/$image:local" ||
      die "no image localhost/streamforge/$image:local: run \`pnpm containers:up\` first"
  done
  if ! command -v podman-compose > /dev/null; then
    say "installing podman-compose with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman-compose > "$WORK/apt-get.log" 2>&1 ||
      die "apt-get install podman-compose failed; see $WORK/apt-get.log"
  fi
}

# 0 once a one-shot service has exited; its exit code is in ONE_SHOT_CODE.
ONE_SHOT_CODE=""
one_shot_exited() {
  local state
  state=$(podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$(ctr "$1")" 2> /dev/null) || return 1
  case "$state" in
    exited*) ONE_SHOT_CODE=${state#* } ;;
    *) return 1 ;;
  esac
}

# one_shot SERVICE DEPENDENCY...: what compose's `depends_on: condition: service_healthy` would have
# done, which podman-compose 1.0.3 ignores (it only orders the starts): once the dependencies are
# healthy, a one-shot service that had already failed for want of them is started once more; then it
# must exit 0.
one_shot() {
  local service=$1
  shift
  wait_until 240 "$* healthy (for $service)" all_healthy "$@"
  wait_until 180 "$service exited" one_shot_exited "$service"
  if [ "$ONE_SHOT_CODE" != 0 ]; then
    say "  $service exited $ONE_SHOT_CODE, started before $* were healthy (podman-compose 1.0.3 ignores" \
      "depends_on conditions): $(podman logs --tail 1 "$(ctr "$service")" 2>&1 | cut -c1-160)"
    say "  starting $service again now that $* are healthy"
    timeout 60 podman start "$(ctr "$service")" >> "$LOG" 2>&1 || die "podman start $service failed"
    sleep 1
    wait_until 180 "$service exited (second run)" one_shot_exited "$service"
    [ "$ONE_SHOT_CODE" = 0 ] || die "$service exited $ONE_SHOT_CODE again (podman logs $(ctr "$service"))"
  fi
  say "  $service: $(podman logs --tail 1 "$(ctr "$service")" 2>&1 | cut -c1-160)"
}

# Runs a container's own health check now (the health-check runner may be elsewhere or slower).
healthy() { timeout 60 podman healthcheck run "$(ctr "$1")"; }

all_healthy() {
  local service
  for service in "$@"; do healthy "$service" || return 1; done
}

no_under_replicated() {
  local out
  out=$(kafka_tool kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --describe --under-replicated-partitions) || return 1
  [ -z "$out" ]
}

# post_events PHASE COUNT: posts COUNT events (batches of 100) to ingestion; every one must get 202.
# Prints the number of high-value transactions among them (amount > 1000, the cep-engine threshold).
post_events() {
  timeout 120 node - "$INGESTION_URL" "$RUN_ID" "$1" "$2" "$EVENT_TIME_BASE_MS" << 'EOF'
const [url, run, phase, count, base] = process.argv.slice(2);
const total = Number(count);
// Event time moves forward across the phases (A, B, C follow one another, 0.5 s apart): an event
// older than the watermark would rightly go to cep.late instead of matching.
const start = Number(base) + (phase.charCodeAt(0) - 'A'.charCodeAt(0)) * total * 500;
const events = [];
let highValue = 0;
for (let i = 0; i < total; i += 1) {
  const transaction = i % 4 === 0;
  const amount = transaction ? (i % 20 === 0 ? 2500 + i : 40 + (i % 50)) : undefined;
  if (transaction && amount > 1000) highValue += 1;
  events.push({
    eventId: `${run}-${phase}-${i}`,
    eventType: transaction ? 'transaction' : 'page_view',
    // A high-value transaction gets a user of its own: one alert each, however alerts are grouped.
    userId: transaction && amount > 1000 ? `${run}-${phase}-big-${i}` : `${run}-user-${i % 29}`,
    timestamp: new Date(start + i * 500).toISOString(),
    source: 'compose-smoke',
    properties: transaction ? { amount, currency: 'EUR' } : { page: `/p/${i % 7}` },
  });
}
(async () => {
  for (let i = 0; i < events.length; i += 100) {
    const batch = events.slice(i, i + 100);
    const response = await fetch(`${url}/api/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: batch }),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 202) {
      console.error(`batch ${i / 100} of phase ${phase}: HTTP ${response.status} ${await response.text()}`);
      process.exit(1);
    }
  }
  console.log(highValue);
})().catch((error) => {
  console.error(`phase ${phase}: ${error.message}`);
  process.exit(1);
});
EOF
}

# produce_acks_all FROM TO: sends the numbers FROM..TO to $SMOKE_TOPIC, each acknowledged by all
# in-sync replicas before the next (--sync, linger.ms=0; the console producer's own default linger of
# 1 s would make that 1 s a record). Its exit status does not tell a rejected send (tried: acks=all to
# a topic below its min ISR exits 0), so the caller counts the topic's records afterwards. The numbers
# are made inside the container: Podman 4.3's `exec -i` does not pass on the end of stdin.
produce_acks_all() {
  # shellcheck disable=SC2016 # expanded by the container's sh, from its arguments
  timeout 180 podman exec -e KAFKA_HEAP_OPTS="$TOOL_HEAP" "$(ctr kafka-1)" sh -c \
    'seq "$1" "$2" | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server "$3" --topic "$4" \
      --sync --request-required-acks all --producer-property linger.ms=0 \
      --producer-property enable.idempotence=true \
      --producer-property delivery.timeout.ms=60000 --producer-property request.timeout.ms=15000 \
      --producer-property max.block.ms=30000' \
    sh "$1" "$2" "$BOOTSTRAP" "$SMOKE_TOPIC" > "$WORK/producer-$1.log" 2>&1
}

# Sum of the end offsets of a topic's partitions.
end_offsets() {
  kafka_tool kafka-run-class.sh org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" \
    --topic "$1" --time -1 2> /dev/null | awk -F: '{ sum += $3 } END { print sum + 0 }'
}

# expect_records N WHEN: $SMOKE_TOPIC holds exactly N records (every acks=all send was appended once).
expect_records() {
  local offsets
  offsets=$(end_offsets "$SMOKE_TOPIC")
  [ "$offsets" = "$1" ] || die "$SMOKE_TOPIC holds $offsets records $2, expected $1 (see $WORK/producer-*.log)"
  say "  $SMOKE_TOPIC: $offsets records acknowledged by acks=all $2"
}

pipeline_totals() {
  psql_value "SELECT coalesce(sum(count), 0) FROM window_counts" | tr -d ' '
  psql_value "SELECT count(DISTINCT e) FROM alerts, jsonb_array_elements_text(payload->'eventIds') AS e WHERE e LIKE '$RUN_ID-%'" | tr -d ' '
}

pipeline_caught_up() {
  local totals
  totals=$(pipeline_totals | paste -sd' ')
  [ "$totals" = "$EXPECTED_EVENTS $EXPECTED_ALERTS" ]
}

# ---------------------------------------------------------------------------------------------------
main() {
  mkdir -p "$WORK/logs"
  rm -f "$WORK"/logs/*.log "$WORK"/producer-*.log
  : > "$LOG"
  if [ "${STREAMFORGE_SMOKE_BUILD:-1}" != 0 ]; then
    say "containers.sh up: engine and images (reused when unchanged)"
    bash "$HERE/containers.sh" up > "$WORK/containers-up.log" 2>&1 ||
      die "containers.sh up failed; see $WORK/containers-up.log"
    grep -E '^  (kafka|redis|postgres|streamforge) ' "$WORK/containers-up.log" | sed 's/^ */  /' >&3 || true
    phase "containers.sh up"
  fi
  preflight
  RUN_ID="smoke$(date +%s)"
  # An hour ago: event time in the past, as the skeleton test sends it.
  EVENT_TIME_BASE_MS=$((($(date +%s) - 3600) * 1000))

  if [ -n "$(project_leftovers)" ]; then
    say "removing what an earlier run of project $PROJECT left"
    python3 "$HERE/compose-local.py" > "$COMPOSE_FILE" 2> /dev/null
    teardown
    phase "leftovers of an earlier run removed"
  fi
  trap on_exit EXIT
  trap 'exit 130' INT TERM

  say "generating $COMPOSE_FILE from docker-compose.kafka.yml + compose.local.yml"
  python3 "$HERE/compose-local.py" > "$COMPOSE_FILE"
  say "  left out: $(sed -n 's/^# Left out (no local image): //p' "$COMPOSE_FILE") (no local image; they would be pulled)"
  say "podman-compose up -d (project $PROJECT)"
  compose up -d || die "podman-compose up failed; see $LOG"
  phase "podman-compose up -d"

  say "waiting for the brokers, topic-init (RF 3, --brokers 3), migrate and the services"
  one_shot topic-init kafka-1 kafka-2 kafka-3
  one_shot migrate postgres
  wait_until 240 "the four services healthy" all_healthy ingestion stream-processor cep-engine alert-engine
  phase "stack ready (all healthy)"

  local describe
  describe=$(kafka_tool kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --describe --topic events.raw)
  echo "$describe" | head -1 | grep -q 'ReplicationFactor: 3' ||
    die "events.raw is not at RF 3: $(echo "$describe" | head -1)"
  echo "$describe" | head -1 | grep -q 'min.insync.replicas=2' ||
    die "events.raw does not have min.insync.replicas=2: $(echo "$describe" | head -1)"
  say "events.raw: $(echo "$describe" | head -1 | grep -o 'PartitionCount: [0-9]*\|ReplicationFactor: [0-9]*\|min.insync.replicas=[0-9]*' | paste -sd' ')"
  kafka_tool kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --topic "$SMOKE_TOPIC" \
    --partitions 6 --replication-factor 3 --config min.insync.replicas=2 > /dev/null ||
    die "creating $SMOKE_TOPIC failed"

  INGESTION_URL="http://$(podman port "$(ctr ingestion)" 8080 | head -1)"
  say "ingestion answers on $INGESTION_URL"

  local r=$RECORDS_PER_PHASE n=$EVENTS_PER_PHASE hv_a hv_b hv_c
  say "phase A (3 brokers): $r records acks=all, $n events over HTTP"
  produce_acks_all 1 "$r" || die "acks=all produce with 3 brokers failed; see $WORK/producer-1.log"
  expect_records "$r" "with 3 brokers"
  hv_a=$(post_events A "$n") || die "posting phase A events failed"
  phase "phase A: 3 brokers"

  say "stopping $STOPPED_BROKER ($(ctr "$STOPPED_BROKER"))"
  # Podman without systemd complains about health-check timers on stop/start: into the log with it.
  timeout 60 podman stop -t 30 "$(ctr "$STOPPED_BROKER")" >> "$LOG" 2>&1 || die "podman stop $STOPPED_BROKER failed"
  say "phase B (2 brokers): $r records acks=all, $n events over HTTP (acks=all behind the 202)"
  produce_acks_all $((r + 1)) $((2 * r)) ||
    die "acks=all produce with $STOPPED_BROKER down failed; see $WORK/producer-$((r + 1)).log"
  expect_records $((2 * r)) "with $STOPPED_BROKER down"
  hv_b=$(post_events B "$n") || die "posting phase B events with $STOPPED_BROKER down failed"
  local under
  under=$(kafka_tool kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --describe --under-replicated-partitions | grep -c . || true)
  say "  acks=all held with $STOPPED_BROKER down ($under partitions under-replicated, ISR 2 of 3)"
  phase "phase B: $STOPPED_BROKER stopped"

  say "starting $STOPPED_BROKER again; waiting until no partition is under-replicated"
  timeout 60 podman start "$(ctr "$STOPPED_BROKER")" >> "$LOG" 2>&1 || die "podman start $STOPPED_BROKER failed"
  wait_until 240 "$STOPPED_BROKER back in every ISR" no_under_replicated
  phase "$STOPPED_BROKER back, fully replicated"

  say "phase C (3 brokers again): $r records acks=all, $n events over HTTP"
  produce_acks_all $((2 * r + 1)) $((3 * r)) || die "acks=all produce after the restart failed"
  expect_records $((3 * r)) "after $STOPPED_BROKER returned"
  hv_c=$(post_events C "$n") || die "posting phase C events failed"
  phase "phase C: 3 brokers again"

  EXPECTED_EVENTS=$((3 * n))
  EXPECTED_ALERTS=$((hv_a + hv_b + hv_c))
  local expected_records=$((3 * r)) offsets consumed distinct
  say "counting: expect $expected_records records in $SMOKE_TOPIC, $EXPECTED_EVENTS events, $EXPECTED_ALERTS alerts"
  offsets=$(end_offsets "$SMOKE_TOPIC")
  [ "$offsets" = "$expected_records" ] || die "$SMOKE_TOPIC end offsets sum to $offsets, expected $expected_records"
  consumed=$(kafka_tool kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP" --topic "$SMOKE_TOPIC" \
    --from-beginning --max-messages "$expected_records" --timeout-ms 60000 2> /dev/null | sort -n)
  distinct=$(echo "$consumed" | sort -un | grep -c .)
  if [ "$distinct" != "$expected_records" ] || [ "$(echo "$consumed" | head -1)" != 1 ] ||
    [ "$(echo "$consumed" | tail -1)" != "$expected_records" ]; then
    die "$SMOKE_TOPIC read back $distinct distinct records, expected 1..$expected_records"
  fi
  say "  $SMOKE_TOPIC: $offsets records, 1..$expected_records each exactly once"
  offsets=$(end_offsets events.raw)
  [ "$offsets" = "$EXPECTED_EVENTS" ] || die "events.raw holds $offsets records, expected $EXPECTED_EVENTS"
  say "  events.raw: $offsets records (every 202 written once)"
  if ! (wait_until 180 "window counts and alerts complete in Postgres" pipeline_caught_up) 2> /dev/null 3> /dev/null; then
    die "Postgres has (window count sum, this run's alerts) = ($(pipeline_totals | paste -sd,)), expected ($EXPECTED_EVENTS,$EXPECTED_ALERTS) after 180 s"
  fi
  say "  Postgres: window_counts sum $EXPECTED_EVENTS, $EXPECTED_ALERTS alerts carrying this run's high-value eventIds"
  local alerts_total rules
  alerts_total=$(psql_value "SELECT count(*) FROM alerts" | tr -d ' ')
  rules=$(psql_value "SELECT string_agg(DISTINCT rule, ',') FROM alerts" | tr -d ' ')
  if [ "$alerts_total" != "$EXPECTED_ALERTS" ] || [ "$rules" != high-value-transaction ]; then
    die "the alerts table has $alerts_total rows (rules: $rules), expected $EXPECTED_ALERTS high-value-transaction alerts"
  fi
  say "  alerts table: $alerts_total rows, all high-value-transaction: one per high-value event"
  say "  nothing lost, nothing doubled across the broker stop"
  phase "counts exact"
}

main "$@"
