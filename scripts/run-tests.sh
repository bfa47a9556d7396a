#!/usr/bin/env bash
# `make test`: every suite, each run for real, summed into one closing line.
#   1. C unit tests (cmocka), built normally and with ASan+UBSan
#   2. black-box API tests (node:test) against a real `staffroom serve`
#   3. browser tests (Playwright driving Debian's Chromium), when present
# Logs go to build/test-logs/; the last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

scripts/install-deps.sh build test >/dev/null || { echo "install-deps failed"; exit 1; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >/dev/null || { echo "npm ci failed"; exit 1; }
fi

jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" staffroom unit unit-san web || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

logs=build/test-logs
rm -rf "$logs"
mkdir -p "$logs"

status=0
for t in build/tests/test_* build/tests-san/test_*; do
  [ -x "$t" ] || continue
  name=$(echo "$t" | tr '/' '_')
  echo "== $t"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    "$t" >"$logs/$name.log" 2>&1 || status=1
  tail -n 3 "$logs/$name.log"
done

echo "== API tests"
node --test --test-concurrency=1 --test-reporter=spec tests/api/ >"$logs/api.log" 2>&1 || status=1
grep -E '^(✖|ℹ (pass|fail|tests))' "$logs/api.log"

if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
  echo "== browser tests"
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/ >"$logs/e2e.log" 2>&1 || status=1
  grep -E '^(✖|ℹ (pass|fail|tests))' "$logs/e2e.log"
fi

if [ "$status" -ne 0 ]; then
  echo "Failures: see the logs in $logs/ (failing tests are marked ✖ above)."
  grep -l -E 'FAILED|✖|ERROR: AddressSanitizer|runtime error' "$logs"/*.log 2>/dev/null | sed 's/^/  /'
fi
scripts/test-summary.sh "$logs"/*.log || status=1
exit "$status"
