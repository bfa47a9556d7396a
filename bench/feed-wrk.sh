#!/usr/bin/env bash
# Measures GET /api/v1/feed under load against a static-file baseline.
#
# Makes the demo district in a temporary database, serves it on a random
# loopback port, signs in as a demo user and takes an API token, starts a
# private nginx (its own config, no daemon, access log off) serving a 2 KB
# JSON file, then runs wrk against both and prints a markdown table:
# requests per second, p50 and p99 latency, and the ratio to nginx.
# Everything it starts is stopped on exit. Loopback only; bounded in time
# (two wrk runs of BENCH_DURATION plus start-up, under a minute by default).
#
# Usage: bench/feed-wrk.sh
# Environment:
#   STAFFROOM_BIN    server binary (default ./staffroom in the repository root)
#   DEMO_LOGIN       demo user to sign in as (default maria.lopez)
#   DEMO_PASSWORD    its password (default staffroom-demo)
#   BENCH_DURATION   wrk duration per target, in seconds (default 10s)
#   BENCH_THREADS    wrk threads (default 2)
#   BENCH_CONNS      wrk connections (default 32)
#   KEEP_TMP         keep the temporary directory (logs, database) when set
# Needs: wrk, nginx (Debian nginx-light), curl; scripts/install-deps.sh bench.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_NAME=feed-wrk
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
BIN=${STAFFROOM_BIN:-$ROOT/staffroom}
DEMO_LOGIN=${DEMO_LOGIN:-maria.lopez}
DEMO_PASSWORD=${DEMO_PASSWORD:-staffroom-demo}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
[[ $DURATION =~ ^[0-9]+s?$ ]] || { echo "feed-wrk: BENCH_DURATION must be seconds, like 10s" >&2; exit 2; }
CONNS=${BENCH_CONNS:-32}


for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
    die "$tool not found; run scripts/install-deps.sh bench"
done
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[ -x "$BIN" ] || die "no server binary at $BIN; run make or set STAFFROOM_BIN"


# Waits up to 10 s for URL to answer 200.

json_field() { # json_field NAME < json: a top-level string field, unescaped simply
  sed -n 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1
}

# --- the district -----------------------------------------------------------
DB=$TMP/demo.db
mkdir -p "$TMP/data"
timeout 30 "$BIN" demo --db "$DB" >"$TMP/demo.out" 2>&1 ||
  { cat "$TMP/demo.out" >&2; die "staffroom demo failed"; }
echo "feed-wrk: demo district made; the demo says:" >&2
sed 's/^/  | /' "$TMP/demo.out" | head -n 10 >&2

PORT=$(free_port)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --data-dir "$TMP/data" \
  >"$TMP/serve.out" 2>"$TMP/serve.log" &
SERVER_PID=$!
API=http://127.0.0.1:$PORT
wait_ok "$API/healthz" "$SERVER_PID" || die "server did not answer /healthz within 10 s"

# --- sign in and take a token ----------------------------------------------
login_body=$(printf '{"login":"%s","password":"%s"}' "$DEMO_LOGIN" "$DEMO_PASSWORD")
code=$(curl -s -o "$TMP/login.json" -w '%{http_code}' --max-time 5 -c "$TMP/cookies" \
  -H 'Content-Type: application/json' --data-binary "$login_body" "$API/api/v1/session")
[ "$code" = 200 ] || die "login as $DEMO_LOGIN answered $code: $(head -c 300 "$TMP/login.json")"
CSRF=$(json_field csrf_token <"$TMP/login.json")
code=$(curl -s -o "$TMP/token.json" -w '%{http_code}' --max-time 5 -b "$TMP/cookies" \
  -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
  --data-binary '{"name":"feed-wrk bench"}' "$API/api/v1/tokens")
