#!/usr/bin/env bash
# Installs what nq57 needs from Debian (and, with --test, what its tests and benchmarks need:
# Chromium, nginx, wrk, and the npm packages that drive the browser). Idempotent: packages that
# are present are not fetched again. Run as root on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev
            libsodium-dev libutf8proc-dev libcsv-dev zlib1g-dev libxlsxwriter-dev libxml2-dev libzip-dev
            libjs-chart.js sqlite3 curl ca-certificates)
test_pkgs=(chromium nginx-light wrk nodejs npm jq postgresql)

want=("${build_pkgs[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from elsewhere on a developer's machine: accept them if present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "deps: missing Debian packages: ${missing[*]}; run as root or install them" >&2
    exit 1
  fi
  echo "[deps] installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" == "--test" && ! -d node_modules/playwright-core ]]; then
  echo "[deps] installing the browser-test packages from npm" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
