#!/usr/bin/env bash
# shellcheck disable=SC2317,SC2059  # cleanup runs from a trap; the table format is one variable
# nq57 read benchmark: nq57 against nginx serving a static file of the same size, on loopback,
# with wrk, in one run. See bench/README.md for how to read the figures.
#
# Usage: bench/run.sh [all|http|rollup|dashboard]   (from anywhere; builds build/nq57 if missing)
#   all (default): the HTTP read benchmark, then the roll-up benchmark (bench/rollup.sh);
#   http: only the HTTP read benchmark; rollup: only the roll-up benchmark (values loaded with
#   roll-up on write against PostgreSQL's GROUP BY; its settings are in bench/rollup.sh);
#   dashboard: the dashboard JSON of the nation and a province, and its sizes (bench/dashboard.sh,
#   which runs this script's HTTP part on its own endpoints).
# Environment (all optional):
#   BENCH_SECONDS=5      length of each measured wrk run
#   BENCH_THREADS=2      wrk -t
#   BENCH_CONNS=64       wrk -c
#   BENCH_WARMUP=1       seconds of discarded warm-up per server and endpoint (0: none)
#   BENCH_ROUNDS=2       measured rounds per endpoint; rounds alternate the order
#                        (nq57,nginx then nginx,nq57 ...); figures are the mean req/s, worst p99
#   BENCH_TIMEOUT=2s     wrk --timeout (replies slower than this are reported as a warning)
#   BENCH_DB=<path|url>  database for nq57 (default: a fresh SQLite file in the temp dir)
#   BENCH_SERVE_ARGS=    extra arguments for `nq57 serve` (e.g. "--threads 4")
#   BENCH_SKIP_INIT=1    do not run `nq57 init --demo` (reuse BENCH_DB as it is)
#   BENCH_DEMO_TASKS=N   synthetic tasks to generate (default 100000; 10000 shows the scaling)
#   BENCH_HCM_CODE=P79   code of Thành phố Hồ Chí Minh (default: read from data/units.csv, else P79)
#   BENCH_RESULTS=bench/results/latest.json   where the JSON figures go
#   BENCH_ENDPOINTS=     "label|path|goal" lines measured instead of the list below
#   BENCH_FIRST_TIMEOUT=10  seconds the first (uncached) request of each endpoint may take
#   BENCH_KEEP_TMP=1     keep the temp dir (logs, configs, wrk outputs) for inspection
#   NQ57_BIN=build/nq57  the binary
# Exit status: 0 when every run completed cleanly (goals are reported, not enforced, unless
# BENCH_ENFORCE_GOALS=1, then a missed goal exits 3); 1 when the benchmark failed (a non-2xx
# reply, connect/read/write errors, the server died or stalled); 2 on a setup problem.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODE=${1:-all}
case $MODE in
  rollup) exec bash "$ROOT/bench/rollup.sh" ;;
  dashboard) exec bash "$ROOT/bench/dashboard.sh" ;;
  all|http) ;;
  *) printf 'usage: bench/run.sh [all|http|rollup|dashboard]\n' >&2; exit 2 ;;
esac
NQ57_BIN_GIVEN=${NQ57_BIN:-}
NQ57_BIN=${NQ57_BIN:-$ROOT/build/nq57}
SECONDS_RUN=${BENCH_SECONDS:-5}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-64}
WARMUP=${BENCH_WARMUP:-1}
ROUNDS=${BENCH_ROUNDS:-2}
WRK_TIMEOUT=${BENCH_TIMEOUT:-2s}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results/latest.json}

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 2; }

