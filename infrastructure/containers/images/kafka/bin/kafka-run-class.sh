#!/bin/sh
# The Maven jars carry no scripts: this stands in for Kafka's own kafka-run-class.sh, enough for the
# tools below. A tool JVM inherits KAFKA_HEAP_OPTS like upstream; set it small for health checks.
# KAFKA_HEAP_OPTS holds several options: split on purpose.
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} -Djava.awt.headless=true \
  -Dlog4j.configuration=file:/opt/kafka/config/tools-log4j.properties \
  -cp '/opt/kafka/libs/*' "$@"
