#!/usr/bin/env bash
# Sums the results of several test runs into one closing line:
#   N passed, N failed[, N skipped]
#
# Usage: scripts/test-summary.sh LOG...
#
# Each LOG is the captured output (stdout and stderr together: cmocka writes
# its PASSED/FAILED lines to stderr) of one or more test runs. Recognised:
#   cmocka 1.1.5   "[==========] Running N test(s)."  "[==========] N test(s) run."
#                  "[  PASSED  ] N test(s)."  "[  SKIPPED ] N test(s), listed below:"
#                  "[  FAILED  ] N test(s), listed below:"
#                  "[  FAILED  ] GROUP SETUP" / "GROUP TEARDOWN"
#   node:test      TAP "# pass N" "# fail N" "# cancelled N" "# skipped N",
#                  spec "ℹ pass N" "ℹ fail N" "ℹ cancelled N" "ℹ skipped N"
#
# cmocka 1.1.5 leaves tests that errored (a failing per-test setup, say) out
# of its FAILED count, so a group's failures are taken as run - passed -
# skipped (never fewer than its FAILED count). A cmocka group that started
# but never printed "test(s) run." (a crash), and a log with no recognisable
# summary at all, each count as one failure. A per-log breakdown goes to
# stderr; the closing line goes to stdout.
#
# Exit status: 0 when nothing failed and at least one test passed, 1 when
# something failed or nothing passed, 2 on a usage error.

set -euo pipefail

if [ "$#" -eq 0 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: $0 LOG..." >&2
  exit 2
fi

total_pass=0
total_fail=0
total_skip=0

for log in "$@"; do
  if [ ! -r "$log" ] || [ -d "$log" ]; then
    echo "test-summary: cannot read $log: counted as 1 failed" >&2
    total_fail=$((total_fail + 1))
    continue
  fi
  # Strip colour codes and carriage returns, then count.
  read -r pass fail skip found crashed < <(
    sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/\r$//' -- "$log" | LC_ALL=C awk '
      function num(s) { gsub(/[^0-9]/, "", s); return s + 0 }
      BEGIN { cm_running = 0; cm_runs = 0; cm_run = 0; cm_pass = 0; cm_skip = 0
              cm_listed = 0; cm_group = 0; n_pass = 0; n_fail = 0; n_skip = 0; found = 0 }
      /^\[==========\] Running [0-9]+ test\(s\)\./      { cm_running++; found = 1; next }
      /^\[==========\] [0-9]+ test\(s\) run\./         { cm_runs++; cm_run += num($2); found = 1; next }
      /^\[  PASSED  \] [0-9]+ test\(s\)\./             { cm_pass += num($4); found = 1; next }
      /^\[  SKIPPED \] [0-9]+ test\(s\), listed below:/ { cm_skip += num($4); found = 1; next }
      /^\[  FAILED  \] [0-9]+ test\(s\), listed below:/ { cm_listed += num($4); found = 1; next }
      /^\[  FAILED  \] GROUP (SETUP|TEARDOWN)$/        { cm_group++; found = 1; next }
      # node:test summaries: TAP at column 0, or the spec reporter (UTF-8 "ℹ").
      /^(# |\xe2\x84\xb9 )pass [0-9]+$/      { n_pass += $3; found = 1; next }
      /^(# |\xe2\x84\xb9 )fail [0-9]+$/      { n_fail += $3; found = 1; next }
      /^(# |\xe2\x84\xb9 )cancelled [0-9]+$/ { n_fail += $3; found = 1; next }
      /^(# |\xe2\x84\xb9 )skipped [0-9]+$/   { n_skip += $3; found = 1; next }
      END {
        cm_fail = cm_run - cm_pass - cm_skip
        if (cm_runs == 0 || cm_fail < cm_listed) cm_fail = cm_listed
        crashed = cm_running - cm_runs
        if (crashed < 0) crashed = 0
        cm_fail += cm_group + crashed
        print cm_pass + n_pass, cm_fail + n_fail, cm_skip + n_skip, found, crashed
      }'
  )
  if [ "$found" -eq 0 ]; then
    echo "test-summary: no test summary in $log: counted as 1 failed" >&2
    fail=1
  elif [ "$crashed" -gt 0 ]; then
    echo "test-summary: $crashed cmocka group(s) in $log never finished (crash?)" >&2
  fi
  printf 'test-summary: %s  pass=%d fail=%d skip=%d\n' "$log" "$pass" "$fail" "$skip" >&2
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  total_skip=$((total_skip + skip))
done

if [ "$total_skip" -gt 0 ]; then
  echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
  echo "$total_pass passed, $total_fail failed"
fi

if [ "$total_fail" -gt 0 ] || [ "$total_pass" -eq 0 ]; then
  exit 1
fi
exit 0