# ---- Thành phố Hồ Chí Minh's code ----------------------------------------------------------------
# data/units.csv is the source of truth when it exists: take the "code" column of the row whose
# name is exactly "Thành phố Hồ Chí Minh" and that is current (no valid_to; the pre-2025 city is a
# former_province row of the same name). The header names the columns; plain CSV is enough here.
hcm_code() {
  local csv=$ROOT/data/units.csv code=
  if [[ -r $csv ]]; then
    code=$(awk -F, '
      NR == 1 { for (i = 1; i <= NF; i++) { gsub(/^"|"$|\r/, "", $i); col[$i] = i }; next }
      { for (i = 1; i <= NF; i++) gsub(/^"|"$|\r/, "", $i) }
      col["code"] && col["name"] && $col["name"] == "Thành phố Hồ Chí Minh" &&
        (!col["valid_to"] || $col["valid_to"] == "") && $col["kind"] != "former_province" {
        print $col["code"]; exit }
    ' "$csv" 2>/dev/null || true)
  fi
  printf '%s\n' "${code:-P79}"
}
HCM=${BENCH_HCM_CODE:-$(hcm_code)}
# One demo indicator (data/demo_indicators.csv) for the national evaluation: a weighted ratio
# over every commune, read from its roll-up rows (issue 4).
EVAL_CODE=${BENCH_EVAL_CODE:-DEMO-DVC-TOANTRINH}

# ---- Measured endpoints: one line each, "label|path|goal" -----------------------------------------
# goal: the minimum nq57/nginx req/s ratio wanted, or "-" for none. The label names the row and
# the goal line; the path is requested as is (already URL-encoded).
ENDPOINTS=(
  "healthz|/healthz|-"
  "subtree read|/api/v1/units/$HCM/subtree|0.5"
  "unit search|/api/v1/units?q=ha%20noi|-"
  "national task summary|/api/v1/tasks/summary|0.25"
  "red list of $HCM|/api/v1/tasks?unit=$HCM&colour=red&sort=overdue&limit=50|-"
  "national evaluation|/api/v1/indicators/$EVAL_CODE/evaluation?unit=VN|-"
)
if [[ -n ${BENCH_ENDPOINTS:-} ]]; then mapfile -t ENDPOINTS <<<"$BENCH_ENDPOINTS"; fi

# ---- Prerequisites ------------------------------------------------------------------------------
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: apt-get install -y $2"; }
need wrk wrk
need nginx nginx-light
need curl curl
need awk gawk
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer (got '$ROUNDS')"
[[ $SECONDS_RUN =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer (got '$SECONDS_RUN')"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds (got '$WARMUP')"

if [[ ! -x $NQ57_BIN ]]; then
  [[ -z $NQ57_BIN_GIVEN ]] || die "NQ57_BIN=$NQ57_BIN is not an executable: build it or fix NQ57_BIN"
  log "build/nq57 missing: make -C $ROOT…"
  make -C "$ROOT" >&2 || die "make failed: fix the build (see above), then rerun bench/run.sh"
  [[ -x $NQ57_BIN ]] || die "make succeeded but $NQ57_BIN does not exist: check the Makefile's output path"
fi

# ---- Temp dir and cleanup -----------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nq57-bench.XXXXXX")
chmod 755 "$TMP"            # nginx's worker may run as another user and must read $TMP/www
SERVER_PID='' NGINX_PID='' CHILD_PID=''
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in $CHILD_PID $NGINX_PID $SERVER_PID; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $CHILD_PID $NGINX_PID $SERVER_PID; do
    # give each up to 3 s to exit, then kill it
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n ${BENCH_KEEP_TMP:-} ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# run OUTFILE CMD...: runs CMD in the background with stdout and stderr to OUTFILE (- for this
# script's stderr) and waits for it, so that a signal reaches the trap at once (bash runs traps
# only between foreground commands) and cleanup can stop the child. The redirection is inside, so
# the trap's own messages still reach the terminal.
run() {
  local out=$1; shift
  if [[ $out == - ]]; then "$@" >&2 & else "$@" >"$out" 2>&1 & fi
  CHILD_PID=$!
  local rc=0
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=
  return "$rc"
}

free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q . && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      printf '%s\n' "$p"; return 0
    fi
  done
  die "no free loopback port found"
}

LOAD_START=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
if awk -v l="$LOAD_START" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  log "WARNING: the machine is busy (load average $LOAD_START on $(nproc) cores): figures will be noisy;"
  log "         rerun when it is idle (see 'top') for figures worth recording"
fi

# ---- Database, token, server --------------------------------------------------------------------
DB=${BENCH_DB:-$TMP/bench.db}
DB_ARGS=(--db "$DB")        # one place to change for the PostgreSQL run

if [[ -z ${BENCH_SKIP_INIT:-} ]]; then
  log "init demo data…"
  log "  with about ${BENCH_DEMO_TASKS:-100000} demo tasks (BENCH_DEMO_TASKS)"
  run - "$NQ57_BIN" init "${DB_ARGS[@]}" --demo --demo-tasks "${BENCH_DEMO_TASKS:-100000}" \
    || die "nq57 init --demo failed (see above): fix init, or set BENCH_SKIP_INIT=1 with BENCH_DB pointing at a ready database"
fi

log "creating an admin API token…"
TOKEN=$("$NQ57_BIN" token add "${DB_ARGS[@]}" --username admin --name "bench-$$" --role admin --unit VN) \
  || die "nq57 token add failed (see above): the demo data needs user 'admin' and unit 'VN'"
TOKEN=$(printf '%s\n' "$TOKEN" | grep -E '^nq57_' | tail -n 1 || true)
[[ -n $TOKEN ]] || die "nq57 token add printed no line starting with nq57_ on stdout"
AUTH="Authorization: Bearer $TOKEN"

PORT=$(free_port)
log "starting nq57 serve on 127.0.0.1:$PORT…"
# shellcheck disable=SC2086  # BENCH_SERVE_ARGS is a word list on purpose
"$NQ57_BIN" serve "${DB_ARGS[@]}" --listen "127.0.0.1:$PORT" ${BENCH_SERVE_ARGS:-} >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
NQ57_URL=http://127.0.0.1:$PORT

# wait_up URL PID NAME LOG: waits up to 10 s for URL to answer 200 while PID lives.
wait_up() {
  local url=$1 pid=$2 name=$3 logf=$4
  for _ in $(seq 200); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited before answering; its log ($logf):"; tail -n 30 "$logf" >&2 || true
      die "$name did not start: see its log above"
    fi
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true) == 200 ]] && return 0
    sleep 0.05
  done
  log "$name log ($logf):"; tail -n 30 "$logf" >&2 || true
  die "$name did not answer 200 at $url within 10 s"
}
wait_up "$NQ57_URL/healthz" "$SERVER_PID" "nq57 serve" "$TMP/serve.log"