case "$code" in 200|201) ;; *) die "POST /api/v1/tokens answered $code: $(head -c 300 "$TMP/token.json")" ;; esac
TOKEN=$(json_field token <"$TMP/token.json")
[ -n "$TOKEN" ] || die "no token in $(head -c 300 "$TMP/token.json")"
AUTH="Authorization: Bearer $TOKEN"
code=$(curl -s -o "$TMP/feed.json" -w '%{http_code}' --max-time 5 -H "$AUTH" "$API/api/v1/feed")
[ "$code" = 200 ] || die "GET /api/v1/feed answered $code: $(head -c 300 "$TMP/feed.json")"
echo "feed-wrk: the feed answers $(wc -c <"$TMP/feed.json") bytes" >&2

# --- nginx with a 2 KB JSON file --------------------------------------------
NG=$TMP/nginx
mkdir -p "$NG/www" "$NG/tmp"
# Exactly 2048 bytes of JSON.
{
  pre='{"kind":"static-baseline","note":"2 KB file served by nginx for comparison","pad":"'
  post='"}'
  printf '%s' "$pre"
  head -c $((2048 - ${#pre} - ${#post})) /dev/zero | tr '\0' 'x'
  printf '%s' "$post"
} >"$NG/www/static.json"
# nginx's workers run as nobody when started by root: let them read the file.
chmod 755 "$TMP" "$NG" "$NG/www"
chmod 644 "$NG/www/static.json"
NPORT=$(free_port)
cat >"$NG/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  default_type application/json;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NPORT;
    root $NG/www;
    location / { }
  }
}
EOF
"$NGINX" -p "$NG" -e "$NG/error.log" -c "$NG/nginx.conf" >"$NG/stdout.log" 2>&1 &
NGINX_PID=$!
wait_ok "http://127.0.0.1:$NPORT/static.json" "$NGINX_PID" ||
  { cat "$NG/error.log" "$NG/stdout.log" >&2 2>/dev/null || true; die "nginx did not start"; }

# --- load -------------------------------------------------------------------
secs=${DURATION%s}
wrk_run() { # wrk_run OUTFILE URL [wrk args...]
  local out=$1 url=$2
  shift 2
  # In the background, so that a signal reaches our trap at once.
  timeout $((secs + 15)) wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url" >"$out" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || { cat "$out" >&2; die "wrk against $url failed"; }
  WRK_PID=
  if grep -q 'Non-2xx or 3xx responses' "$out"; then
    echo "feed-wrk: warning: $url gave error responses: $(grep 'Non-2xx' "$out")" >&2
  fi
}
echo "feed-wrk: wrk -t$THREADS -c$CONNS -d$DURATION against nginx..." >&2
wrk_run "$TMP/wrk-nginx.txt" "http://127.0.0.1:$NPORT/static.json"
echo "feed-wrk: wrk -t$THREADS -c$CONNS -d$DURATION against GET /api/v1/feed..." >&2
wrk_run "$TMP/wrk-feed.txt" "$API/api/v1/feed" -H "$AUTH"

# Requests/sec, p50 and p99 from wrk --latency output.
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() { awk -v p="$2%" '$1 == p { print $2; exit }' "$1"; }

n_rps=$(rps "$TMP/wrk-nginx.txt")
f_rps=$(rps "$TMP/wrk-feed.txt")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.3f", a / b; else print "n/a" }'; }

echo
echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency, loopback, $(nproc) cores"
echo
echo "| target | req/s | p50 | p99 | vs nginx |"
echo "| --- | ---: | ---: | ---: | ---: |"
echo "| nginx static 2 KB JSON | $n_rps | $(pct "$TMP/wrk-nginx.txt" 50) | $(pct "$TMP/wrk-nginx.txt" 99) | 1.000 |"
echo "| staffroom GET /api/v1/feed ($(wc -c <"$TMP/feed.json") B) | $f_rps | $(pct "$TMP/wrk-feed.txt" 50) | $(pct "$TMP/wrk-feed.txt" 99) | $(ratio "$f_rps" "$n_rps") |"
