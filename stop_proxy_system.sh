#!/usr/bin/env bash
# Stops the gateway started by start_proxy_system.sh (SIGTERM, then SIGKILL after 10 s).
set -euo pipefail
cd "$(dirname "$0")"

# The data folder as the gateway reads it: the environment first, then .env.
# As Node's .env reader has it: a quoted value is what its quotes hold, an unquoted one ends at `#`.
from_env_file() {
  [ -f .env ] || return 0
  sed -E -n "s/^[[:space:]]*(export[[:space:]]+)?$1[[:space:]]*=[[:space:]]*//p" .env | tail -n 1 |
    sed -E -e 's/^"([^"]*)".*$/\1/' -e t -e "s/^'([^']*)'.*\$/\1/" -e t -e 's/#.*$//' -e 's/[[:space:]]*$//'
}
DATA_DIR="${DATA_DIR:-$(from_env_file DATA_DIR)}"
PID_FILE="${DATA_DIR:-./data}/switchyard.pid"

if [ ! -f "$PID_FILE" ]; then
  echo "Switchyard is not running (no $PID_FILE)."
  exit 0
fi
PID="$(cat "$PID_FILE")"
# Only a process running the gateway is signalled: the pid may have been reused since it stopped.
# Its command line from /proc where there is one (slim images have no ps), else from ps (macOS, BSD).
is_gateway() {
  if [ -r "/proc/$1/cmdline" ]; then tr '\0' ' ' <"/proc/$1/cmdline"; else ps -p "$1" -o command= 2>/dev/null; fi |
    grep -q 'dist/main\.js'
}
if is_gateway "$PID"; then
  kill -TERM "$PID"
  for _ in $(seq 1 100); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$PID" 2>/dev/null; then
    echo "Switchyard (pid $PID) did not stop in 10 s; killing it."
    kill -KILL "$PID"
  fi
  echo "Switchyard stopped (pid $PID)."
else
  echo "Switchyard was not running (stale pid $PID)."
fi
rm -f "$PID_FILE"