# ---- Reference responses and same-size static files ---------------------------------------------
slug() { printf '%s' "$1" | tr -c 'A-Za-z0-9' '_'; }
mkdir -p "$TMP/www" "$TMP/resp"
declare -A BYTES
for e in "${ENDPOINTS[@]}"; do
  IFS='|' read -r label path goal <<<"$e"
  s=$(slug "$label")
  code=$(curl -s -o "$TMP/resp/$s.json" -w '%{http_code}' --max-time "${BENCH_FIRST_TIMEOUT:-10}" -H "$AUTH" "$NQ57_URL$path" || echo 000)
  if [[ $code != 200 ]]; then
    log "GET $path answered $code: $(head -c 400 "$TMP/resp/$s.json" 2>/dev/null || true)"
    die "GET $path must answer 200 before it can be benchmarked (wrong unit code? set BENCH_HCM_CODE; route missing?)"
  fi
  BYTES[$label]=$(wc -c <"$TMP/resp/$s.json")
  # The static twin is the response itself: same size, same bytes, valid JSON.
  cp "$TMP/resp/$s.json" "$TMP/www/$s.json"
  codes=$(grep -o '"code"' "$TMP/resp/$s.json" | wc -l || true)
  note=
  case $path in
    */subtree*) note=" ($codes units in the tree)";;
    *\?q=*)     note=" ($codes \"code\" fields)";;
  esac
  log "GET $path → 200, ${BYTES[$label]} bytes$note"
done
chmod -R a+rX "$TMP/www"

NGINX_PORT=$(free_port)
while [[ $NGINX_PORT == "$PORT" ]]; do NGINX_PORT=$(free_port); done
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=64 inactive=60s;
  keepalive_requests 1000000;
  client_body_temp_path $TMP/nginx/client_body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/www;
  }
}
EOF
log "starting nginx (1 worker) on 127.0.0.1:$NGINX_PORT…"
nginx -e "$TMP/nginx/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" >"$TMP/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
NGINX_URL=http://127.0.0.1:$NGINX_PORT
first=${ENDPOINTS[0]%%|*}
wait_up "$NGINX_URL/$(slug "$first").json" "$NGINX_PID" nginx "$TMP/nginx/error.log"

# ---- wrk ----------------------------------------------------------------------------------------
# to_ms "1.23ms" → 1.230 ; handles us, ms, s, m
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

