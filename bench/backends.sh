#!/usr/bin/env bash
# nq57 on SQLite and on PostgreSQL, side by side, and two app servers on one PostgreSQL (issue 7).
#
# Usage: bench/backends.sh       (from anywhere; builds build/nq57 if missing)
#   1. the HTTP read benchmark (bench/run.sh http: every endpoint against nginx serving the same
#      bytes) once on a SQLite file and once on a throwaway PostgreSQL (scripts/pg.sh), same demo
#      data; a table of req/s and ratios to nginx for both;
#   2. durable feedback submissions over HTTP (POST /api/v1/feedback, wrk with
#      bench/feedback_post.lua): one server on SQLite, one on PostgreSQL, and two servers on the
#      same PostgreSQL loaded at once, rows counted in the database after the servers stop;
#   3. reads from two servers on the same PostgreSQL at once (the national task summary).
# Environment: BENCH_DEMO_TASKS=10000 (demo tasks for both databases), BENCH_SECONDS=5,
#   BENCH_CONNS=64, BENCH_THREADS=2, BENCH_ROUNDS=1 (for the read benchmark), BENCH_KEEP_TMP=1,
#   NQ57_BIN=build/nq57. Figures go to bench/results/backends.json.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NQ57_BIN=${NQ57_BIN:-$ROOT/build/nq57}
SECS=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNS:-64}
THREADS=${BENCH_THREADS:-2}
TASKS=${BENCH_DEMO_TASKS:-10000}
RESULTS=$ROOT/bench/results/backends.json

