#!/usr/bin/env bash
# The first (uncached) view of the dashboard, national and of Thành phố Hồ Chí Minh: what a
# leader waits for on the first view after any write, since the reply cache is keyed by the
# data generations. Each round starts a fresh `nq57 serve` (an empty reply cache) and asks each
# dashboard once; the figures are the median over the rounds of the wall time (curl) and of the
# server's CPU time for that request (/proc: user + system, all threads), in milliseconds. The
# CPU time hardly depends on what else the machine runs; the wall time does. The first round
# also records each reply's size, raw and as sent gzipped. bench/dashboard.sh runs it.
#
# Usage: bench/first-view.sh [DB]   (default: BENCH_DB, else a fresh `init --demo` database)
# Environment: BENCH_DEMO_TASKS (100000), BENCH_FIRST_ROUNDS (3), BENCH_FIRST_JSON (a file to
# write the figures to as JSON), NQ57_BIN.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NQ57_BIN=${NQ57_BIN:-$ROOT/build/nq57}
ROUNDS=${BENCH_FIRST_ROUNDS:-3}
log() { printf '[first-view] %s\n' "$*" >&2; }
[[ -x $NQ57_BIN ]] || make -C "$ROOT" >&2
command -v curl >/dev/null || { log "curl not found: apt-get install -y curl"; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nq57-first.XXXXXX")
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

DB=${1:-${BENCH_DB:-}}
if [[ -z $DB ]]; then
  DB=$TMP/first.db
  log "init demo data with ${BENCH_DEMO_TASKS:-100000} tasks…"
  "$NQ57_BIN" init --db "$DB" --demo --demo-tasks "${BENCH_DEMO_TASKS:-100000}" >/dev/null 2>&1
fi
TOKEN=$("$NQ57_BIN" token add --db "$DB" --username admin --name "first-$$-$RANDOM" --role admin --unit VN | grep -E '^nq57_' | tail -n 1)
HCM=$(awk -F, '$2 == "Thành phố Hồ Chí Minh" && $3 == "city" { print $1; exit }' "$ROOT/data/units.csv")
HCM=${HCM:-P79}
TICK_MS=$((1000 / $(getconf CLK_TCK)))
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

declare -A WALL CPU RAW GZ
for round in $(seq "$ROUNDS"); do
  PORT=$((20000 + RANDOM % 40000))
  "$NQ57_BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --quiet >"$TMP/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 200); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.05; done
  for unit in VN "$HCM"; do
    before=$(cpu_ticks "$SERVER_PID")
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 120 \
          -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/dashboard?unit=$unit")
    after=$(cpu_ticks "$SERVER_PID")
    [[ ${t%% *} == 200 ]] || { log "dashboard of $unit answered ${t%% *}"; exit 1; }
    WALL[$unit]+="$(awk -v s="${t#* }" 'BEGIN { printf "%d", s * 1000 + 0.5 }') "
    CPU[$unit]+="$(( (after - before) * TICK_MS )) "
    if [[ $round == 1 ]]; then
      url="http://127.0.0.1:$PORT/api/v1/dashboard?unit=$unit"
      RAW[$unit]=$(curl -s --max-time 120 -H "Authorization: Bearer $TOKEN" "$url" | wc -c)
      GZ[$unit]=$(curl -s --max-time 120 -H "Authorization: Bearer $TOKEN" -H 'Accept-Encoding: gzip' "$url" | wc -c)
    fi
  done
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf 'first view ms (median of %s, load %s)   national   %s\n' "$ROUNDS" "$(cut -d' ' -f1 /proc/loadavg)" "$HCM"
printf '  wall clock                              %8s   %8s\n' "$(median "${WALL[VN]}")" "$(median "${WALL[$HCM]}")"
printf '  server cpu                              %8s   %8s\n' "$(median "${CPU[VN]}")" "$(median "${CPU[$HCM]}")"
printf 'dashboard JSON bytes (gzipped as sent)   %s (%s)   %s (%s)\n' "${RAW[VN]}" "${GZ[VN]}" "${RAW[$HCM]}" "${GZ[$HCM]}"
if [[ -n ${BENCH_FIRST_JSON:-} ]]; then
  one() { printf '{"raw": %s, "gzip": %s, "first_view_wall_ms": %s, "first_view_cpu_ms": %s}' \
            "${RAW[$1]}" "${GZ[$1]}" "$(median "${WALL[$1]}")" "$(median "${CPU[$1]}")"; }
  printf '{"rounds": %s, "VN": %s, "%s": %s}\n' "$ROUNDS" "$(one VN)" "$HCM" "$(one "$HCM")" >"$BENCH_FIRST_JSON"
fi
