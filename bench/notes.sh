#!/usr/bin/env bash
# Notes API under 1, 8 and 64 concurrent connections over HTTP (wrk), each run followed by pgbench running the same
# SQL on the same database with as many clients: the ratio is how much of the database's own rate the service
# delivers.
# Usage: bench/notes.sh   (about 5 minutes; results in bench/results/)
source "$(dirname "$0")/lib.sh"
trap stop_service EXIT
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
build
start_postgres
start_service
seed_bench_users
stamp=$(date -u +%Y%m%dT%H%M%SZ)
scripts="$BENCH_DIR/results/wrk-$stamp"
java -cp "$CLASSPATH_TEST" "$BENCH_DIR/NotesBench.java" "$scripts"
url="http://127.0.0.1:$SERVICE_PORT"
# The JIT compiles the service's hot paths first: on two cores it takes a good minute before the figures settle
# (create at one connection: about 130/s in the first 8 s, over 1,000/s after a minute). The warm-up runs each
# kind at one and at eight connections: warmed at eight only, lists at one connection once stayed near 400/s.
for round in 1 2; do
  for kind in create list; do
    wrk -t1 -c1 -d"$(( WARMUP_SECONDS / 2 ))s" -s "$scripts/notes-$kind.lua" "$url" >/dev/null
    wrk -t2 -c8 -d"$(( WARMUP_SECONDS / 2 ))s" -s "$scripts/notes-$kind.lua" "$url" >/dev/null
  done
done
# Each service run is followed at once by pgbench's run of the same SQL with as many clients, the service idle
# meanwhile: this machine's speed drifts by a quarter within minutes (docs/benchmarks.md), so the two figures of a
# ratio are taken side by side, on the same table, rather than minutes apart.
declare -A http
declare -A pg
for c in 1 8 64; do
  t=$(( c < 2 ? 1 : 2 ))
  for kind in create list; do
    http[${kind}_c$c]=$(wrk -t$t -c$c -d"${SECONDS_PER_RUN}s" -s "$scripts/notes-$kind.lua" "$url" | tail -n 1)
    echo "  service ${kind}_c$c: ${http[${kind}_c$c]}"
    pg[${kind}_c$c]=$(su postgres -c "pgbench -n -M prepared -p $PG_PORT -c $c -j $t -T $SECONDS_PER_RUN \
      -f $BENCH_DIR/pgbench/$kind.sql $DB_NAME" 2>/dev/null | awk '/^tps/ {printf "%.1f", $3}')
    echo "  pgbench ${kind}_c$c: ${pg[${kind}_c$c]} tps"
  done
done
rss_mib=$(( $(ps -o rss= -p "$SERVICE_PID") / 1024 ))
echo "  service resident memory after the runs: ${rss_mib} MiB; startup to a healthy health endpoint: ${STARTUP_MS} ms"
stop_service
json="{\"date\":\"$stamp\",\"machine\":\"$(machine)\",\"seconds_per_run\":$SECONDS_PER_RUN,\"rss_mib\":$rss_mib,\"startup_ms\":$STARTUP_MS"
table="| Run | Service over HTTP | p50 / p99 | pgbench | Service / pgbench |\n| --- | --- | --- | --- | --- |\n"
for c in 1 8 64; do
  for kind in create list; do
    key=${kind}_c$c
    json+=",\"$key\":{\"service\":${http[$key]},\"pgbench_tps\":${pg[$key]}}"
    table+=$(echo "${http[$key]}" | awk -v name="$kind, $c" -v tps="${pg[$key]}" -F'[:,}]' \
      '{printf "| %s | %s/s, %s errors | %s / %s ms | %s tps | %d%% |\\n", name, $2, $4, $6, $8, tps, 100 * $2 / tps}')
  done
done
echo "$json}" > "$BENCH_DIR/results/notes-$stamp.json"
printf "%b" "$table" | tee "$BENCH_DIR/results/notes-$stamp.md"
echo "Machine: $(machine)"
echo "Results: bench/results/notes-$stamp.json"
