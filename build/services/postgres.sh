#!/usr/bin/env bash
# Starts a private PostgreSQL 15 cluster for the tests and prints the shell exports that point the
# tests at it. Idempotent: installs PostgreSQL from apt only when missing, creates the cluster only
# once, starts it only when it is not running; a second call takes well under a second.
#
# Usage (stdout carries ONLY export lines, progress goes to stderr):
#
#   eval "$(build/services/postgres.sh)"          # start (or reuse) and export the variables
#   build/services/postgres.sh --stop             # stop the cluster (data is kept)
#
# Exports:
#   TRACTATUS_TEST_POSTGRES                 Npgsql connection string of the maintenance database,
#                                           superuser "postgres", trust authentication.
#   TRACTATUS_TEST_POSTGRES_PASSWORD_ROLE   a role that must authenticate with a password
#                                           (scram-sha-256); the wrong-credentials test sets its
#                                           password and then tries a wrong one.
#
# Settings (environment): TRACTATUS_PG_PORT (default 55432), TRACTATUS_PG_DIR (default
# /tmp/tractatus-postgres-<port>: outside the repo so the "postgres" OS user can reach it).
# The cluster is for tests only: fsync and synchronous commit are off to keep CREATE/DROP DATABASE fast.
set -euo pipefail

PORT="${TRACTATUS_PG_PORT:-55432}"
BASE="${TRACTATUS_PG_DIR:-/tmp/tractatus-postgres-$PORT}"
DATA="$BASE/data"
SOCKETS="$BASE/sockets"
LOG="$BASE/server.log"
PASSWORD_ROLE="tractatus_password_auth"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)"; do
    if [[ -n "$dir" && -x "$dir/pg_ctl" && -x "$dir/initdb" ]]; then echo "$dir"; return 0; fi
  done
  return 1
}

if ! BIN="$(find_bin)"; then
  if [[ "$(id -u)" -ne 0 ]]; then
    log "PostgreSQL 15 is not installed and this is not root: run 'sudo apt-get install postgresql-15' first."
    exit 1
  fi
  log "installing PostgreSQL 15 from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # Debian's package may also create and start its own cluster on 5432; ours is separate, on $PORT.
  apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-client-15 >&2
  BIN="$(find_bin)" || { log "apt installed PostgreSQL but pg_ctl was not found under /usr/lib/postgresql/15/bin"; exit 1; }
fi

# initdb and postgres refuse to run as root: run them as the "postgres" OS user when we are root.
if [[ "$(id -u)" -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  as_pg() { runuser -u postgres -- "$@"; }
  PG_OWNER=postgres
else
  as_pg() { "$@"; }
  PG_OWNER="$(id -un)"
fi

if [[ "${1:-}" == "--stop" ]]; then
  if [[ -f "$DATA/PG_VERSION" ]]; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true; fi
  exit 0
fi

mkdir -p "$BASE" "$SOCKETS"
chown "$PG_OWNER" "$BASE" "$SOCKETS"
chmod 700 "$BASE"
# The postgres OS user may not be allowed into the caller's directory (e.g. /root).
cd "$BASE"

# Two test runs starting at once must not both run initdb or pg_ctl start. The server started below
# must not inherit the lock's descriptor, or it would hold the lock for its whole life (hence 9>&-).
exec 9>"$BASE.lock"
flock 9

if [[ ! -f "$DATA/PG_VERSION" ]]; then
  log "creating a test cluster in $DATA"
  rm -rf "$DATA"
  as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  # First match wins: the password role must use scram even though everything else is trusted.
  {
    echo "# Written by build/services/postgres.sh for tests."
    echo "local all $PASSWORD_ROLE scram-sha-256"
    echo "host  all $PASSWORD_ROLE 127.0.0.1/32 scram-sha-256"
    echo "host  all $PASSWORD_ROLE ::1/128 scram-sha-256"
    echo "local all all trust"
    echo "host  all all 127.0.0.1/32 trust"
    echo "host  all all ::1/128 trust"
  } > "$DATA/pg_hba.conf"
  chown "$PG_OWNER" "$DATA/pg_hba.conf"
fi

if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $PORT -k $SOCKETS -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >&2 9>&- || { log "start failed; last lines of $LOG:"; tail -n 20 "$LOG" >&2; exit 1; }
fi

# pg_ctl -w already waited; this also covers a cluster started by an earlier call that is still recovering.
for _ in $(seq 1 600); do
  if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.1
done
"$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" || { log "PostgreSQL did not become ready on port $PORT; see $LOG"; exit 1; }

# The role exists without a password until a test sets one, so no secret lives in this script.
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c \
  "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PASSWORD_ROLE') THEN CREATE ROLE $PASSWORD_ROLE LOGIN CREATEDB; END IF; END \$\$;" >&2

echo "export TRACTATUS_TEST_POSTGRES=\"Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres\""
echo "export TRACTATUS_TEST_POSTGRES_PASSWORD_ROLE=\"$PASSWORD_ROLE\""
