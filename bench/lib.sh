# Shared by the bench scripts (sourced, not run): a temporary folder, every
# process the script starts stopped on exit however it exits, free ports on
# 127.0.0.1, waiting for a URL to answer, and a private nginx serving a 2 KB
# JSON file (the yardstick). The sourcing script sets
# BENCH_NAME first, and keeps the pids of what it starts in SERVER_PID,
# NGINX_PID, NODE_PID or WRK_PID (empty when none), or in BENCH_PIDS (a
# space-separated list) for anything else.
# shellcheck shell=bash

die() { echo "$BENCH_NAME: $*" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-$BENCH_NAME.XXXXXX")
SERVER_PID=
NGINX_PID=
NODE_PID=
WRK_PID=
BENCH_PIDS=

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
  local rc=$? pid
  for pid in $BENCH_PIDS; do stop_pid "$pid"; done
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

# nginx_start DIR: a private nginx (its own config, no daemon, access log
# off) serving DIR/www/static.json, exactly 2048 bytes of JSON, on a free
# loopback port. Sets NGINX_PID and NGINX_PORT. DIR must be inside $TMP.
nginx_start() {
  local ng=$1 nginx pre post
  nginx=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
  mkdir -p "$ng/www" "$ng/tmp"
  pre='{"kind":"static-baseline","note":"2 KB file served by nginx for comparison","pad":"'
  post='"}'
  {
    printf '%s' "$pre"
    head -c $((2048 - ${#pre} - ${#post})) /dev/zero | tr '\0' 'x'
    printf '%s' "$post"
  } >"$ng/www/static.json"
  # nginx's workers run as nobody when started by root: let them read the file.
  chmod 755 "$TMP" "$ng" "$ng/www"
  chmod 644 "$ng/www/static.json"
  NGINX_PORT=$(free_port)
  cat >"$ng/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $ng/tmp/body;
  proxy_temp_path $ng/tmp/proxy;
  fastcgi_temp_path $ng/tmp/fastcgi;
  uwsgi_temp_path $ng/tmp/uwsgi;
  scgi_temp_path $ng/tmp/scgi;
  default_type application/json;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $ng/www;
    location / { }
  }
}
EOF
  "$nginx" -p "$ng" -e "$ng/error.log" -c "$ng/nginx.conf" >"$ng/stdout.log" 2>&1 &
  NGINX_PID=$!
  wait_ok "http://127.0.0.1:$NGINX_PORT/static.json" "$NGINX_PID" ||
    { cat "$ng/error.log" "$ng/stdout.log" >&2 2>/dev/null || true; die "nginx did not start"; }
}
