#!/usr/bin/env bash
# Sets up and runs nq57 with the bundled data on the embedded database (SQLite):
# installs the build dependencies, builds, creates nq57.db on first run (printing the
# administrator's password once), and serves http://127.0.0.1:8057 until Ctrl-C.
# Environment: NQ57_DB (database file, default ./nq57.db), NQ57_LISTEN (default 127.0.0.1:8057),
# NQ57_DEMO=1 to add the 3,321 synthetic communes on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
make -j"$(nproc)" >/dev/null
db=${NQ57_DB:-nq57.db}
if [[ ! -s "$db" ]]; then
  ./build/nq57 init --db "$db" ${NQ57_DEMO:+--demo}
  echo "Keep the admin password above: it is not shown again." >&2
fi
echo "nq57: serving http://${NQ57_LISTEN:-127.0.0.1:8057} (database $db); Ctrl-C stops it" >&2
exec ./build/nq57 serve --db "$db" --listen "${NQ57_LISTEN:-127.0.0.1:8057}"
