#!/usr/bin/env bash
# One user floods the API for 10 s at 8 connections, with the per-user limits at their defaults: how many calls
# get through (201) and how many are refused (429), for note creates and for session exchanges.
# Usage: bench/flood.sh   (about 2 minutes; results in bench/results/)
source "$(dirname "$0")/lib.sh"
trap stop_service EXIT
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
build
start_postgres
start_service SESSIONS_PER_MINUTE=10 NOTES_WRITES_PER_MINUTE=30 NOTES_MAX_PER_USER=100000 NOTES_MAX_BYTES_PER_USER=100MB
seed_bench_users
stamp=$(date -u +%Y%m%dT%H%M%SZ)
scripts="$BENCH_DIR/results/wrk-$stamp"
java -cp "$CLASSPATH_TEST" "$BENCH_DIR/NotesBench.java" "$scripts"
for kind in notes session; do
  path=$([ "$kind" = notes ] && echo /api/telegram/notes || echo /api/telegram/session)
  # users[1] only: one person, flooding.
  sed -n '/^local users/,/^}/p' "$scripts/notes-create.lua" > "$scripts/flood-$kind.lua"
  cat >> "$scripts/flood-$kind.lua" <<LUA
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) created = 0; limited = 0; other = 0 end
function request()
  return wrk.format("POST", "$path", {["Content-Type"] = "application/json",
    ["X-Session-Token"] = users[1][1], ["Authorization"] = users[1][2]}, '{"text":"flood"}')
end
function response(status, headers, body)
  if status == 201 then created = created + 1 elseif status == 429 then limited = limited + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local c, l, o = 0, 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); l = l + t:get("limited"); o = o + t:get("other") end
  io.write(string.format('{"created":%d,"refused_429":%d,"other":%d,"per_s":%.1f,"p99_ms":%.2f}\n',
    c, l, o, summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
LUA
  result=$(wrk -t1 -c8 -d"${SECONDS_PER_RUN}s" -s "$scripts/flood-$kind.lua" "http://127.0.0.1:$SERVICE_PORT" | tail -n 1)
  echo "  $kind flood, one user, 8 connections, ${SECONDS_PER_RUN} s: $result"
  echo "{\"date\":\"$stamp\",\"machine\":\"$(machine)\",\"kind\":\"$kind\",\"result\":$result}" >> "$BENCH_DIR/results/flood-$stamp.json"
done
notes=$(su postgres -c "psql -At -p $PG_PORT -d $DB_NAME -c 'SELECT count(*) FROM note'")
echo "  notes stored: $notes"
echo "Machine: $(machine)"
echo "Results: bench/results/flood-$stamp.json"
