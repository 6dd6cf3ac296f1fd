#!/usr/bin/env bash
# The incident, reproduced and prevented, in one command (the README's first command).
#
# Packs the analyzer and runtime packages into the local feed, builds the two demo suites in
# samples/ (DocumentApi.NaiveTests and DocumentApi.IsolatedTests, the same ~10 tests), prints the
# naive suite's analyzer warnings counted by rule, runs the naive suite as N concurrent sessions
# (separate `dotnet test` processes against one shared database and state folder), then the
# isolated suite the same way, and prints a before/after table.
#
#   build/demo.sh                          # 2 sessions, SQLite (embedded, no server)
#   build/demo.sh --sessions 4             # more sessions
#   build/demo.sh --provider postgres      # starts PostgreSQL via build/services/postgres.sh
#   build/demo.sh --provider mongodb       # starts the in-memory wire server (it does not enforce
#                                          # unique indexes, so no duplicate keys show there)
#   build/demo.sh --kill                   # SIGKILLs one isolated session mid-run; the next run sweeps it
#   build/demo.sh --isolated-only --sessions 8   # wall time of the isolated suite alone (benchmarks)
#   build/demo.sh --naive-only | --json FILE | --build-only
#
# Environment: TRACTATUS_DEMO_WORK_MS (per-test work time, default 400), DEMO_LEASE_SECONDS (lease
# TTL with --kill, default 6), DEMO_WORK_DIR (default artifacts/demo).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SESSIONS=2
PROVIDER=sqlite
RUNNER_ARGS=()
BUILD_ONLY=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sessions) SESSIONS="${2:?--sessions needs a number}"; shift 2 ;;
    --provider) PROVIDER="${2:?--provider needs sqlite, postgres or mongodb}"; shift 2 ;;
    --kill) RUNNER_ARGS+=(--kill); shift ;;
    --isolated-only|--naive-only) RUNNER_ARGS+=("$1"); shift ;;
    --json) RUNNER_ARGS+=(--json "$(realpath -m "${2:?--json needs a file}")"); shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "demo.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$PROVIDER" in sqlite|postgres|mongodb) ;; *) echo "demo.sh: --provider must be sqlite, postgres or mongodb" >&2; exit 2 ;; esac

WORK="${DEMO_WORK_DIR:-$ROOT/artifacts/demo}"
CONFIGURATION=Release
OUT="$ROOT/artifacts/demo-build"
mkdir -p "$WORK" "$OUT"
START=$SECONDS
declare -a TIMINGS=()
phase_start=$SECONDS
step() { printf '\n==> %s\n' "$*"; phase_start=$SECONDS; }
took() { TIMINGS+=("$(printf '%-28s %4d s' "$1" $((SECONDS - phase_start)))"); }

# --- Servers -------------------------------------------------------------------------------------
if [[ "$PROVIDER" == postgres ]]; then
  step "PostgreSQL (build/services/postgres.sh)"
  if [[ -z "${TRACTATUS_POSTGRES_CONNECTION_STRING:-}" ]]; then
    if [[ -z "${TRACTATUS_TEST_POSTGRES:-}" ]]; then pg_env=$(build/services/postgres.sh) && eval "$pg_env"; fi
    export TRACTATUS_POSTGRES_CONNECTION_STRING="$TRACTATUS_TEST_POSTGRES"
  fi
  took "server"
elif [[ "$PROVIDER" == mongodb ]]; then
  step "MongoDB wire server (build/services/mongodb-wire.sh)"
  if [[ -z "${TRACTATUS_MONGODB_URI:-}" ]]; then
    if [[ -n "${TRACTATUS_TEST_MONGODB_URI:-}" ]]; then export TRACTATUS_MONGODB_URI="$TRACTATUS_TEST_MONGODB_URI"
    else
      if [[ -z "${TRACTATUS_TEST_MONGODB_WIRE_URI:-}" ]]; then mongo_env=$(build/services/mongodb-wire.sh) && eval "$mongo_env"; fi
      export TRACTATUS_MONGODB_URI="$TRACTATUS_TEST_MONGODB_WIRE_URI"
      # The wire server accepts unique indexes but does not enforce them: no duplicate keys can show,
      # and the one test that expects the index to reject a duplicate is skipped (with that reason).
      export TRACTATUS_DEMO_UNIQUE_INDEXES_UNENFORCED=1
      echo "note: the in-memory wire server does not enforce unique indexes; set TRACTATUS_MONGODB_URI to a real mongod to see duplicate keys"
    fi
  fi
  took "server"
fi

