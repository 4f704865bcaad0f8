#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and trials: its own data directory under /tmp, on
# loopback, on a free port, with fsync on, run as an ordinary user (the `postgres` system user
# when started as root), reached with a random password.
#
#   eval "$(scripts/pg.sh start)"   # sets and exports NQ57_PG_URL and NQ57_PG_DIR
#   build/nq57 init --db "$NQ57_PG_URL"
#   scripts/pg.sh stop              # stops the server of $NQ57_PG_DIR and deletes its files
#
# `start` installs Debian's postgresql if it is missing (as root). Everything it says goes to
# standard error; standard output is only the shell assignments.
set -euo pipefail

say() { echo "[pg] $*" >&2; }

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$d" && -x "$d/pg_ctl" ]] && echo "$d"
}

# Runs a command as the server's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  if ! bin=$(bindir); then
    [[ $(id -u) -eq 0 ]] || { say "PostgreSQL is not installed; run as root or install postgresql"; exit 1; }
    say "installing postgresql"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    bin=$(bindir)
  fi
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    say "creating the postgres system user"
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  local dir password
  dir=$(mktemp -d /tmp/nq57-pg.XXXXXX)
  chmod 700 "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  printf '%s\n' "$password" > "$dir/pwfile"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/pwfile"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" -E UTF8 \
    --locale=C.UTF-8 --auth-host=scram-sha-256 --auth-local=scram-sha-256 >"$dir/initdb.log" 2>&1 \
    || { say "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  local port tries=0
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
               -c fsync=on -c synchronous_commit=on -c full_page_writes=on \
               -c max_connections=200" start >/dev/null 2>&1; then
        break
      fi
    fi
    tries=$((tries + 1))
    if ((tries > 10)); then say "could not start the server:"; tail -n 20 "$dir/server.log" >&2; exit 1; fi
  done
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir/data"
  echo "NQ57_PG_URL=postgres://postgres:$password@127.0.0.1:$port/postgres"
  echo "NQ57_PG_DIR=$dir"
  echo "export NQ57_PG_URL NQ57_PG_DIR"
}

stop() {
  local dir=${1:-${NQ57_PG_DIR:-}} bin
  [[ -n "$dir" && -d "$dir" && "$dir" == /tmp/nq57-pg.* ]] || { say "no server directory given (NQ57_PG_DIR)"; exit 1; }
  bin=$(bindir)
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: scripts/pg.sh start | stop [DIR]" >&2; exit 2 ;;
esac
