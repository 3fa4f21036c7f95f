#!/usr/bin/env bash
# Starts the built gateway in the background: pid in ./data/switchyard.pid, log in ./data/switchyard.log.
set -euo pipefail
cd "$(dirname "$0")"

# The gateway reads .env itself, without overriding what the environment already sets; the port,
# address and data folder it will use are read here the same way, so the wait below asks the right one.
# As Node's .env reader has it: a quoted value is what its quotes hold, an unquoted one ends at `#`.
from_env_file() {
  [ -f .env ] || return 0
  sed -E -n "s/^[[:space:]]*(export[[:space:]]+)?$1[[:space:]]*=[[:space:]]*//p" .env | tail -n 1 |
    sed -E -e 's/^"([^"]*)".*$/\1/' -e t -e "s/^'([^']*)'.*\$/\1/" -e t -e 's/#.*$//' -e 's/[[:space:]]*$//'
}
DATA_DIR="${DATA_DIR:-$(from_env_file DATA_DIR)}"
DATA_DIR="${DATA_DIR:-./data}"
PORT="${CLAUDE_PROXY_PORT:-$(from_env_file CLAUDE_PROXY_PORT)}"
PORT="${PORT:-3100}"
HOST_SET="${HOST:-$(from_env_file HOST)}"
case "$HOST_SET" in
  "" | 0.0.0.0 | :: | "[::]") ASK_HOST=127.0.0.1 ;;
  \[*) ASK_HOST="$HOST_SET" ;;
  *:*) ASK_HOST="[$HOST_SET]" ;;
  *) ASK_HOST="$HOST_SET" ;;
esac
PID_FILE="$DATA_DIR/switchyard.pid"
LOG_FILE="$DATA_DIR/switchyard.log"
# Its owner's only: the request log may hold prompts and answers (LOG_BODIES=true).
mkdir -p -m 700 "$DATA_DIR"

# A pid file left by a gateway that is gone may name a process that reused the number since.
# Its command line from /proc where there is one (slim images have no ps), else from ps (macOS, BSD).
is_gateway() {
  if [ -r "/proc/$1/cmdline" ]; then tr '\0' ' ' <"/proc/$1/cmdline"; else ps -p "$1" -o command= 2>/dev/null; fi |
    grep -q 'dist/main\.js'
}

if [ -f "$PID_FILE" ] && is_gateway "$(cat "$PID_FILE")"; then
  echo "Switchyard is already running (pid $(cat "$PID_FILE"))."
  exit 0
fi
[ -d node_modules ] || npm install --no-audit --no-fund
# Built again when the sources changed since (after a git pull, say).
if [ ! -f dist/main.js ] || { [ -d src ] && [ -n "$(find src admin-ui/src -newer dist/main.js -print -quit 2>/dev/null)" ]; }; then
  npm run build
fi

nohup node --max-semi-space-size=4 --max-old-space-size=1024 --heap-growing-percent=40 dist/main.js >>"$LOG_FILE" 2>&1 &
echo $! >"$PID_FILE"

for _ in $(seq 1 300); do
  if curl -fsS "http://$ASK_HOST:$PORT/health/live" >/dev/null 2>&1; then
    echo "Switchyard is up on http://$ASK_HOST:$PORT (pid $(cat "$PID_FILE"), log $LOG_FILE)."
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
echo "Switchyard did not answer on http://$ASK_HOST:$PORT within 30 s; see $LOG_FILE." >&2
exit 1
