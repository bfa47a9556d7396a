#!/usr/bin/env bash
# Live stream fan-out and memory per idle stream (issue 4).
#
# Makes an empty district in a temporary database with one poster and
# ceil(N / 1000) readers (sse_max_streams is at most 1000 per person, so the
# streams are spread over as few people as that allows; a stream costs the
# same whoever holds it), serves it on a random loopback port with
# `ulimit -n 20000`, then runs bench/stream-fanout.mjs: an open group with
# everyone in it, N streams (GET /api/v1/stream, bearer tokens) held by
# ceil(N / 10000) client processes, the server's VmRSS before and after
# opening them, one post in the group, and the time until every stream has
# its post_created event. Optionally (BENCH_NGINX=1, the default when nginx
# is installed) the same machine's yardstick: nginx's worker RSS per idle
# keep-alive connection, N connections. Prints markdown tables. Everything
# it starts is stopped on exit; loopback only; bounded (DEADLINE_S, 120 s
# by default, for each node part).
#
# N = max: as many streams as the server can hold under the open-files
# limit: the limit, less the files the server holds once started (its
# listening socket, epoll, database files, standard streams), less
# MAX_MARGIN (default 16) for the bench's own requests and a database
# connection or two more; max_connections is set to that plus the margin.
#
# Usage: bench/stream-fanout.sh [N|max]      (default 2000)
# Environment:
#   STAFFROOM_BIN   server binary (default ./staffroom in the repository root)
#   OPEN_PARALLEL   connection attempts in flight per client process (default 256)
#   WORKERS         client processes (default one per 10,000 streams)
#   DEADLINE_S      overall limit for each node part, seconds (default 120)
#   BENCH_NGINX     1 to take the nginx yardstick, 0 not to (default: 1 if found)
#   KEEP_TMP        keep the temporary directory (logs, database) when set
# Needs: node 20, curl; nginx (Debian nginx-light) for the yardstick.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_NAME=stream-fanout
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
BIN=${STAFFROOM_BIN:-$ROOT/staffroom}
N=${1:-2000}
PER_READER=1000
PASSWORD='stream-fanout-bench-passphrase'