log() { printf '[backends] %s\n' "$*" >&2; }
die() { printf '[backends] error: %s\n' "$*" >&2; exit 2; }
for c in wrk jq curl psql sqlite3; do command -v "$c" >/dev/null || die "$c not found: bash scripts/deps.sh --test"; done
[[ -x $NQ57_BIN ]] || make -C "$ROOT" >&2 || die "make failed"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nq57-backends.XXXXXX")
PIDS=()
cleanup() {
  local rc=$?
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ -n ${NQ57_PG_DIR:-} ]] && bash "$ROOT/scripts/pg.sh" stop "$NQ57_PG_DIR" >/dev/null 2>&1 || true
  if [[ -n ${BENCH_KEEP_TMP:-} ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT

log "starting a throwaway PostgreSQL…"
eval "$(bash "$ROOT/scripts/pg.sh" start)"
PG=$NQ57_PG_URL
SQ=$TMP/bench.db

# ---- 1. reads, each backend against nginx ----
for b in sqlite postgres; do
  db=$SQ; [[ $b == postgres ]] && db=$PG
  log "read benchmark on $b (init --demo with $TASKS tasks, then bench/run.sh http)…"
  BENCH_DB=$db BENCH_DEMO_TASKS=$TASKS BENCH_ROUNDS=${BENCH_ROUNDS:-1} BENCH_SECONDS=$SECS \
    BENCH_RESULTS=$TMP/read-$b.json NQ57_BIN=$NQ57_BIN bash "$ROOT/bench/run.sh" http >"$TMP/read-$b.txt" 2>"$TMP/read-$b.log" \
    || { tail -20 "$TMP/read-$b.log" >&2; die "bench/run.sh http failed on $b"; }
done

# ---- servers ----
start_server() {  # start_server DB PORT → its pid in PIDS
  "$NQ57_BIN" serve --db "$1" --listen "127.0.0.1:$2" --quiet >"$TMP/serve-$2.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 200); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/healthz" || true) == 200 ]] && return 0
    sleep 0.05
  done
  die "nq57 serve on $1 did not come up: $(tail -5 "$TMP/serve-$2.log")"
}
stop_servers() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}
count() {  # count DB SQL
  if [[ $1 == postgres* ]]; then psql -X -q -A -t -d "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ { print $NF }' "$1"; }

# ---- 2. durable submissions: one server per backend, then two on PostgreSQL ----
for db in "$SQ" "$PG"; do
  count "$db" "UPDATE feedback_settings SET value = '100000000' WHERE name = 'max_per_address'" >/dev/null
done
writes() {  # writes LABEL DB PORT... : wrk on each port at once; sets W_RATE (rows/s committed)
  local label=$1 db=$2 before after t0 t1 p i=0 bad=0; shift 2
  for p in "$@"; do start_server "$db" "$p"; done
  before=$(count "$db" 'SELECT count(*) FROM feedback')
  log "writes, $label: wrk -c$CONNS -d${SECS}s POST /api/v1/feedback on $# server(s)…"
  t0=$(date +%s.%N)
  local wpids=()
  for p in "$@"; do
    wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --timeout 5s -s "$ROOT/bench/feedback_post.lua" \
      "http://127.0.0.1:$p/api/v1/feedback" >"$TMP/w-$label-$i.txt" 2>&1 &
    wpids+=($!); i=$((i + 1))
  done
  for p in "${wpids[@]}"; do wait "$p" || die "wrk failed ($label)"; done
  t1=$(date +%s.%N)
  stop_servers    # every acknowledged write is committed: count after the servers stop
  after=$(count "$db" 'SELECT count(*) FROM feedback')
  for f in "$TMP"/w-"$label"-*.txt; do bad=$((bad + $(non2xx "$f" || echo 0) + 0)); done
  ((bad == 0)) || die "$label: $bad non-2xx replies (see $TMP)"
  W_RATE=$(awk -v n=$((after - before)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
}
P1=$((30000 + RANDOM % 20000)); P2=$((P1 + 1))
writes sqlite "$SQ" "$P1"; W_SQ=$W_RATE
writes postgres "$PG" "$P1"; W_PG=$W_RATE
writes postgres2 "$PG" "$P1" "$P2"; W_PG2=$W_RATE

# ---- 3. reads from two servers on one PostgreSQL ----
TOKEN=$("$NQ57_BIN" token add --db "$PG" --username admin --name "backends-$$" --role admin --unit VN | grep -E '^nq57_' | tail -1)
start_server "$PG" "$P1"; start_server "$PG" "$P2"
path=/api/v1/tasks/summary
for p in "$P1" "$P2"; do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$p$path"; done
log "reads from two servers on PostgreSQL: GET $path…"
rpids=()
for p in "$P1" "$P2"; do
  wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$p$path" >"$TMP/r2-$p.txt" 2>&1 &
  rpids+=($!)
done
for p in "${rpids[@]}"; do wait "$p" || die "wrk failed (two-server reads)"; done
stop_servers
R_PG2=$(awk '{ s += $1 } END { printf "%.0f", s }' <(rps "$TMP/r2-$P1.txt"; rps "$TMP/r2-$P2.txt"))

# ---- the table ----
printf '\nnq57 on SQLite and PostgreSQL, %s cores, load %s, demo data with %s tasks, %ss runs, wrk -c%s\n' \
  "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "$TASKS" "$SECS" "$CONNS"
printf '%-34s %12s %8s %12s %8s\n' 'reads (req/s, ratio to nginx)' 'SQLite' 'ratio' 'PostgreSQL' 'ratio'
jq -r -s '.[0].endpoints as $a | .[1].endpoints as $b |
  range(0; $a | length) as $i | [$a[$i].label, $a[$i].nq57.rps, $a[$i].ratio, $b[$i].nq57.rps, $b[$i].ratio] | @tsv' \
  "$TMP/read-sqlite.json" "$TMP/read-postgres.json" 2>/dev/null |
  while IFS=$'\t' read -r l a ra b rb; do printf '%-34s %12.0f %8s %12.0f %8s\n' "$l" "$a" "$ra" "$b" "$rb"; done
one=$(jq -r '.endpoints[] | select(.path == "/api/v1/tasks/summary") | .nq57.rps' "$TMP/read-postgres.json")
printf '%-34s %12s %8s %12s %8s\n' 'national task summary, 2 servers' '' '' "$R_PG2" \
  "$(awk -v a="$R_PG2" -v b="$one" 'BEGIN { if (b > 0) printf "x%.2f", a / b }')"
printf '\n%-34s %12s %21s\n' 'durable submissions (rows/s)' 'SQLite' 'PostgreSQL'
printf '%-34s %12s %21s\n' 'one server' "$W_SQ" "$W_PG"
printf '%-34s %12s %21s\n' 'two servers, one database' '' "$W_PG2 (x$(awk -v a="$W_PG2" -v b="$W_PG" 'BEGIN { if (b > 0) printf "%.2f", a / b }'))"
mkdir -p "$(dirname "$RESULTS")"
jq -n --slurpfile s "$TMP/read-sqlite.json" --slurpfile p "$TMP/read-postgres.json" \
  --argjson wsq "$W_SQ" --argjson wpg "$W_PG" --argjson wpg2 "$W_PG2" --argjson rpg2 "$R_PG2" \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)" \
  '{date: $date, commit: $commit, reads: {sqlite: $s[0].endpoints, postgres: $p[0].endpoints,
    postgres_two_servers_summary_rps: $rpg2},
    submissions_per_second: {sqlite: $wsq, postgres: $wpg, postgres_two_servers: $wpg2}}' >"$RESULTS"
log "figures written to ${RESULTS#"$ROOT"/}"
