#!/usr/bin/env bash
# `make run`: installs what is missing, builds, creates the demo district
# (once, in demo/staffroom.db) and serves it on http://127.0.0.1:8080.
# Set STAFFROOM_LISTEN to serve elsewhere; delete demo/ to start afresh.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh build
make -j"$(nproc 2>/dev/null || echo 2)" staffroom web

mkdir -p demo
if [ ! -s demo/staffroom.db ]; then
  ./staffroom demo --db demo/staffroom.db
fi
listen=${STAFFROOM_LISTEN:-127.0.0.1:8080}
cat <<MSG

staffroom is starting: open http://$listen in a browser.
Sign in as maria.lopez (a 5th-grade teacher) or admin (the district's system
admin), password staffroom-demo. Or use the API:
  curl -s -c /tmp/sr.cookies -H 'Content-Type: application/json' \\
       -d '{"login":"maria.lopez","password":"staffroom-demo"}' http://$listen/api/v1/session
  curl -s -b /tmp/sr.cookies http://$listen/api/v1/feed
Press Ctrl-C to stop.

MSG
exec ./staffroom serve --db demo/staffroom.db --data-dir demo/data --listen "$listen"
