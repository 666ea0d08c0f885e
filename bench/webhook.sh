#!/usr/bin/env bash
# Webhook benchmark: /start updates per second from distinct users at 100, 300 and 500/s and at saturation,
# acknowledgement-to-sendMessage delay, and the sender's pace against a fake Bot API that enforces Telegram's limits.
# Usage: bench/webhook.sh   (about 2 minutes; results in bench/results/)
source "$(dirname "$0")/lib.sh"
trap 'stop_service; stop_fake' EXIT
build
start_postgres
stamp=$(date -u +%Y%m%dT%H%M%SZ)
start_fake

# Latency with no send limit in the way (the sender may go as fast as the fake answers).
start_service OUTBOX_MESSAGES_PER_SECOND=1000
java -cp "$CLASSPATH_TEST" "$BENCH_DIR/WebhookBench.java" latency "http://127.0.0.1:$SERVICE_PORT" "$FAKE_PORT" \
  "$BENCH_DIR/results/webhook-latency-$stamp.json"
stop_service

# The sender at Telegram's default pace, against a fake that answers 429 past 30/s or 1/s per chat.
start_postgres
curl -fsS -X POST "http://127.0.0.1:$FAKE_PORT/control/reset" >/dev/null
start_service
java -cp "$CLASSPATH_TEST" "$BENCH_DIR/WebhookBench.java" sender "http://127.0.0.1:$SERVICE_PORT" "$FAKE_PORT" \
  "$BENCH_DIR/results/webhook-sender-$stamp.json"
stop_service
echo "Startup to a healthy /api/telegram/health: ${STARTUP_MS} ms"
echo "Machine: $(machine)"
echo "Results: bench/results/webhook-*-$stamp.json"
