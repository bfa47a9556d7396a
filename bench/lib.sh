# Shared by the bench scripts (sourced, not run): a temporary folder, every
# process the script starts stopped on exit however it exits, free ports on
# 127.0.0.1, and waiting for a URL to answer. The sourcing script sets
# BENCH_NAME first, and keeps the pids of what it starts in SERVER_PID,
# NGINX_PID, NODE_PID or WRK_PID (empty when none).
# shellcheck shell=bash

die() { echo "$BENCH_NAME: $*" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-$BENCH_NAME.XXXXXX")
SERVER_PID=
NGINX_PID=
NODE_PID=
WRK_PID=

# Stops a process we started: SIGTERM, then SIGKILL after 5 s.
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$?
  stop_pid "$WRK_PID"
  stop_pid "$NODE_PID"
  stop_pid "$NGINX_PID"
  stop_pid "$SERVER_PID"
  if [ "$rc" -ne 0 ] && [ -s "$TMP/serve.log" ]; then
    echo "$BENCH_NAME: last lines of the server log:" >&2
    tail -n 20 "$TMP/serve.log" >&2 || true
  fi
  if [ -n "${KEEP_TMP:-}" ]; then
    echo "$BENCH_NAME: kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# A port that was free a moment ago on 127.0.0.1.
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  fi
}

# wait_ok URL PID: up to 10 s for a 200 from URL while PID lives.
wait_ok() {
  local url=$1 pid=$2
  for _ in $(seq 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