FAILURES=() WARNINGS=()
# wrk_run SERVER(nq57|nginx) LABEL PATH SECONDS OUTFILE
#   → sets W_RPS W_REQS W_P99 (ms) W_NON2XX W_ERRS (connect+read+write) W_TIMEOUTS W_ERRLINE
#     W_TICKS (the server's CPU ticks during the run); for nq57, from /metrics: W_HITS W_MISSES
#     (reply cache lookups) W_DBSEC (seconds in the database)
# cpu_ticks SERVER: CPU time (user + system, in clock ticks) of the server's process and its
# children (nginx's worker), all threads included.
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_ticks() {
  local pid line t=0 a
  if [[ $1 == nq57 ]]; then pid=$SERVER_PID; else pid=$NGINX_PID; fi
  [[ -n $pid ]] || { echo 0; return; }
  for p in $pid $(pgrep -P "$pid" 2>/dev/null || true); do
    { read -r line <"/proc/$p/stat"; } 2>/dev/null || continue
    read -ra a <<<"${line##*) }"          # fields after "(comm) ": state is a[0], utime a[11], stime a[12]
    t=$((t + a[11] + a[12]))
  done
  echo "$t"
}

# settle SERVER: waits (up to 5 s) until the server has stopped using CPU, so that replies it is
# still computing for the last run's 64 connections do not eat into the next measurement.
settle() {
  local prev now still=0
  prev=$(cpu_ticks "$1")
  for _ in $(seq 50); do
    sleep 0.1
    now=$(cpu_ticks "$1")
    if [[ $now == "$prev" ]]; then ((++still >= 2)) && return 0; else still=0; fi
    prev=$now
  done
  log "note: $1 still busy 5 s after wrk stopped"
}

