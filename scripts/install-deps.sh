#!/usr/bin/env bash
# Installs the Debian packages that building, testing or benchmarking
# staffroom needs, and only those that are missing. Safe to run again: when
# everything is present it changes nothing and does not touch the network.
#
# Usage: scripts/install-deps.sh GROUP...
#   build  compiler, libraries and tools to build and unit-test the server,
#          and Node.js/npm (only if missing) to build the web client
#   test   Node.js/npm (only if `node` is missing), Chromium and fonts for
#          the API and browser tests
#   bench  wrk, nginx-light, curl, jq and sqlite3 for the load benchmarks
#   all    every group
# Without a GROUP it installs `build`. Uses sudo only when not run as root.

set -euo pipefail

build_pkgs=(build-essential pkg-config libmicrohttpd-dev libjansson-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libsodium-dev libsqlite3-dev
  libinih-dev libcmocka-dev libcurl4-openssl-dev libvips-dev libmagic-dev
  libmagic-mgc sqlite3 clang-format)
test_pkgs=(chromium fonts-dejavu-core python3-aiosmtpd libimage-exiftool-perl)
bench_pkgs=(wrk nginx-light curl jq sqlite3)

usage() {
  echo "usage: $0 [build|test|bench|all]..." >&2
  exit 2
}

case "${1:-}" in -h|--help) usage ;; esac
if [ "$#" -eq 0 ]; then set -- build; fi

wanted=()
for group in "$@"; do
  case "$group" in
    build)
      wanted+=("${build_pkgs[@]}")
      # The web client is built with Node; Debian's only if the machine has none.
      command -v node >/dev/null 2>&1 || wanted+=(nodejs)
      command -v npm >/dev/null 2>&1 || wanted+=(npm)
      ;;
    test)
      wanted+=("${test_pkgs[@]}")
      # Node 20 and npm usually come with the machine; Debian's only if not.
      command -v node >/dev/null 2>&1 || wanted+=(nodejs)
      command -v npm >/dev/null 2>&1 || wanted+=(npm)
      ;;
    bench) wanted+=("${bench_pkgs[@]}") ;;
    all)
      wanted+=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}")
      command -v node >/dev/null 2>&1 || wanted+=(nodejs)
      command -v npm >/dev/null 2>&1 || wanted+=(npm)
      ;;
    *) echo "install-deps: unknown group '$group'" >&2; usage ;;
  esac
done

missing=()
for pkg in "${wanted[@]}"; do
  # Skip duplicates when groups overlap.
  case " ${missing[*]:-} " in *" $pkg "*) continue ;; esac
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all packages for '$*' are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"

# Check that apt really left every package installed.
failed=()
for pkg in "${missing[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || failed+=("$pkg")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "install-deps: still missing after apt-get: ${failed[*]}" >&2
  exit 1
fi
echo "install-deps: done"
