#!/usr/bin/env bash
# The roster import's benchmark: a generated district roster of N students
# (350,000 by default) in the simple CSV format and as a OneRoster 1.1
# export, each imported into a fresh database with `staffroom import
# roster`, timed; then a delta of 1% changes and removals. Prints one line
# per run. Bounded: well under a minute on 2 cores. Figures go in
# docs/PERFORMANCE.md.
#
# Usage: bench/guard/import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-350000}
bin=./staffroom
dir=$(mktemp -d /tmp/staffroom-import.XXXXXX)
trap 'rm -rf "$dir"' EXIT

# Deterministic names: given x family from short lists, numbered ids.
awk -v n="$n" -v dir="$dir" 'BEGIN {
  split("Maria Jose Sofia Liam Noah Emma Olivia Ava Mia Lucas Mateo Amelia Ethan Zoe Aiden Chloe Isabella Daniel Camila Elijah Aaliyah Kai Nora Leo Layla Ezra Hana Omar Priya Wei", g, " ");
  split("Garcia Rodriguez Smith Johnson Nguyen Lopez Martinez Hernandez Williams Brown Jones Davis Miller Wilson Moore Taylor Anderson Thomas Jackson White Harris Martin Thompson Robinson Clark Lewis Lee Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson Hill Ramirez Campbell Mitchell Roberts Carter Phillips Evans Turner Torres Parker Collins", f, " ");
  ng = length(g); nf = length(f);
  simple = dir "/simple/students.csv";
  system("mkdir -p " dir "/simple " dir "/oneroster " dir "/delta");
  print "id,given,family,preferred,school,grade,media_consent" > simple;
  ou = dir "/oneroster/users.csv";
  print "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password" > ou;
  oo = dir "/oneroster/orgs.csv";
  print "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId" > oo;
  for (s = 1; s <= 400; s++) printf "org%d,,,School %d,school,%d,\n", s, s, s > oo;
  om = dir "/oneroster/manifest.csv";
  print "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\nfile.orgs,bulk" > om;
  od = dir "/delta/users.csv";
  print "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password" > od;
  dm = dir "/delta/manifest.csv";
  print "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,delta" > dm;
  for (i = 1; i <= n; i++) {
    gi = g[(i * 7) % ng + 1]; fa = f[(i * 13 + int(i / ng)) % nf + 1];
    school = i % 400 + 1; grade = sprintf("%02d", i % 12 + 1);
    printf "S%07d,%s,%s,,School %d,%s,%s\n", i, gi, fa, school, grade, (i % 10 ? "yes" : "no") > simple;
    printf "s%d,active,2026-08-01,true,org%d,student,u%d,,%s,%s,,S%07d,,,,,%s,\n", i, school, i, gi, fa, i, grade > ou;
    if (i % 100 == 0)
      printf "s%d,%s,2026-09-01,true,org%d,student,u%d,,%s,%s-Diaz,,S%07d,,,,,%s,\n", i, (i % 200 ? "active" : "tobedeleted"), school, i, gi, fa, i, grade > od;
  }
}'

ms() { date +%s%3N; }
run() { # label db dir
  local t0 t1
  t0=$(ms)
  "$bin" import roster --db "$2" "$3" >/dev/null 2>&1
  t1=$(ms)
  printf '%-28s %8d students  %6d ms  %8.0f rows/s\n' "$1" "$n" $((t1 - t0)) \
    "$(awk -v n="$n" -v t=$((t1 - t0)) 'BEGIN { print n / (t > 0 ? t : 1) * 1000 }')"
}
"$bin" init --db "$dir/a.db" >/dev/null 2>&1
"$bin" init --db "$dir/b.db" >/dev/null 2>&1
run "simple students.csv" "$dir/a.db" "$dir/simple"
run "OneRoster 1.1 bulk" "$dir/b.db" "$dir/oneroster"
t0=$(ms)
"$bin" import roster --db "$dir/b.db" "$dir/delta" >/dev/null 2>&1
t1=$(ms)
printf '%-28s %8d rows      %6d ms\n' "OneRoster 1.1 delta (1%)" $((n / 100)) $((t1 - t0))
