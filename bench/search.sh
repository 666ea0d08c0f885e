#!/usr/bin/env bash
# Search at scale (issue 16): a table of 5,000,000 notes of generated Russian and English text, one heavy user with
# 50,000 of them, and the service's search query (NoteSearch, exactly as it runs) timed with pgbench for that user:
# whole words, and the prefix of a word being typed. The schema comes from db/migration applied with psql, as a DBA
# would. Results: p50/p99/max from pgbench's per-query log.
# Usage: bench/search.sh   (about 20 minutes on 2 cores; results in bench/results/search-<stamp>.txt)
source "$(dirname "$0")/lib.sh"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$BENCH_DIR/results/search-$stamp.txt"
mkdir -p "$BENCH_DIR/results"
# Concurrent searches (CLIENTS=1 times one search at a time, without queueing on the 2 cores).
CLIENTS=${CLIENTS:-4}
psql_bench() { su postgres -c "psql -q -v ON_ERROR_STOP=1 -p $PG_PORT -d $DB_NAME $*"; }
if [ "${REUSE_DATA:-}" = 1 ]; then
  # The database a previous run loaded, searched again (REUSE_DATA=1 bench/search.sh).
  pg_ctlcluster "$(pg_lsclusters -h | head -n 1 | awk '{print $1}')" main start 2>/dev/null || true
  PG_PORT=$(pg_lsclusters -h | head -n 1 | awk '{print $3}')
  PG_VERSION=$(pg_lsclusters -h | head -n 1 | awk '{print $1}')
else
start_postgres
for migration in $(ls "$ROOT"/db/migration/V*.sql | sort -V); do
  cp "$migration" /tmp/bench-migration.sql && chmod 644 /tmp/bench-migration.sql
  # One transaction per migration, as Flyway runs them.
  psql_bench "-1 -f /tmp/bench-migration.sql" >/dev/null
done
cp "$BENCH_DIR/pgbench/search-data.sql" /tmp/bench-search-data.sql && chmod 644 /tmp/bench-search-data.sql
started=$(date +%s)
psql_bench "-f /tmp/bench-search-data.sql"
echo "data and index: $(( $(date +%s) - started )) s" | tee "$out"
fi
psql_bench "-At -c \"SELECT 'notes: ' || count(*) || ', heavy user: ' || count(*) FILTER (WHERE user_id = 1) FROM note\"" | tee -a "$out"
psql_bench "-At -c \"SELECT 'table: ' || pg_size_pretty(pg_table_size('note')) || ', search index: ' || pg_size_pretty(pg_relation_size('note_search_idx')) || ', owned words index: ' || pg_size_pretty(pg_relation_size('note_owned_words_idx'))\"" | tee -a "$out"
# A server that has been answering its users has their pages in memory; a freshly loaded table is on disk (about
# 60 MB/s here), which would time the disk instead. pg_prewarm (contrib) reads the table and both indexes into the
# OS cache first.
psql_bench "-c \"CREATE EXTENSION IF NOT EXISTS pg_prewarm\"" >/dev/null
psql_bench "-At -c \"SELECT 'prewarmed blocks: ' || pg_prewarm('note', 'read') + pg_prewarm('note_search_idx', 'read') + pg_prewarm('note_owned_words_idx', 'read') + pg_prewarm('note_user_entry_date_idx', 'read')\"" | tee -a "$out"
# search-prefix-v10 is the design before V12, timed in the same run on the same data to compare.
for script in search-words search-prefix-v10 search-prefix search-word-and-prefix; do
  cp "$BENCH_DIR/pgbench/$script.sql" /tmp/bench-$script.sql && chmod 644 /tmp/bench-$script.sql
  rm -rf /tmp/bench-log && mkdir -p /tmp/bench-log && chmod 777 /tmp/bench-log
  # The service's connections run with jit off (application.yml), and so do these.
  # 10 s unrecorded first, so that each script times a server that has been answering it.
  su postgres -c "cd /tmp && PGOPTIONS='-c jit=off' pgbench -n -M prepared -c $CLIENTS -j $(( CLIENTS < 2 ? 1 : 2 )) -T 10 -p $PG_PORT -f /tmp/bench-$script.sql $DB_NAME" >/dev/null 2>&1
  su postgres -c "cd /tmp/bench-log && PGOPTIONS='-c jit=off' pgbench -n -M prepared -c $CLIENTS -j $(( CLIENTS < 2 ? 1 : 2 )) -T 30 -p $PG_PORT -f /tmp/bench-$script.sql -l $DB_NAME" \
    | grep -E 'number of transactions actually processed|latency average|tps' | tee -a "$out"
  cat /tmp/bench-log/pgbench_log.* | awk '{print $3}' | sort -n | awk -v name="$script" \
    '{a[NR]=$1} END {printf "%s: %d queries, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", name, NR, a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000, a[NR]/1000}' \
    | tee -a "$out"
done
echo "machine: $(nproc) cores, PostgreSQL $PG_VERSION, shared_buffers $(psql_bench "-At -c 'SHOW shared_buffers'"), $CLIENTS clients" | tee -a "$out"
