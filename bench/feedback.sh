#!/usr/bin/env bash
# Feedback submission benchmark: durable submissions per second over HTTP (POST /api/v1/feedback
# from many concurrent clients, with wrk) next to the raw rate of writing the same rows through
# the store without HTTP (build/bench-feedback), into the same database, with the same
# durability (WAL, synchronous=FULL), in the same run; and their ratio (goal >= 0.5).
#
# "Durable" counts what is in the database after the run (rows of feedback), not what wrk
# believes it received: every 201 was committed before it was sent.
#
# Usage: bench/feedback.sh      (builds build/nq57 and build/bench-feedback when missing)
# Environment: BENCH_SECONDS=10 (each side), BENCH_ROUNDS=2, BENCH_CONNS=64, BENCH_THREADS=2,
#   BENCH_RESULTS=bench/results/feedback.json, BENCH_KEEP_TMP=1, NQ57_BIN=build/nq57.
# Exit status: 0 ok, 1 the benchmark failed (non-2xx replies, errors), 2 setup problem, 3 goal
# missed with BENCH_ENFORCE_GOALS=1.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-64}
THREADS=${BENCH_THREADS:-2}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results/feedback.json}
NQ57_BIN=${NQ57_BIN:-$ROOT/build/nq57}
RAW_BIN=$(dirname "$NQ57_BIN")/bench-feedback
UNIT=P46
log() { printf '[bench-feedback] %s\n' "$*" >&2; }
die() { printf '[bench-feedback] error: %s\n' "$*" >&2; exit 2; }
for c in wrk curl sqlite3; do command -v $c >/dev/null || die "$c not found: apt-get install -y $c"; done
[[ -x $NQ57_BIN ]] || make -C "$ROOT" >&2 || die "make failed"
[[ -x $RAW_BIN ]] || make -C "$ROOT" bench-feedback >&2 || die "make bench-feedback failed"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nq57-bench-fb.XXXXXX")
SERVER_PID=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $SERVER_PID ]]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n ${BENCH_KEEP_TMP:-} ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DB=$TMP/fb.db
log "init…"
"$NQ57_BIN" init --db "$DB" >"$TMP/init.log" 2>&1 || die "nq57 init failed: $(tail -3 "$TMP/init.log")"
# Every client comes from 127.0.0.1 here: lift the per-address limit for the run (it is a
# setting; production keeps 5 per 15 minutes).
sqlite3 "$DB" "UPDATE feedback_settings SET value = '100000' WHERE name = 'max_per_address'"

# Each request a different submission (bench/feedback_post.lua).

# http_run: one HTTP run; sets HTTP_RATE, HTTP_ROWS, P99 and adds to NON2XX, ERRS.
NON2XX=0 ERRS=0
http_run() {
  local port=$((20000 + RANDOM % 40000)) i before after t0 t1 n e
  "$NQ57_BIN" serve --db "$DB" --listen "127.0.0.1:$port" --quiet >"$TMP/serve.log" 2>&1 &
  SERVER_PID=$!
  for i in $(seq 200); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true) == 200 ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "nq57 serve exited: $(tail -5 "$TMP/serve.log")"
    sleep 0.05
    [[ $i -lt 200 ]] || die "nq57 serve did not come up"
  done
  before=$(sqlite3 "$DB" 'SELECT count(*) FROM feedback')
  log "HTTP: wrk -t$THREADS -c$CONNS -d${SECS}s POST /api/v1/feedback…"
  t0=$(date +%s.%N)
  wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --timeout 5s --latency -s "$ROOT/bench/feedback_post.lua" "http://127.0.0.1:$port/api/v1/feedback" >"$TMP/wrk.txt" 2>&1 || die "wrk failed: $(cat "$TMP/wrk.txt")"
  t1=$(date +%s.%N)
  # Stop the server before counting: every acknowledged write is committed.
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
  after=$(sqlite3 "$DB" 'SELECT count(*) FROM feedback')
  n=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$TMP/wrk.txt"); NON2XX=$((NON2XX + ${n:-0}))
  e=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 }' "$TMP/wrk.txt"); ERRS=$((ERRS + ${e:-0}))
  P99=$(awk '$1 == "99%" { print $2 }' "$TMP/wrk.txt" || true)
  HTTP_ROWS=$((after - before))
  HTTP_RATE=$(awk -v n="$HTTP_ROWS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')
}
raw_run() {
  log "raw: the same rows through the store, ${SECS}s…"
  "$RAW_BIN" "$DB" "$SECS" "$UNIT" >"$TMP/raw.txt" 2>&1 || die "bench-feedback failed: $(cat "$TMP/raw.txt")"
  RAW_RATE=$(awk '$1 == "raw_per_second" { print $2 }' "$TMP/raw.txt")
}

# Rounds alternate the order (HTTP then raw, raw then HTTP) so that neither side always gets the
# quieter moment; figures are the means.
ROUNDS=${BENCH_ROUNDS:-2}
http_sum=0 raw_sum=0 rows=0 p99s=
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then http_run; raw_run; else raw_run; http_run; fi
  log "round $r: HTTP $HTTP_RATE/s, raw $RAW_RATE/s"
  http_sum=$(awk -v a="$http_sum" -v b="$HTTP_RATE" 'BEGIN { print a + b }')
  raw_sum=$(awk -v a="$raw_sum" -v b="$RAW_RATE" 'BEGIN { print a + b }')
  rows=$((rows + HTTP_ROWS)); p99s="$p99s ${P99:-?}"
done
http_rate=$(awk -v a="$http_sum" -v n="$ROUNDS" 'BEGIN { printf "%.1f", a / n }')
raw_rate=$(awk -v a="$raw_sum" -v n="$ROUNDS" 'BEGIN { printf "%.1f", a / n }')
ratio=$(awk -v a="$http_rate" -v b="$raw_rate" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "null" }')
non2xx=$NON2XX errs=$ERRS after=$rows before=0 p99=${p99s# }

printf '\nFeedback submissions, %s cores, load %s, SQLite WAL synchronous=FULL, %s round(s) of %ss each side\n' "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "$ROUNDS" "$SECS"
printf '%-44s %12s\n' 'HTTP POST /api/v1/feedback (durable/s)' "$http_rate"
printf '%-44s %12s\n' "  ($rows rows committed, wrk -c$CONNS, p99 $p99)" ''
printf '%-44s %12s\n' 'raw store inserts, same rows (per s)' "$raw_rate"
printf '%-44s %12s   (goal >= 0.5)\n' 'ratio HTTP / raw' "$ratio"
mkdir -p "$(dirname "$RESULTS")"
printf '{"date": "%s", "commit": "%s", "cores": %s, "seconds": %s, "connections": %s, "http_per_second": %s, "http_rows": %s, "http_non_2xx": %s, "http_socket_errors": %s, "raw_per_second": %s, "ratio": %s, "goal": 0.5}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)" "$(nproc)" "$SECS" "$CONNS" \
  "$http_rate" "$((after - before))" "$non2xx" "$errs" "$raw_rate" "$ratio" >"$RESULTS"
log "figures written to ${RESULTS#"$ROOT"/}"
if ((non2xx > 0 || errs > 0)); then
  printf 'BENCHMARK FAILED: %s non-2xx replies, %s socket errors\n' "$non2xx" "$errs"
  exit 1
fi
if [[ -n ${BENCH_ENFORCE_GOALS:-} ]] && awk -v r="$ratio" 'BEGIN { exit !(r < 0.5) }'; then exit 3; fi
exit 0
