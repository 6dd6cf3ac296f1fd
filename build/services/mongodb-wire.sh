#!/usr/bin/env bash
# Starts the in-memory MongoDB wire-protocol server for the tests and prints the shell export that
# points the tests at it. No real mongod can be installed here; the best wire-compatible server is
# "CongoDB" inside the npm package @push.rocks/smartmongo 2.2.0 (MIT). It speaks the handshake,
# CRUD, list/create/drop databases and reports _id duplicate keys (11000), but does NOT enforce
# unique secondary indexes: tests that need those run only against a real server given by
# TRACTATUS_TEST_MONGODB_URI.
#
# Usage (stdout carries ONLY the export line, progress goes to stderr):
#
#   eval "$(build/services/mongodb-wire.sh)"   # install once, start (or reuse), export the URI
#   build/services/mongodb-wire.sh --stop      # stop the server
#
# Exports: TRACTATUS_TEST_MONGODB_WIRE_URI, e.g.
#   mongodb://127.0.0.1:57017/?directConnection=true&serverMonitoringMode=poll
# (the default streaming monitoring mode spins this server at ~45% CPU; poll keeps it idle).
#
# Idempotent: installs into build/.tools/congo only once (pinned versions: the package's own
# dependency ranges cannot be resolved from the registry, so its runtime dependencies are
# installed explicitly and the package itself is unpacked from `npm pack`), starts the server only
# when it is not already answering. Settings (environment): TRACTATUS_MONGO_WIRE_PORT (default 57017).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/build/.tools/congo"
LAUNCHER="$ROOT/build/services/mongodb-wire-server.mjs"
PORT="${TRACTATUS_MONGO_WIRE_PORT:-57017}"
RUN="$TOOLS/run-$PORT"
PIDFILE="$RUN/server.pid"
LOG="$RUN/server.log"
SMARTMONGO_VERSION="2.2.0"
DEPENDENCIES=(bson@6.10.4 mingo@7.2.7 @push.rocks/smartfs@1.5.0 @push.rocks/smartpath@5.1.0 @push.rocks/smartpromise@4.2.3 @push.rocks/smartrx@3.0.10)
MARKER="$TOOLS/.installed-smartmongo-$SMARTMONGO_VERSION"

log() { printf 'mongodb-wire.sh: %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

running_pid() {
  local pid
  [[ -f "$PIDFILE" ]] || return 1
  pid="$(cat "$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

if [[ "${1:-}" == "--stop" ]]; then
  if pid="$(running_pid)"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE"
  exit 0
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [[ "$(id -u)" -ne 0 ]]; then
    log "Node.js and npm are needed: run 'sudo apt-get install nodejs npm' first."
    exit 1
  fi
  log "installing Node.js and npm from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends nodejs npm >&2
fi

# Two test runs starting at once must not both install or start. The server started below must not
# inherit the lock's descriptor, or it would hold the lock for its whole life (hence 9>&-).
mkdir -p "$(dirname "$TOOLS")"
exec 9>"$TOOLS.lock"
flock 9

if [[ ! -f "$MARKER" ]]; then
  log "installing @push.rocks/smartmongo $SMARTMONGO_VERSION into $TOOLS"
  rm -rf "$TOOLS"
  mkdir -p "$TOOLS"
  (
    cd "$TOOLS"
    printf '{\n  "name": "tractatus-test-congo",\n  "private": true,\n  "description": "Test-only MongoDB wire server; written by build/services/mongodb-wire.sh"\n}\n' > package.json
    npm install --save-exact --no-audit --no-fund --loglevel=error "${DEPENDENCIES[@]}" >&2
    tarball="$(npm pack --silent "@push.rocks/smartmongo@$SMARTMONGO_VERSION" 2>/dev/null | tail -n 1)"
    mkdir -p smartmongo
    tar -xzf "$tarball" -C smartmongo --strip-components=1
    rm -f "$tarball"
  )
  [[ -f "$TOOLS/smartmongo/dist_ts/congodb/index.js" ]] || { log "unpacked package lacks dist_ts/congodb/index.js"; exit 1; }
  touch "$MARKER"
fi

if running_pid >/dev/null && port_open; then
  : # already running: reuse it
elif port_open; then
  if [[ -n "${TRACTATUS_MONGO_WIRE_PORT:-}" ]]; then
    log "port $PORT is already taken by another program; set TRACTATUS_MONGO_WIRE_PORT to a free port."
    exit 1
  fi
  # The default port is busy (e.g. another checkout's server): take the next free one, never a stranger's.
  for candidate in $(seq $((PORT + 1)) $((PORT + 20))); do
    PORT=$candidate
    if ! port_open; then break; fi
  done
  port_open && { log "ports 57017-$PORT are all taken; set TRACTATUS_MONGO_WIRE_PORT to a free port."; exit 1; }
  log "default port busy; using $PORT"
  exec env TRACTATUS_MONGO_WIRE_PORT="$PORT" "${BASH_SOURCE[0]}" "$@" 9>&-
else
  mkdir -p "$RUN"
  log "starting the wire server on 127.0.0.1:$PORT (log: $LOG)"
  # setsid + closed stdio: the server outlives this script and does not hold the caller's $(...) open.
  setsid node "$LAUNCHER" "$TOOLS/smartmongo" "$PORT" >"$LOG" 2>&1 </dev/null 9>&- &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 600); do
    if port_open; then break; fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      log "the wire server exited during start; last lines of $LOG:"; tail -n 20 "$LOG" >&2; exit 1
    fi
    sleep 0.1
  done
  port_open || { log "the wire server did not open port $PORT within 60 s; see $LOG"; exit 1; }
fi

echo "export TRACTATUS_TEST_MONGODB_WIRE_URI=\"mongodb://127.0.0.1:$PORT/?directConnection=true&serverMonitoringMode=poll\""
