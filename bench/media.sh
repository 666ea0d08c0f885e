#!/usr/bin/env bash
# Chat media under load (bench/MediaBench.java): a burst of 500 voice messages, all stored and transcribed once
# against the fake speech-to-text server; then 20 concurrent range reads of a 20 MB file with the service's heap
# sampled. The service runs with a 256 MB heap (MEDIA_BENCH_HEAP): buffering whole files would not fit 20 of them.
# Usage: bench/media.sh   (about 3 minutes; results in bench/results/media-<stamp>.json)
source "$(dirname "$0")/lib.sh"
trap 'stop_service; [ -n "${BENCH_PID:-}" ] && kill "$BENCH_PID" 2>/dev/null; true' EXIT
STT_PORT=18090
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH_DIR/results"
out="$BENCH_DIR/results/media-$stamp.json"
rm -f "$BENCH_DIR/results/fakes-ready"

build
start_postgres
java -cp "$CLASSPATH_TEST" "$BENCH_DIR/MediaBench.java" "http://127.0.0.1:$SERVICE_PORT" \
  "http://127.0.0.1:$MANAGEMENT_PORT" "jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME" "$FAKE_PORT" "$STT_PORT" "$out" \
  >"$BENCH_DIR/results/media-bench.log" 2>&1 &
BENCH_PID=$!
for _ in $(seq 1 100); do [ -f "$BENCH_DIR/results/fakes-ready" ] && break; sleep 0.1; done
BENCH_JAVA_OPTS="-Xmx${MEDIA_BENCH_HEAP:-256m}" start_service OUTBOX_MESSAGES_PER_SECOND=1000 \
  STT_URL="http://127.0.0.1:$STT_PORT/v1/audio/transcriptions" JOBS_POLL_INTERVAL=200ms
wait "$BENCH_PID" || { echo "MediaBench failed; see $BENCH_DIR/results/media-bench.log" >&2; exit 1; }
BENCH_PID=
echo "machine: $(machine), heap -Xmx${MEDIA_BENCH_HEAP:-256m}" | tee -a "$BENCH_DIR/results/media-$stamp.txt"
cat "$out"