# nq57_metrics: "hits misses db_seconds" from nq57's /metrics (0 for what it does not export).
nq57_metrics() {
  curl -s --max-time 2 "$NQ57_URL/metrics" 2>/dev/null | awk '
    /^nq57_cache_lookups_total\{.*result="hit"/  { h += $NF }
    /^nq57_cache_lookups_total\{.*result="miss"/ { m += $NF }
    /^nq57_db_seconds_total/                     { d += $NF }
    END { printf "%d %d %.6f\n", h, m, d }' || echo "0 0 0"
}

wrk_run() {
  local server=$1 label=$2 path=$3 secs=$4 out=$5 url args=()
  if [[ $server == nq57 ]]; then
    url=$NQ57_URL$path; args=(-H "$AUTH")
  else
    url=$NGINX_URL/$(slug "$label").json
  fi
  local t0 m0=(0 0 0) m1=(0 0 0)
  [[ $server != nq57 ]] || read -ra m0 <<<"$(nq57_metrics)"
  t0=$(cpu_ticks "$server")
  run "$out" wrk -t"$THREADS" -c"$CONNS" -d"${secs}s" --timeout "$WRK_TIMEOUT" --latency "${args[@]}" "$url" \
    || { log "wrk exited with an error:"; cat "$out" >&2; FAILURES+=("$server $label: wrk failed"); }
  W_TICKS=$(( $(cpu_ticks "$server") - t0 ))
  [[ $server != nq57 ]] || read -ra m1 <<<"$(nq57_metrics)"
  W_HITS=$((m1[0] - m0[0])) W_MISSES=$((m1[1] - m0[1]))
  W_DBSEC=$(awk -v a="${m0[2]}" -v b="${m1[2]}" 'BEGIN { printf "%.6f", b - a }')
  W_RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$out"); W_RPS=${W_RPS:-0}
  W_REQS=$(awk '/requests in/ { print $1 }' "$out"); W_REQS=${W_REQS:-0}
  W_P99=$(awk '$1 == "99%" { print $2 }' "$out"); W_P99=$(to_ms "${W_P99:-0}")
  W_NON2XX=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out"); W_NON2XX=${W_NON2XX:-0}
  # "Socket errors: connect 0, read 12, write 0, timeout 3"
  W_ERRS=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 }' "$out"); W_ERRS=${W_ERRS:-0}
  W_TIMEOUTS=$(awk '/Socket errors:/ { print $NF }' "$out"); W_TIMEOUTS=${W_TIMEOUTS:-0}
  W_ERRLINE=$(grep 'Socket errors:' "$out" | sed 's/^ *//' || true)
}

# alive_check SERVER LABEL: after a run, the server must still be up and answer /healthz in 2 s.
alive_check() {
  local server=$1 label=$2
  if [[ $server == nq57 ]]; then
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      local st=0; wait "$SERVER_PID" || st=$?
      log "nq57 serve DIED during '$label' (exit status $st); last lines of its log:"
      tail -n 30 "$TMP/serve.log" >&2 || true
      FAILURES+=("nq57 died during $label (exit status $st)")
      SERVER_PID=
      return 1
    fi
    local c; c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$NQ57_URL/healthz" || echo 000)
    if [[ $c != 200 ]]; then
      log "nq57 did not answer /healthz within 2 s after '$label' (got $c): stalled?"
      FAILURES+=("nq57 stalled after $label (/healthz → $c)")
      return 1
    fi
  else
    kill -0 "$NGINX_PID" 2>/dev/null || { FAILURES+=("nginx died during $label"); return 1; }
  fi
}

declare -A RPS_SUM RUNS RPS P99 NON2XX ERRS TIMEOUTS TICKS REQS CPU HITS MISSES DBSEC
aborted=
for e in "${ENDPOINTS[@]}"; do
  IFS='|' read -r label path goal <<<"$e"
  s=$(slug "$label")
  if [[ $WARMUP -gt 0 ]]; then
    for server in nq57 nginx; do
      log "warm-up $server $path ${WARMUP}s…"
      wrk_run "$server" "$label" "$path" "$WARMUP" "$TMP/wrk-$s-$server-warmup.txt"
      settle "$server"
    done
    alive_check nq57 "$label (warm-up)" || { aborted=1; break; }
  fi
  for server in nq57 nginx; do
    RPS_SUM[$server,$label]=0 RUNS[$server,$label]=0 P99[$server,$label]=0 NON2XX[$server,$label]=0
    ERRS[$server,$label]=0 TIMEOUTS[$server,$label]=0 TICKS[$server,$label]=0 REQS[$server,$label]=0
    HITS[$server,$label]=0 MISSES[$server,$label]=0 DBSEC[$server,$label]=0
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    if ((r % 2)); then order=(nq57 nginx); else order=(nginx nq57); fi
    for server in "${order[@]}"; do
      log "wrk $server $path ${SECONDS_RUN}s$( ((ROUNDS > 1)) && printf ' (round %d/%d)' "$r" "$ROUNDS")…"
      wrk_run "$server" "$label" "$path" "$SECONDS_RUN" "$TMP/wrk-$s-$server-$r.txt"
      RPS_SUM[$server,$label]=$(awk -v a="${RPS_SUM[$server,$label]}" -v b="$W_RPS" 'BEGIN { printf "%.2f", a + b }')
      RUNS[$server,$label]=$((RUNS[$server,$label] + 1))
      TICKS[$server,$label]=$((TICKS[$server,$label] + W_TICKS))
      REQS[$server,$label]=$((REQS[$server,$label] + W_REQS))
      HITS[$server,$label]=$((HITS[$server,$label] + W_HITS))
      MISSES[$server,$label]=$((MISSES[$server,$label] + W_MISSES))
      DBSEC[$server,$label]=$(awk -v a="${DBSEC[$server,$label]}" -v b="$W_DBSEC" 'BEGIN { printf "%.6f", a + b }')
      P99[$server,$label]=$(awk -v a="${P99[$server,$label]}" -v b="$W_P99" 'BEGIN { printf "%.3f", (b > a ? b : a) }')
      NON2XX[$server,$label]=$((NON2XX[$server,$label] + W_NON2XX))
      ERRS[$server,$label]=$((ERRS[$server,$label] + W_ERRS))
      TIMEOUTS[$server,$label]=$((TIMEOUTS[$server,$label] + W_TIMEOUTS))
      if ((W_NON2XX > 0)); then
        log "FAIL: $server answered $W_NON2XX non-2xx/3xx of $W_REQS requests on $path"
        FAILURES+=("$server $label: $W_NON2XX non-2xx/3xx responses of $W_REQS")
      fi
      if ((W_ERRS > 0)); then
        log "FAIL: $server $path: $W_ERRLINE (of $W_REQS requests)"
        FAILURES+=("$server $label: $W_ERRLINE")
      elif ((W_TIMEOUTS > 0)); then
        # Slow, not broken: wrk gave up on these after --timeout and does not count them, so
        # req/s is a little high and p99 is capped at the timeout. A stall is caught below.
        log "WARNING: $server $path: $W_TIMEOUTS requests got no reply within $WRK_TIMEOUT (of $W_REQS)"
        WARNINGS+=("$server $label: $W_TIMEOUTS of $W_REQS requests took longer than the wrk timeout ($WRK_TIMEOUT); req/s is slightly high and p99 is capped")
      fi
      settle "$server"
      alive_check "$server" "$label" || { aborted=1; break 3; }
    done
  done
done

# ---- Report -------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "null" && b != "null" && b > 0) printf "%.2f", a / b; else printf "null" }'; }
show() { if [[ $1 == null ]]; then printf -- '-'; else printf '%s%s' "$1" "${2:-}"; fi; }
json_str() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

hdr_fmt='%-14s %9s %12s %12s %7s %11s %11s %10s %10s\n'
{
  printf '\n'
  printf 'nq57 vs nginx static (same-size file), loopback, wrk -t%s -c%s -d%ss, %s round(s), %s cores, load %s→%s\n' \
    "$THREADS" "$CONNS" "$SECONDS_RUN" "$ROUNDS" "$(nproc)" "$LOAD_START" "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
  printf "$hdr_fmt" endpoint bytes 'nq57 req/s' 'nginx req/s' ratio 'nq57 p99' 'nginx p99' 'nq57 cpu' 'nginx cpu'
} 
GOAL_LINES=() GOAL_MISSED=0 JSON_ROWS=() NOTES=()
for e in "${ENDPOINTS[@]}"; do
  IFS='|' read -r label path goal <<<"$e"
  [[ -n ${RUNS[nq57,$label]:-} ]] || continue       # not reached (stopped early)
  for server in nq57 nginx; do                      # mean over the rounds that ran
    RPS[$server,$label]=$(awk -v a="${RPS_SUM[$server,$label]}" -v n="${RUNS[$server,$label]}" \
                            'BEGIN { if (n > 0) printf "%.1f", a / n; else printf "null" }')
    ((RUNS[$server,$label] > 0)) || P99[$server,$label]=null
    # server CPU time per reply: less sensitive than req/s to what else runs on the machine
    CPU[$server,$label]=$(awk -v t="${TICKS[$server,$label]}" -v n="${REQS[$server,$label]}" -v hz="$CLK_TCK" \
                            'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else printf "null" }')
  done
  rt=$(ratio "${RPS[nq57,$label]}" "${RPS[nginx,$label]}")
  printf "$hdr_fmt" "$label" "${BYTES[$label]}" "$(show "${RPS[nq57,$label]}")" "$(show "${RPS[nginx,$label]}")" \
    "$(show "$rt")" "$(show "${P99[nq57,$label]}" ms)" "$(show "${P99[nginx,$label]}" ms)" \
    "$(show "${CPU[nq57,$label]}" us)" "$(show "${CPU[nginx,$label]}" us)"
  # what nq57 did for those replies, from its /metrics: reply-cache hit rate and DB time per reply
  lookups=$((HITS[nq57,$label] + MISSES[nq57,$label]))
  hitpct=$(awk -v h="${HITS[nq57,$label]}" -v n="$lookups" 'BEGIN { if (n > 0) printf "%.1f", 100 * h / n; else printf "null" }')
  dbus=$(awk -v d="${DBSEC[nq57,$label]}" -v n="${REQS[nq57,$label]}" 'BEGIN { if (n > 0) printf "%.1f", d * 1e6 / n; else printf "null" }')
  NOTES+=("$(printf '%-14s reply cache: %-12s time in the database: %s per reply (wall clock)' "$label" \
    "$(if [[ $hitpct == null ]]; then echo "not used;"; else echo "$hitpct% hits;"; fi)" "$(show "$dbus" us)")")
  met=null
  if [[ $goal != - ]]; then
    if [[ $rt != null ]] && awk -v r="$rt" -v g="$goal" 'BEGIN { exit !(r >= g) }'; then
      met=true; verdict=met
    else
      met=false; verdict=MISSED; GOAL_MISSED=1
    fi
    ((${#FAILURES[@]} == 0)) || verdict="$verdict (not valid: the benchmark failed, see below)"
    GOAL_LINES+=("$label: ratio $(show "$rt") (goal >= $goal) $verdict")
  fi
  JSON_ROWS+=("$(printf '{"label": %s, "path": %s, "bytes": %s, "nq57": {"rps": %s, "p99_ms": %s, "cpu_us_per_req": %s, "cache_hit_pct": %s, "db_us_per_req": %s, "non_2xx": %s, "socket_errors": %s, "timeouts": %s}, "nginx": {"rps": %s, "p99_ms": %s, "cpu_us_per_req": %s, "non_2xx": %s, "socket_errors": %s, "timeouts": %s}, "ratio": %s, "goal": %s, "goal_met": %s}' \
    "$(json_str "$label")" "$(json_str "$path")" "${BYTES[$label]}" \
    "${RPS[nq57,$label]}" "${P99[nq57,$label]}" "${CPU[nq57,$label]}" "$hitpct" "$dbus" "${NON2XX[nq57,$label]}" "${ERRS[nq57,$label]}" "${TIMEOUTS[nq57,$label]}" \
    "${RPS[nginx,$label]}" "${P99[nginx,$label]}" "${CPU[nginx,$label]}" "${NON2XX[nginx,$label]}" "${ERRS[nginx,$label]}" "${TIMEOUTS[nginx,$label]}" \
    "$rt" "$([[ $goal == - ]] && echo null || echo "$goal")" "$met")")
done
printf '\nnq57 during the measured runs (from its /metrics):\n'
for n in "${NOTES[@]}"; do printf '  %s\n' "$n"; done
printf '\n'
for g in "${GOAL_LINES[@]}"; do printf '%s\n' "$g"; done
if ((${#WARNINGS[@]})); then
  printf '\nWarnings:\n'
  for w in "${WARNINGS[@]}"; do printf '  - %s\n' "$w"; done
fi
if ((${#FAILURES[@]})); then
  printf '\nBENCHMARK FAILED (figures above are not valid):\n'
  for f in "${FAILURES[@]}"; do printf '  - %s\n' "$f"; done
  if [[ -n $aborted ]]; then printf '  (stopped early; the tail of the nq57 log is in the JSON under "server_log_tail")\n'; fi
fi

mkdir -p "$(dirname "$RESULTS")"
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)
git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || commit="$commit+dirty"
{
  printf '{\n'
  printf '  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '  "commit": %s,\n' "$(json_str "$commit")"
  printf '  "host": {"cores": %s, "kernel": %s, "load_start": %s, "load_end": %s},\n' "$(nproc)" \
    "$(json_str "$(uname -r)")" "$LOAD_START" "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
  printf '  "database": %s,\n' "$(json_str "$([[ -n ${BENCH_DB:-} ]] && printf '%s' "${BENCH_DB%%\?*}" || echo sqlite-temp)")"
  printf '  "wrk": {"threads": %s, "connections": %s, "seconds": %s, "warmup_seconds": %s, "rounds": %s, "timeout": %s},\n' \
    "$THREADS" "$CONNS" "$SECONDS_RUN" "$WARMUP" "$ROUNDS" "$(json_str "$WRK_TIMEOUT")"
  printf '  "ok": %s,\n' "$( ((${#FAILURES[@]})) && echo false || echo true)"
  printf '  "failures": ['
  sep=
  for f in "${FAILURES[@]}"; do printf '%s%s' "$sep" "$(json_str "$f")"; sep=', '; done
  printf '],\n'
  printf '  "warnings": ['
  sep=
  for w in "${WARNINGS[@]}"; do printf '%s%s' "$sep" "$(json_str "$w")"; sep=', '; done
  printf '],\n'
  if [[ -n $aborted ]]; then
    printf '  "server_log_tail": %s,\n' "$(json_str "$(tail -n 20 "$TMP/serve.log" 2>/dev/null | tr '\n\t' '  ' | tr -d '\000-\037')")"
  fi
  printf '  "endpoints": [\n'
  sep=
  for row in "${JSON_ROWS[@]}"; do printf '%s    %s' "$sep" "$row"; sep=$',\n'; done
  printf '\n  ]\n}\n'
} >"$RESULTS"
log "figures written to ${RESULTS#"$ROOT"/}"

((${#FAILURES[@]})) && exit 1

# ---- Roll-up ------------------------------------------------------------------------------------
# The HTTP servers are done: stop them so that they do not share the cores, then run the roll-up
# benchmark (its own temp dir and throwaway PostgreSQL; `bench/run.sh rollup` runs only this).
if [[ $MODE == all ]]; then
  for pid in $NGINX_PID $SERVER_PID; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  NGINX_PID='' SERVER_PID=''
  log "roll-up benchmark (bench/rollup.sh)…"
  bash "$ROOT/bench/rollup.sh" || exit 1
fi
[[ -n ${BENCH_ENFORCE_GOALS:-} ]] && ((GOAL_MISSED)) && exit 3
exit 0
