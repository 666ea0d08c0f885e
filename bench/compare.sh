#!/usr/bin/env bash
# Two builds side by side in one run: the webhook (/start at 100, 300 and 500/s and at saturation, WebhookBench
# latency) and the notes API (create and list at 1, 8 and 64 connections, wrk). Each build is measured twice, in the
# order base, current, current, base, so that the machine's drift over the run falls on both alike.
# Usage: bench/compare.sh BASE_REF   (about 25 minutes; results in bench/results/compare-<stamp>/)
source "$(dirname "$0")/lib.sh"
trap 'stop_service; stop_fake' EXIT
BASE_REF=${1:?Usage: bench/compare.sh BASE_REF (a commit, tag or branch to compare the working tree with)}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$BENCH_DIR/results/compare-$stamp"
mkdir -p "$out"

build
cp "$JAR" "$out/current.jar"
base_tree=$(mktemp -d)/base
git -C "$ROOT" worktree add -q --detach "$base_tree" "$BASE_REF"
# maven.test.skip: the base is built as the Docker image builds it, without tests or checks.
(cd "$base_tree" && ./mvnw -q -B -Dmaven.test.skip=true package)
cp "$(ls "$base_tree"/target/speaking-diary-backend-*.jar | grep -v original | head -n 1)" "$out/base.jar"
git -C "$ROOT" worktree remove --force "$base_tree"
echo "base: $BASE_REF ($(git -C "$ROOT" rev-parse --short "$BASE_REF")); current: the working tree at $(git -C "$ROOT" rev-parse --short HEAD)" | tee "$out/builds.txt"

start_postgres
start_fake
scripts="$out/wrk"
java -cp "$CLASSPATH_TEST" "$BENCH_DIR/NotesBench.java" "$scripts"
url="http://127.0.0.1:$SERVICE_PORT"
run=0
for build_name in base current current base; do
  run=$((run + 1))
  JAR="$out/$build_name.jar"
  echo "== run $run: $build_name"
  start_postgres
  curl -fsS -X POST "http://127.0.0.1:$FAKE_PORT/control/reset" >/dev/null
  start_service OUTBOX_MESSAGES_PER_SECOND=1000
  java -cp "$CLASSPATH_TEST" "$BENCH_DIR/WebhookBench.java" latency "$url" "$FAKE_PORT" "$out/webhook-$run-$build_name.json"
  # The saturation phase leaves replies waiting; the notes runs start once the sender has sent them, so that they
  # do not share the machine with it.
  for _ in $(seq 1 300); do
    open=$(su postgres -c "psql -At -p $PG_PORT -d $DB_NAME -c \"SELECT count(*) FROM bot_outbox WHERE status IN ('PENDING', 'SENDING')\"")
    [ "$open" = "0" ] && break
    sleep 1
  done
  echo "  outbox drained ($open open)"
  seed_bench_users
  for kind in create list; do
    wrk -t1 -c1 -d10s -s "$scripts/notes-$kind.lua" "$url" >/dev/null
    wrk -t2 -c8 -d10s -s "$scripts/notes-$kind.lua" "$url" >/dev/null
  done
  notes="{\"build\":\"$build_name\""
  for c in 1 8 64; do
    t=$(( c < 2 ? 1 : 2 ))
    for kind in create list; do
      line=$(wrk -t$t -c$c -d10s -s "$scripts/notes-$kind.lua" "$url" | tail -n 1)
      echo "  notes ${kind}_c$c: $line"
      notes+=",\"${kind}_c$c\":$line"
    done
  done
  echo "$notes}" > "$out/notes-$run-$build_name.json"
  stop_service
done

# One line per build and figure: the mean of its two runs.
{
  echo "| Figure | base | current | current / base |"
  echo "| --- | --- | --- | --- |"
  figure() {
    local name=$1 filter=$2 files=$3
    local b c
    b=$(jq -s "map($filter) | add / length" $out/$files-*-base.json)
    c=$(jq -s "map($filter) | add / length" $out/$files-*-current.json)
    printf "| %s | %.1f | %.1f | %.2f |\n" "$name" "$b" "$c" "$(echo "$c / $b" | bc -l)"
  }
  for i in 0 1 2; do
    figure "webhook p99 at $(jq ".fixed_rates[$i].target_rate_per_s" "$out/webhook-1-base.json")/s (ms)" \
      ".fixed_rates[$i].latency_ms.p99" webhook
  done
  figure "webhook saturation (/start/s)" ".saturation.throughput_per_s" webhook
  figure "webhook p99 at saturation (ms)" ".saturation.latency_ms.p99" webhook
  for c in 1 8 64; do
    for kind in create list; do
      figure "notes $kind, $c connections (/s)" ".${kind}_c$c.per_s" notes
      figure "notes $kind, $c connections, p99 (ms)" ".${kind}_c$c.p99_ms" notes
    done
  done
} | tee "$out/summary.md"
echo "Machine: $(machine)" | tee -a "$out/summary.md"
rm -f "$out"/*.jar
echo "Results: $out"
