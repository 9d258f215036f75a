#!/usr/bin/env bash
# The main job: real Kafka, Redis and Postgres up, the four services up, a demo stream of events
# through the HTTP API, and a summary of what came out. Run it from anywhere.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

say "starting Kafka (local launcher), checking Redis and Postgres, applying migrations"
node infrastructure/local/dist/cli.js up
say "running the demo"
node e2e/dist/demo/main.js "$@"
