#!/usr/bin/env bash
# Notes API under 1, 8 and 64 concurrent users over HTTP, beside pgbench running the same SQL on the same
# database for as long: the ratio is how much of the database's own rate the service delivers.
# Usage: bench/notes.sh   (about 3 minutes; results in bench/results/)
source "$(dirname "$0")/lib.sh"
trap stop_service EXIT
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
build
start_postgres
start_service
psql_bench() { su postgres -c "psql -q -p $PG_PORT -d $DB_NAME $*"; }
psql_bench "-c \"INSERT INTO telegram_user (id, first_name) SELECT 1000000 + g, 'Bench' FROM generate_series(1, 64) g\""
psql_bench "-c \"INSERT INTO user_session (token_sha256, user_id) SELECT sha256(convert_to('benchtoken' || lpad(g::text, 33, '0'), 'UTF8')), 1000000 + g FROM generate_series(1, 64) g\""
stamp=$(date -u +%Y%m%dT%H%M%SZ)
java -cp "$CLASSPATH_TEST" "$BENCH_DIR/NotesBench.java" "http://127.0.0.1:$SERVICE_PORT" "$SECONDS_PER_RUN" \
  "$BENCH_DIR/results/notes-http-$stamp.json"
stop_service
echo "pgbench, same SQL, same database (prepared statements):"
for c in 1 8 64; do
  j=$(( c < 2 ? 1 : 2 ))
  for kind in create list; do
    tps=$(su postgres -c "pgbench -n -M prepared -p $PG_PORT -c $c -j $j -T $SECONDS_PER_RUN -f $BENCH_DIR/pgbench/$kind.sql $DB_NAME" \
      2>/dev/null | awk '/^tps/ {print $3}')
    echo "  ${kind}_c$c: $tps tps"
  done
done | tee "$BENCH_DIR/results/notes-pgbench-$stamp.txt"
echo "Machine: $(machine)"