MAX_MARGIN=${MAX_MARGIN:-16}
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] || [ "$N" = max ] || die "N must be a positive number of streams or max"
[ -x "$BIN" ] || die "no server binary at $BIN; run make or set STAFFROOM_BIN"
command -v node >/dev/null 2>&1 || die "node not found"
command -v curl >/dev/null 2>&1 || die "curl not found"
NGINX=$(command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
BENCH_NGINX=${BENCH_NGINX:-$([ -n "$NGINX" ] && echo 1 || echo 0)}

# One process may hold 20,000 open files here; the server and the client each
# need N of them plus a few.
hard=$(ulimit -Hn)
want=20000
[ "$hard" = unlimited ] || [ "$hard" -ge "$want" ] || want=$hard
ulimit -n "$want"
if [ "$N" = max ]; then
  # a first serve of the empty district, only to count its files
  "$BIN" init --db "$TMP/probe.db" --district "Probe" >/dev/null 2>&1 || die "staffroom init failed"
  PORT=$(free_port)
  STAFFROOM_LOG_LEVEL=warn "$BIN" serve --db "$TMP/probe.db" --listen "127.0.0.1:$PORT" \
    --data-dir "$TMP/probe-data" --web-dir "$TMP/no-web" >/dev/null 2>"$TMP/probe.log" &
  SERVER_PID=$!
  wait_ok "http://127.0.0.1:$PORT/healthz" "$SERVER_PID" || die "probe server did not start"
  base_fds=$(ls /proc/"$SERVER_PID"/fd | wc -l)
  stop_pid "$SERVER_PID"
  SERVER_PID=
  N=$((want - base_fds - MAX_MARGIN))
  MAXCONN=$((N + MAX_MARGIN))
  echo "stream-fanout: the server holds $base_fds files when idle; N = $want - $base_fds - $MAX_MARGIN = $N" >&2
else
  MAXCONN=$((N + 100))
  [ $((N + 40)) -le "$want" ] || die "N=$N needs more than the $want open files one process may hold (try max)"
fi



# --- the district -----------------------------------------------------------
DB=$TMP/fanout.db
mkdir -p "$TMP/data"
"$BIN" init --db "$DB" --district "Fan-out Bench USD" >"$TMP/init.out" 2>&1 ||
  { cat "$TMP/init.out" >&2; die "staffroom init failed"; }
add_user() {
  printf '%s\n' "$PASSWORD" | "$BIN" user add --db "$DB" --login "$1" --name "$2" >>"$TMP/users.out" 2>&1 ||
    { cat "$TMP/users.out" >&2; die "user add $1 failed"; }
}
add_user bench.poster "Bench Poster"
READERS=
nreaders=$(((N + PER_READER - 1) / PER_READER))
for i in $(seq "$nreaders"); do
  add_user "bench.reader$i" "Bench Reader $i"
  READERS=${READERS:+$READERS,}bench.reader$i
done

PORT=$(free_port)
STAFFROOM_LOG_LEVEL=warn \
STAFFROOM_SSE_MAX_STREAMS=$PER_READER \
STAFFROOM_MAX_CONNECTIONS=$MAXCONN \
STAFFROOM_SSE_HEARTBEAT_MS=600000 \
STAFFROOM_TIMEOUT=600 \
  "$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --data-dir "$TMP/data" --web-dir "$TMP/no-web" \
  >"$TMP/serve.out" 2>"$TMP/serve.log" &
SERVER_PID=$!
API=http://127.0.0.1:$PORT
wait_ok "$API/healthz" "$SERVER_PID" || die "server did not answer /healthz within 10 s"
echo "stream-fanout: server pid $SERVER_PID on $API, open files $(ulimit -n), $(nproc) cores" >&2

# --- the streams ------------------------------------------------------------
API=$API SERVER_PID=$SERVER_PID STREAMS=$N POSTER=bench.poster READERS=$READERS \
PER_READER=$PER_READER PASSWORD=$PASSWORD MODE=stream \
  node "$ROOT/bench/stream-fanout.mjs" >"$TMP/node.out" &
NODE_PID=$!
wait "$NODE_PID" || { cat "$TMP/node.out"; die "the stream client failed"; }
NODE_PID=
cat "$TMP/node.out"
echo "server threads: $(awk '/^Threads:/ {print $2}' /proc/"$SERVER_PID"/status), open files now: $(ls /proc/"$SERVER_PID"/fd | wc -l) (limit $want)"
if grep -q '"level":"\(warn\|error\)"' "$TMP/serve.log"; then
  echo "server warnings (first 5):"
  grep '"level":"\(warn\|error\)"' "$TMP/serve.log" | head -n 5
fi
stop_pid "$SERVER_PID"
SERVER_PID=

# --- the yardstick: nginx, N idle keep-alive connections --------------------
if [ "$BENCH_NGINX" = 1 ]; then
  [ -n "$NGINX" ] || die "BENCH_NGINX=1 but nginx is not installed (scripts/install-deps.sh bench)"
  NG=$TMP/nginx
  mkdir -p "$NG/www" "$NG/tmp"
  echo '{"ok":true}' >"$NG/www/small.json"
  chmod 755 "$TMP" "$NG" "$NG/www"
  chmod 644 "$NG/www/small.json"
  NPORT=$(free_port)
  cat >"$NG/nginx.conf" <<NGINXCONF
daemon off;
worker_processes 1;
worker_rlimit_nofile $want;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections $((N + 100)); }
http {
  access_log off;
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  default_type application/json;
  keepalive_timeout 300s;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NPORT backlog=4096;
    root $NG/www;
    location / { }
  }
}
NGINXCONF
  "$NGINX" -p "$NG" -e "$NG/error.log" -c "$NG/nginx.conf" >"$NG/stdout.log" 2>&1 &
  NGINX_PID=$!
  wait_ok "http://127.0.0.1:$NPORT/small.json" "$NGINX_PID" ||
    { cat "$NG/error.log" "$NG/stdout.log" >&2 2>/dev/null || true; die "nginx did not start"; }
  WORKER=$(pgrep -P "$NGINX_PID" | head -n 1)
  [ -n "$WORKER" ] || die "no nginx worker"
  API=http://127.0.0.1:$NPORT SERVER_PID=$WORKER STREAMS=$N MODE=idle-keepalive \
    POSTER=- READERS=- PER_READER=0 PASSWORD=- \
    node "$ROOT/bench/stream-fanout.mjs" >"$TMP/node-nginx.out" &
  NODE_PID=$!
  wait "$NODE_PID" || { cat "$TMP/node-nginx.out"; die "the nginx yardstick failed"; }
  NODE_PID=
  cat "$TMP/node-nginx.out"
else
  echo
  echo "(nginx yardstick not taken: BENCH_NGINX=0 or nginx not installed)"
fi
