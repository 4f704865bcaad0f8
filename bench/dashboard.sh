#!/usr/bin/env bash
# nq57 dashboard benchmark: GET /api/v1/dashboard for the nation and for Thành phố Hồ Chí Minh on
# the demo data: the first (uncached) view of each, as a leader waits for it after any write,
# with the size of each reply (bench/first-view.sh), then wrk against nginx serving the same
# bytes as a static file in the same run (bench/run.sh's HTTP part, given these two endpoints;
# goal: ratio >= 0.25).
#
# Usage: bench/dashboard.sh   (or bench/run.sh dashboard)
# Environment: BENCH_DEMO_TASKS (default 100000), BENCH_FIRST_ROUNDS (3), BENCH_RESULTS (default
# bench/results/dashboard.json), NQ57_BIN, and every BENCH_* setting of bench/run.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NQ57_BIN=${NQ57_BIN:-$ROOT/build/nq57}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results/dashboard.json}
log() { printf '[dashboard] %s\n' "$*" >&2; }
[[ -x $NQ57_BIN ]] || make -C "$ROOT" >&2
command -v curl >/dev/null || { log "curl not found: apt-get install -y curl"; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nq57-dash.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DB=$TMP/dash.db
log "init demo data with ${BENCH_DEMO_TASKS:-100000} tasks…"
"$NQ57_BIN" init --db "$DB" --demo --demo-tasks "${BENCH_DEMO_TASKS:-100000}" >/dev/null 2>&1
HCM=$(awk -F, '$2 == "Thành phố Hồ Chí Minh" && $3 == "city" { print $1; exit }' "$ROOT/data/units.csv")
HCM=${HCM:-P79}

# ---- the first (uncached) views and the sizes: bench/first-view.sh on this database ----
NQ57_BIN=$NQ57_BIN BENCH_FIRST_JSON=$TMP/first.json bash "$ROOT/bench/first-view.sh" "$DB"

# ---- req/s against nginx: bench/run.sh's HTTP part on these two endpoints ----
BENCH_DB=$DB BENCH_SKIP_INIT=1 BENCH_FIRST_TIMEOUT=120 BENCH_RESULTS=$TMP/http.json \
BENCH_ENDPOINTS="national dashboard|/api/v1/dashboard|0.25
$HCM dashboard|/api/v1/dashboard?unit=$HCM|0.25" \
  bash "$ROOT/bench/run.sh" http

mkdir -p "$(dirname "$RESULTS")"
{
  printf '{"first_view": '; cat "$TMP/first.json"
  printf ', "http": '; cat "$TMP/http.json"
  printf '}\n'
} >"$RESULTS"
log "figures written to ${RESULTS#"$ROOT"/}"