# --- Packages: packed once per state of the sources -----------------------------------------------
step "Packages (build/pack-once.sh: build/pack.sh --runtime, reused while src/ is unchanged)"
VERSION="$(build/pack-once.sh "$OUT/pack.log")" || exit 1
echo "runtime and analyzer packages $VERSION"
took "pack"

# --- Build both suites and the runner; the compile runs in full so every warning is reported ------
step "Build the demo suites (analyzer and runtime $VERSION from the local feed)"
SLN="$OUT/DemoSuites.sln"
if [[ ! -f "$SLN" ]]; then
  (cd "$OUT" && dotnet new sln --name DemoSuites --format sln --force >/dev/null &&
    dotnet sln DemoSuites.sln add "$ROOT"/samples/DocumentApi/DocumentApi.csproj "$ROOT"/samples/DocumentApi.NaiveTooling/DocumentApi.NaiveTooling.csproj \
      "$ROOT"/samples/DocumentApi.NaiveTests/DocumentApi.NaiveTests.csproj "$ROOT"/samples/DocumentApi.IsolatedTests/DocumentApi.IsolatedTests.csproj \
      "$ROOT"/samples/DemoRunner/DemoRunner.csproj >/dev/null)
fi
set +e
dotnet build "$SLN" -c "$CONFIGURATION" --no-incremental -nologo -clp:NoSummary -m:1 \
  "-p:TractatusAnalyzersVersion=$VERSION" "-p:TractatusRuntimeVersion=$VERSION" >"$OUT/build.log" 2>&1
build_exit=$?
set -e
if [[ $build_exit -ne 0 ]]; then
  grep -E ' error ' "$OUT/build.log" | sed -e "s#$ROOT/##" | sort -u | head -n 30 >&2
  echo "demo.sh: the demo suites do not build; see $OUT/build.log" >&2
  exit 1
fi
python3 - "$OUT/build.log" "$ROOT" <<'PY'
import collections, re, sys
log, root = sys.argv[1], sys.argv[2]
seen = set()
by_project = collections.defaultdict(collections.Counter)
for line in open(log, encoding="utf-8", errors="replace"):
    m = re.match(r"^\s*(?P<file>[^(]+)\((?P<line>\d+),\d+\): warning (?P<id>TI\d{4}): .*\[(?P<proj>[^\]]+)\]", line)
    if m and (m["file"], m["line"], m["id"]) not in seen:
        seen.add((m["file"], m["line"], m["id"]))
        project = m["proj"].rsplit("/", 1)[-1].removesuffix(".csproj")
        suite = "isolated" if project in ("DocumentApi.IsolatedTests", "DocumentApi") else "naive" if project.startswith("DocumentApi.Naive") else project
        by_project[suite][m["id"]] += 1
naive = by_project.get("naive", collections.Counter())
isolated = by_project.get("isolated", collections.Counter())
print("naive suite: %d TI warning(s) from the analyzer package" % sum(naive.values()))
for rule, count in sorted(naive.items()):
    print("  %s  %3d" % (rule, count))
print("isolated suite (and the DocumentApi library): %d TI warning(s)" % sum(isolated.values()))
if sum(isolated.values()):
    print("demo.sh: the isolated suite must build with zero TI warnings; see " + log, file=sys.stderr)
    sys.exit(1)
if not naive:
    print("demo.sh: the naive suite shows no TI warnings: is the analyzer package in the build? See " + log, file=sys.stderr)
    sys.exit(1)
PY
echo "details: grep 'warning TI' $OUT/build.log"
took "build"

bin() { echo "$ROOT/samples/$1/bin/$CONFIGURATION/net10.0/$1.dll"; }
print_timings() {
  echo "Timings:"
  for t in "${TIMINGS[@]}"; do echo "  $t"; done
  printf '  %-28s %4d s\n' "total" $((SECONDS - START))
}
if [[ $BUILD_ONLY -eq 1 ]]; then
  echo "built: $(bin DocumentApi.NaiveTests) $(bin DocumentApi.IsolatedTests) $(bin DemoRunner)"
  print_timings
  exit 0
fi

# --- Concurrent sessions ------------------------------------------------------------------------
step "Run: $SESSIONS concurrent session(s) per suite, provider $PROVIDER"
dotnet "$(bin DemoRunner)" --naive-dll "$(bin DocumentApi.NaiveTests)" --isolated-dll "$(bin DocumentApi.IsolatedTests)" \
  --work "$WORK" --provider "$PROVIDER" --sessions "$SESSIONS" --lease-seconds "${DEMO_LEASE_SECONDS:-6}" "${RUNNER_ARGS[@]}"
took "sessions (naive + isolated)"

print_timings
