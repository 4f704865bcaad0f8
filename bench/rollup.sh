#!/usr/bin/env bash
# nq57 roll-up benchmark: loads 3,321 communes × 25 indicators × 12 months of values through the
# storage layer with roll-up on write (build/bench-rollup, bench/rollup_bench.c), then the same
# rows into a throwaway PostgreSQL, timing the GROUP BY that computes the same aggregates.
# Run it as `bash bench/run.sh rollup` (or directly). See bench/README.md, "Roll-up".
#
# Environment (all optional):
#   ROLLUP_INDICATORS=25  ROLLUP_MONTHS=12  ROLLUP_SAMPLE=50000   the sizes
#   ROLLUP_PG=0           skip PostgreSQL (also skipped, with a note, when it cannot be installed)
#   ROLLUP_PG_CONNINFO=   use this PostgreSQL instead of starting one ("host=… port=… user=…")
#   BENCH_KEEP_TMP=1      keep the temp dir (database, PostgreSQL log)
# Exit status: 0 done; 1 the benchmark failed; 2 setup problem.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$ROOT/build/bench-rollup
log() { printf '[rollup] %s\n' "$*" >&2; }
die() { printf '[rollup] error: %s\n' "$*" >&2; exit 2; }

if ! pkg-config --exists libpq && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  log "libpq-dev missing: apt-get install -y libpq-dev…"
  apt-get install -y libpq-dev >&2 || true
fi
log "building build/bench-rollup…"
make -C "$ROOT" -j2 build/bench-rollup >&2 || die "make build/bench-rollup failed (libpq-dev missing? apt-get install -y libpq-dev)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nq57-rollup.XXXXXX")
chmod 755 "$TMP"
PGDATA='' PG_CTL='' PG_USER=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $PGDATA && -f $PGDATA/postmaster.pid ]]; then
    "${PG_USER[@]}" "$PG_CTL" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ -n ${BENCH_KEEP_TMP:-} ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then printf '%s\n' "$p"; return 0; fi
  done
  die "no free loopback port found"
}

# pg_bin NAME: the PostgreSQL program NAME from PATH or the newest /usr/lib/postgresql/*/bin.
pg_bin() {
  local b
  b=$(command -v "$1" 2>/dev/null || true)
  if [[ -z $b ]]; then
    b=$(printf '%s\n' /usr/lib/postgresql/*/bin/"$1" | sort -V | tail -n 1)
    [[ -x $b ]] || b=
  fi
  printf '%s\n' "$b"
}

CONNINFO=${ROLLUP_PG_CONNINFO:-}
if [[ ${ROLLUP_PG:-1} != 0 && -z $CONNINFO ]]; then
  INITDB=$(pg_bin initdb) PG_CTL=$(pg_bin pg_ctl)
  if [[ -z $INITDB || -z $PG_CTL ]] && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "PostgreSQL missing: apt-get install -y postgresql…"
    apt-get install -y postgresql >&2 || true
    INITDB=$(pg_bin initdb) PG_CTL=$(pg_bin pg_ctl)
  fi
  if [[ -z $INITDB || -z $PG_CTL ]]; then
    log "PostgreSQL not found (initdb, pg_ctl) and not installable here: skipping the comparison"
  else
    PGDATA=$TMP/pg
    mkdir -p "$PGDATA"
    # initdb refuses to run as root: run the server as the postgres user when we are root.
    if [[ $(id -u) == 0 ]]; then
      id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user to run PostgreSQL"
      chown postgres "$PGDATA"
      PG_USER=(runuser -u postgres --)
    fi
    PGPORT=$(free_port)
    log "initdb in $PGDATA, server on 127.0.0.1:$PGPORT…"
    "${PG_USER[@]}" "$INITDB" -D "$PGDATA" -U postgres -A trust --no-sync >"$TMP/initdb.log" 2>&1 \
      || { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
    # Defaults but for memory the GROUP BY can use (hash aggregation in memory) and a socket dir
    # of our own; durability settings stay as shipped (fsync on), like SQLite's synchronous=FULL.
    "${PG_USER[@]}" "$PG_CTL" -D "$PGDATA" -l "$PGDATA/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$PGDATA -c shared_buffers=256MB -c work_mem=256MB" \
      start >&2 || { tail -n 20 "$PGDATA/server.log" >&2 || true; die "pg_ctl start failed"; }
    CONNINFO="host=127.0.0.1 port=$PGPORT user=postgres dbname=postgres"
  fi
fi

LOAD=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
log "load average $LOAD on $(nproc) cores"
args=(--db "$TMP/rollup.db" --indicators "${ROLLUP_INDICATORS:-25}" --months "${ROLLUP_MONTHS:-12}"
      --sample "${ROLLUP_SAMPLE:-50000}")
[[ -z $CONNINFO ]] || args+=(--pg "$CONNINFO")
# Progress on stderr, figures on stdout.
"$BIN" "${args[@]}" || { log "bench-rollup failed"; exit 1; }
