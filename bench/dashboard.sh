#!/usr/bin/env bash
# nq57 dashboard benchmark: GET /api/v1/dashboard for the nation and for Thành phố Hồ Chí Minh on
# the demo data, with wrk against nginx serving the same bytes as a static file in the same run
# (bench/run.sh's HTTP part, given these two endpoints; goal: ratio >= 0.25), and the sizes of
# the two replies, raw and gzipped, with the time the first (uncached) reply took.
#
# Usage: bench/dashboard.sh   (or bench/run.sh dashboard)
# Environment: BENCH_DEMO_TASKS (default 100000), BENCH_RESULTS (default
# bench/results/dashboard.json), NQ57_BIN, and every BENCH_* setting of bench/run.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NQ57_BIN=${NQ57_BIN:-$ROOT/build/nq57}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results/dashboard.json}
log() { printf '[dashboard] %s\n' "$*" >&2; }
[[ -x $NQ57_BIN ]] || make -C "$ROOT" >&2
command -v curl >/dev/null || { log "curl not found: apt-get install -y curl"; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nq57-dash.XXXXXX")
SERVER_PID=
cleanup() {
  local rc=$?
  [[ -z $SERVER_PID ]] || { kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DB=$TMP/dash.db
log "init demo data with ${BENCH_DEMO_TASKS:-100000} tasks…"
"$NQ57_BIN" init --db "$DB" --demo --demo-tasks "${BENCH_DEMO_TASKS:-100000}" >/dev/null 2>&1
TOKEN=$("$NQ57_BIN" token add --db "$DB" --username admin --name "dash-$$" --role admin --unit VN | grep -E '^nq57_' | tail -n 1)
HCM=$(awk -F, '$2 == "Thành phố Hồ Chí Minh" && $3 == "city" { print $1; exit }' "$ROOT/data/units.csv")
HCM=${HCM:-P79}

# ---- sizes and the uncached reply, on a server of our own ----
PORT=$((20000 + RANDOM % 40000))
"$NQ57_BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --quiet >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 200); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.05; done
declare -A RAW GZ COLD
for unit in VN "$HCM"; do
  url="http://127.0.0.1:$PORT/api/v1/dashboard?unit=$unit"
  COLD[$unit]=$(curl -s -o "$TMP/$unit.json" -w '%{time_total}' --max-time 120 -H "Authorization: Bearer $TOKEN" "$url")
  RAW[$unit]=$(wc -c <"$TMP/$unit.json")
  GZ[$unit]=$(curl -s --max-time 120 -H "Authorization: Bearer $TOKEN" -H 'Accept-Encoding: gzip' "$url" | wc -c)
  log "dashboard of $unit: ${RAW[$unit]} bytes, ${GZ[$unit]} gzipped (as sent), first reply in ${COLD[$unit]} s"
done
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=

# ---- req/s against nginx: bench/run.sh's HTTP part on these two endpoints ----
BENCH_DB=$DB BENCH_SKIP_INIT=1 BENCH_FIRST_TIMEOUT=120 BENCH_RESULTS=$TMP/http.json \
BENCH_ENDPOINTS="national dashboard|/api/v1/dashboard|0.25
$HCM dashboard|/api/v1/dashboard?unit=$HCM|0.25" \
  bash "$ROOT/bench/run.sh" http

mkdir -p "$(dirname "$RESULTS")"
{
  printf '{"sizes": {'
  printf '"VN": {"raw": %s, "gzip": %s, "first_reply_s": %s}, ' "${RAW[VN]}" "${GZ[VN]}" "${COLD[VN]}"
  printf '"%s": {"raw": %s, "gzip": %s, "first_reply_s": %s}}, ' "$HCM" "${RAW[$HCM]}" "${GZ[$HCM]}" "${COLD[$HCM]}"
  printf '"http": '; cat "$TMP/http.json"
  printf '}\n'
} >"$RESULTS"
printf '\nDashboard JSON: nation %s bytes (%s gzipped), %s %s bytes (%s gzipped); uncached replies took %s s and %s s.\n' \
  "${RAW[VN]}" "${GZ[VN]}" "$HCM" "${RAW[$HCM]}" "${GZ[$HCM]}" "${COLD[VN]}" "${COLD[$HCM]}"
log "figures written to ${RESULTS#"$ROOT"/}"
