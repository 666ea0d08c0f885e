#!/usr/bin/env bash
# Fault suite with pass/fail verdicts: PostgreSQL restarted under load, Bot API faults, kill -9 with undelivered
# messages, two instances on one database. The packaged service runs as real processes against the machine's
# PostgreSQL; the fake Bot API runs inside bench/FaultSuite.java.
# Usage: bench/faults.sh   (about 4 minutes; exit status 0 only if every scenario passed)
source "$(dirname "$0")/lib.sh"
DB_NAME=diary_faults
build
start_postgres
stamp=$(date -u +%Y%m%dT%H%M%SZ)
cd "$ROOT"
set +e
java -cp "$CLASSPATH_TEST" "$BENCH_DIR/FaultSuite.java" "$JAR" "jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME" \
  postgres postgres "$BENCH_DIR/results/faults-$stamp.json" \
  "pg_ctlcluster $PG_VERSION main stop -m fast" "pg_ctlcluster $PG_VERSION main start"
status=$?
set -e
pg_ctlcluster "$PG_VERSION" main start 2>/dev/null || true
echo "Machine: $(machine)"
echo "Results: bench/results/faults-$stamp.json"
exit $status
