#!/usr/bin/env bash
# Starts the built gateway in the background: pid in ./data/switchyard.pid, log in ./data/switchyard.log.
set -euo pipefail
cd "$(dirname "$0")"
DATA_DIR="${DATA_DIR:-./data}"
PID_FILE="$DATA_DIR/switchyard.pid"
LOG_FILE="$DATA_DIR/switchyard.log"
mkdir -p "$DATA_DIR"

if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "Switchyard is already running (pid $(cat "$PID_FILE"))."
  exit 0
fi
[ -d node_modules ] || npm install --no-audit --no-fund
[ -f dist/main.js ] || npm run build

nohup node --max-semi-space-size=4 --max-old-space-size=1024 --heap-growing-percent=40 dist/main.js >>"$LOG_FILE" 2>&1 &
echo $! >"$PID_FILE"

PORT="${CLAUDE_PROXY_PORT:-3100}"
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1; then
    echo "Switchyard is up on http://127.0.0.1:$PORT (pid $(cat "$PID_FILE"), log $LOG_FILE)."
    exit 0
  fi
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "Switchyard exited during start-up; the end of $LOG_FILE:" >&2
    tail -n 20 "$LOG_FILE" >&2
    rm -f "$PID_FILE"
    exit 1
  fi
  sleep 0.1
done
echo "Switchyard did not answer on port $PORT within 10 s; see $LOG_FILE." >&2
exit 1
