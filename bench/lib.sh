#!/usr/bin/env bash
# Shared by the bench scripts: build once, a local PostgreSQL, the packaged service on loopback. The per-user limits
# are raised out of the way (a benchmark drives a few users far harder than any person); bench/flood.sh measures
# them at their defaults.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
SERVICE_PORT=18080
MANAGEMENT_PORT=18081
FAKE_PORT=18089
DB_NAME=diary_bench
export BENCH_BOT_TOKEN="123456789:bench-token_0123456789"
export BENCH_WEBHOOK_SECRET="bench-webhook-secret_0123456789abcdefXYZ"
# The production image runs Temurin 25 (Dockerfile), so the service is measured on a Java 25 when the machine has
# one (SERVICE_JAVA overrides); otherwise on the java in PATH.
SERVICE_JAVA=${SERVICE_JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1 || true)}
SERVICE_JAVA=${SERVICE_JAVA:-java}

build() {
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package && ./mvnw -q -B dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
  JAR=$(ls "$ROOT"/target/speaking-diary-backend-*.jar | grep -v original | head -n 1)
  CLASSPATH_TEST="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")"
}

# The machine's PostgreSQL (Debian's package; installed if missing), on loopback.
start_postgres() {
  if ! command -v pg_lsclusters >/dev/null; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; fi
  local cluster version
  cluster=$(pg_lsclusters -h | head -n 1)
  version=$(echo "$cluster" | awk '{print $1}')
  pg_ctlcluster "$version" main start 2>/dev/null || true
  PG_PORT=$(pg_lsclusters -h | head -n 1 | awk '{print $3}')
  PG_VERSION=$version
  su postgres -c "psql -q -p $PG_PORT -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  su postgres -c "psql -q -p $PG_PORT -c 'DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)'" >/dev/null
  su postgres -c "psql -q -p $PG_PORT -c 'CREATE DATABASE $DB_NAME'" >/dev/null
}

start_service() {
  local log="$BENCH_DIR/results/service.log"
  if curl -fsS -o /dev/null "http://127.0.0.1:$SERVICE_PORT/" 2>/dev/null || \
     (exec 3<>/dev/tcp/127.0.0.1/$SERVICE_PORT) 2>/dev/null; then
    echo "Port $SERVICE_PORT is already in use: stop whatever listens there first" >&2
    return 1
  fi
  mkdir -p "$BENCH_DIR/results"
  env TELEGRAM_BOT_TOKEN="$BENCH_BOT_TOKEN" TELEGRAM_WEBHOOK_SECRET="$BENCH_WEBHOOK_SECRET" \
    PUBLIC_WEBAPP_URL=https://diary.example.org/ TELEGRAM_API_URL="http://127.0.0.1:$FAKE_PORT" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=postgres SERVER_PORT=$SERVICE_PORT MANAGEMENT_SERVER_PORT=$MANAGEMENT_PORT \
    SESSIONS_PER_MINUTE=${BENCH_SESSIONS_PER_MINUTE:-10000} NOTES_WRITES_PER_MINUTE=${BENCH_NOTE_WRITES_PER_MINUTE:-100000} \
    NOTES_MAX_PER_USER=${BENCH_NOTES_MAX_PER_USER:-2000000000} NOTES_MAX_BYTES_PER_USER=${BENCH_NOTES_MAX_BYTES:-1TB} \
    "$@" "$SERVICE_JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$log" 2>&1 &
  SERVICE_PID=$!
  local started=$(date +%s%N)
  for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$SERVICE_PORT/api/telegram/health" >/dev/null 2>&1; then
      STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
      return 0
    fi
    sleep 0.1
  done
  echo "The service did not become healthy; see $log" >&2
  return 1
}

start_fake() {
  java -cp "$CLASSPATH_TEST" "$BENCH_DIR/FakeBotApiServer.java" "$FAKE_PORT" "$BENCH_BOT_TOKEN" \
    >"$BENCH_DIR/results/fake.log" 2>&1 &
  FAKE_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$FAKE_PORT/recorded" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "The fake Bot API did not start; see $BENCH_DIR/results/fake.log" >&2
  return 1
}

stop_fake() {
  if [ -n "${FAKE_PID:-}" ]; then kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; fi
  FAKE_PID=
}

stop_service() {
  if [ -n "${SERVICE_PID:-}" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  SERVICE_PID=
}

# 64 bench users (ids 1000001-1000064) with the session tokens bench/NotesBench.java writes into its wrk scripts.
seed_bench_users() {
  su postgres -c "psql -q -p $PG_PORT -d $DB_NAME -c \"INSERT INTO telegram_user (id, first_name) SELECT 1000000 + g, 'Bench' FROM generate_series(1, 64) g\""
  su postgres -c "psql -q -p $PG_PORT -d $DB_NAME -c \"INSERT INTO user_session (token_sha256, user_id) SELECT sha256(convert_to('benchtoken' || lpad(g::text, 33, '0'), 'UTF8')), 1000000 + g FROM generate_series(1, 64) g\""
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, service on $("$SERVICE_JAVA" -version 2>&1 | head -n 1), PostgreSQL ${PG_VERSION:-?}"
}
