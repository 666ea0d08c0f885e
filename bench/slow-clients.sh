#!/usr/bin/env bash
# 1,000 idle connections and 100 webhook calls whose body stops after a few bytes, against the packaged service
# with its default timeouts (60 s idle, 10 s between body reads, 30 s a request): when does the service close them?
# Usage: bench/slow-clients.sh   (about 2 minutes; prints the close times' min, median and max)
source "$(dirname "$0")/lib.sh"
trap stop_service EXIT
build
start_postgres
start_service
python3 - "$SERVICE_PORT" "$BENCH_WEBHOOK_SECRET" <<'PY'
import socket, statistics, sys, time, selectors
port = int(sys.argv[1])
secret = sys.argv[2].encode()
sel = selectors.DefaultSelector()
opened = time.monotonic()
def connect(kind, payload=b""):
    s = socket.create_connection(("127.0.0.1", port))
    if payload:
        s.sendall(payload)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, kind)
for _ in range(1000):
    connect("idle")
# The webhook with its secret: a request whose body the service reads (a refused one is answered at once, and its
# connection then counts as idle).
slow = (b"POST /api/telegram/webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        b"X-Telegram-Bot-Api-Secret-Token: " + secret + b"\r\nContent-Length: 1000\r\n\r\n{\"upd")
for _ in range(100):
    connect("slow body", slow)
closed = {"idle": [], "slow body": []}
open_left = 1100
deadline = opened + 120
while open_left and time.monotonic() < deadline:
    for key, _ in sel.select(timeout=1):
        try:
            data = key.fileobj.recv(65536)
        except ConnectionError:
            data = b""
        if not data:
            closed[key.data].append(time.monotonic() - opened)
            sel.unregister(key.fileobj)
            key.fileobj.close()
            open_left -= 1
for kind, times in closed.items():
    if times:
        print(f"  {kind}: {len(times)} closed by the service, after {min(times):.1f} / {statistics.median(times):.1f} / {max(times):.1f} s (min / median / max)")
print(f"  still open after 120 s: {open_left}")
PY
echo "Machine: $(machine)"
