#!/usr/bin/env bash
# Consumer tests: the packed packages (build/pack-once.sh) in a new project of one test framework, run the way a
# team runs them, against one PostgreSQL server. One harness for every framework; the projects are the samples in
# samples/IsolatedSuites/<framework>/ (the README's runtime quick start shows them), copied out of the repository
# with the samples' own build settings, as a user's repository would hold them.
#
#   build/consumer-tests.sh xunit2|xunit3|nunit|mstest|tunit
#       1. 4 concurrent runs (a table with a UNIQUE slug each)  -> 0 failures, 0 databases left
#       2. a run whose tests outlast the lease TTL while another run sweeps -> keeps its database, passes
#       3. a run SIGKILLed mid-test                               -> its database is swept by a later run
#   build/consumer-tests.sh --solution
#       `dotnet test` of a solution with two test projects (xUnit v2, NUnit) under one TRACTATUS_SESSION_ID
#       -> that id in both projects' database names, one summary per process naming it, 0 left
#   build/consumer-tests.sh --packages
#       the packed .nuspec files: no provider depends on a test framework or an adapter; adapters depend on the core
#
# Needs TRACTATUS_TEST_POSTGRES (build/services/postgres.sh prints it). Exits non-zero on the first failed expectation.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
MODE="${1:?usage: build/consumer-tests.sh xunit2|xunit3|nunit|mstest|tunit|--solution|--packages}"
FEED="$ROOT/artifacts/packages"
RUN_TIMEOUT=600

say() { printf '%s\n' "$*"; }
fail() { printf 'consumer-tests.sh %s: FAILED: %s\n' "$MODE" "$*" >&2; exit 1; }

mkdir -p "$ROOT/artifacts/consumer"
VERSION="$(build/pack-once.sh "$ROOT/artifacts/consumer/pack.log")"
say "packages $VERSION"

# --- The package graph -------------------------------------------------------------------------------
if [[ "$MODE" == --packages ]]; then
  nuspec() { unzip -p "$FEED/$1.$VERSION.nupkg" '*.nuspec'; }
  framework_ids='id="(xunit[^"]*|NUnit[^"]*|MSTest[^"]*|TUnit[^"]*|Tractatus\.TestIsolation\.(Xunit|Xunit\.V3|NUnit|MSTest|TUnit))"'
  for provider in Sqlite PostgreSql MongoDB; do
    deps="$(nuspec "Tractatus.TestIsolation.$provider" | grep -o '<dependency [^>]*>' || true)"
    say "Tractatus.TestIsolation.$provider depends on: $(grep -o 'id="[^"]*"' <<<"$deps" | tr '\n' ' ')"
    if grep -Eq "$framework_ids" <<<"$deps"; then fail "Tractatus.TestIsolation.$provider depends on a test framework: $(grep -E "$framework_ids" <<<"$deps")"; fi
    grep -q 'id="Tractatus.TestIsolation"' <<<"$deps" || fail "Tractatus.TestIsolation.$provider does not depend on the core"
  done
  for adapter in Xunit Xunit.V3 NUnit MSTest TUnit; do
    deps="$(nuspec "Tractatus.TestIsolation.$adapter" | grep -o '<dependency [^>]*>' || true)"
    say "Tractatus.TestIsolation.$adapter depends on: $(grep -o 'id="[^"]*"' <<<"$deps" | tr '\n' ' ')"
    grep -q 'id="Tractatus.TestIsolation"' <<<"$deps" || fail "Tractatus.TestIsolation.$adapter does not depend on the core"
    if grep -Eq 'id="(Npgsql|MongoDB\.Driver|Microsoft\.Data\.Sqlite)"' <<<"$deps"; then fail "Tractatus.TestIsolation.$adapter depends on a database driver"; fi
  done
  core="$(nuspec Tractatus.TestIsolation | grep -o '<dependency [^>]*>' || true)"
  [[ -z "$core" ]] || fail "the core depends on packages: $core"
  say "package graph: providers and the core depend on no test framework"
  exit 0
fi

# --- PostgreSQL --------------------------------------------------------------------------------------
[[ -n "${TRACTATUS_TEST_POSTGRES:-}" ]] || fail "TRACTATUS_TEST_POSTGRES is not set; run eval \"\$(build/services/postgres.sh)\" first (build/test.sh does)."
export TRACTATUS_POSTGRES_CONNECTION_STRING="$TRACTATUS_TEST_POSTGRES"
eval "$(python3 - "$TRACTATUS_TEST_POSTGRES" <<'PY'
import shlex, sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)
get = lambda *names: next((v for k, v in parts.items() if k.strip().lower() in names), "")
print("export PGHOST=%s PGPORT=%s PGUSER=%s PGDATABASE=%s" % tuple(shlex.quote(x) for x in (
    get("host", "server") or "127.0.0.1", get("port") or "5432", get("username", "user id", "user") or "postgres", get("database") or "postgres")))
if get("password"):
    print("export PGPASSWORD=%s" % shlex.quote(get("password")))
PY
)"
databases() { psql -Atc "SELECT datname FROM pg_database WHERE datname LIKE '$1\\_%' ORDER BY 1"; }

# --- A new project of the framework, built once --------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tractatus-consumer-${MODE#--}.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
write_feed_config() {  # the default feed plus the local one, as a user's nuget.config would
  cat >"$1/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
    <add key="local" value="$FEED" />
  </packageSources>
</configuration>
EOF
}
SUITES="$ROOT/samples/IsolatedSuites"
new_project() {  # framework: copies samples/IsolatedSuites/<framework> to $WORK/IsolatedSuites/<framework>
  mkdir -p "$WORK/IsolatedSuites"
  cp "$ROOT"/samples/Directory.Build.props "$ROOT"/samples/Directory.Packages.props "$WORK/"
  cp -r "$SUITES/shared" "$SUITES/$1" "$WORK/IsolatedSuites/"
  rm -rf "$WORK/IsolatedSuites/$1/bin" "$WORK/IsolatedSuites/$1/obj"
}
build() {  # project-or-solution log
  dotnet build "$1" -c Release -nologo "-p:TractatusRuntimeVersion=$VERSION" >"$2" 2>&1 || { grep -E 'error|warn.*NU1' "$2" | sort -u | head -n 20 >&2; fail "the consumer project did not build; see the errors above"; }
}

if [[ "$MODE" == --solution ]]; then
  write_feed_config "$WORK"
  new_project xunit2
  new_project nunit
  # Two projects of one solution: their assembly names must differ.
  sed -i 's#<PropertyGroup>#<PropertyGroup><AssemblyName>XunitSuite</AssemblyName>#' "$WORK/IsolatedSuites/xunit2/IsolatedSuite.csproj"
  sed -i 's#<PropertyGroup>#<PropertyGroup><AssemblyName>NUnitSuite</AssemblyName>#' "$WORK/IsolatedSuites/nunit/IsolatedSuite.csproj"
  (cd "$WORK" && dotnet new sln --name Suites --format sln --force >/dev/null && dotnet sln Suites.sln add IsolatedSuites/xunit2/IsolatedSuite.csproj IsolatedSuites/nunit/IsolatedSuite.csproj >/dev/null)
  build "$WORK/Suites.sln" "$WORK/build.log"
  id="$(python3 -c 'import secrets,time; d="0123456789abcdefghijklmnopqrstuvwxyz"; enc=lambda n,w: "".join(d[(n//36**i)%36] for i in reversed(range(w))); print(enc(int(time.time()*1000),9)+enc(secrets.randbelow(36**6),6))')"
  prefix="consumer_sln"
  set +e
  TRACTATUS_SESSION_ID="$id" TRACTATUS_DATABASE_PREFIX="$prefix" CONSUMER_REPORT_DIR="$WORK/reports" \
    timeout "$RUN_TIMEOUT" dotnet test "$WORK/Suites.sln" -c Release --no-build -nologo --logger "console;verbosity=normal" >"$WORK/test.log" 2>&1
  rc=$?
  set -e
  grep -E 'Tractatus.TestIsolation: session|Passed!|Failed!|error' "$WORK/test.log" || true
  [[ $rc -eq 0 ]] || { tail -n 40 "$WORK/test.log" >&2; fail "dotnet test of the solution exited $rc"; }
  started="$(ls "$WORK/reports")"
  say "databases: $(tr '\n' ' ' <<<"$started")"
  [[ "$(wc -l <<<"$started")" -eq 2 ]] || fail "expected one database per project, got: $started"
  while read -r name; do [[ "$name" == "${prefix}_${id}"* ]] || fail "database $name does not carry the session id $id"; done <<<"${started//.started/}"
  summaries="$(grep -o "Tractatus.TestIsolation: session $id (pid [0-9]*)" "$WORK/test.log" | sort -u)"
  [[ "$(wc -l <<<"$summaries")" -eq 2 ]] || fail "expected one summary per test process naming session $id, got: ${summaries:-none}"
  left="$(databases "$prefix")"
  [[ -z "$left" ]] || fail "databases left behind: $left"
  say "one session id $id across both projects; 2 summaries (one per process); 0 databases left"
  exit 0
fi

FRAMEWORK="$MODE"
[[ -d "$SUITES/$FRAMEWORK" && "$FRAMEWORK" != shared ]] || fail "unknown framework '$FRAMEWORK' (expected one of: $(ls "$SUITES" | grep -v shared | tr '\n' ' '))"
PROJECT="$WORK/IsolatedSuites/$FRAMEWORK"
new_project "$FRAMEWORK"
write_feed_config "$WORK"
build "$PROJECT/IsolatedSuite.csproj" "$WORK/build.log"
PREFIX="consumer_$FRAMEWORK"
TTL=3

# Starts one run in the background in its own process group (so a SIGKILL reaches the test host too); sets RUN_PID.
# xUnit v3 and TUnit projects are executables on Microsoft.Testing.Platform and run as such; the others run under
# VSTest's `dotnet test`, with the console logger at normal verbosity so the summary line shows.
start_run() {  # name [VAR=value...]
  local name="$1"; shift
  local command
  case "$FRAMEWORK" in
    xunit3|tunit) command=("$PROJECT/bin/Release/net10.0/IsolatedSuite") ;;
    *) command=(dotnet test "$PROJECT/IsolatedSuite.csproj" -c Release --no-build -nologo --logger "console;verbosity=normal") ;;
  esac
  env TRACTATUS_DATABASE_PREFIX="$PREFIX" CONSUMER_REPORT_DIR="$WORK/reports/$name" "$@" \
    setsid timeout "$RUN_TIMEOUT" "${command[@]}" >"$WORK/$name.log" 2>&1 &
  RUN_PID=$!
}
finish_run() {  # name pid: waits, fails unless the run passed and printed its summary
  local rc=0
  wait "$2" || rc=$?
  grep -h 'Tractatus.TestIsolation: session' "$WORK/$1.log" | sed "s/^/  $1: /" || true
  if [[ $rc -ne 0 ]]; then tail -n 40 "$WORK/$1.log" >&2; fail "run $1 exited $rc"; fi
  grep -q 'Tractatus.TestIsolation: session .*databases created 1, dropped 1, left 0' "$WORK/$1.log" || { tail -n 40 "$WORK/$1.log" >&2; fail "run $1 printed no summary with its database dropped"; }
}
database_of() {  # name: the database the run reported, once it exists (generous wait: a busy machine starts slowly)
  local deadline=$((SECONDS + RUN_TIMEOUT))
  while [[ $SECONDS -lt $deadline ]]; do
    local found; found="$(ls "$WORK/reports/$1" 2>/dev/null | head -n 1)"
    if [[ -n "$found" ]]; then echo "${found%.started}"; return 0; fi
    sleep 0.5
  done
  fail "run $1 never created its database"
}
exists() { [[ "$(psql -Atc "SELECT count(*) FROM pg_database WHERE datname = '$1'")" == 1 ]]; }

say "==> $FRAMEWORK: 4 concurrent runs"
pids=()
for i in 1 2 3 4; do start_run "concurrent-$i"; pids+=("$RUN_PID"); done
for i in 1 2 3 4; do finish_run "concurrent-$i" "${pids[$((i - 1))]}"; done
left="$(databases "$PREFIX")"
[[ -z "$left" ]] || fail "databases left after the concurrent runs: $left"
say "4 runs passed, 0 databases left"

say "==> $FRAMEWORK: a run longer than the lease TTL ($TTL s) keeps its database while another run sweeps"
start_run long TRACTATUS_LEASE_TTL_SECONDS=$TTL CONSUMER_RELEASE_FILE="$WORK/release-long"
long=$RUN_PID
long_db="$(database_of long)"
sleep $((2 * TTL)) # past the TTL: without heartbeats the lease would now be expired
start_run sweeper TRACTATUS_LEASE_TTL_SECONDS=$TTL
sweeper=$RUN_PID
finish_run sweeper "$sweeper"
kill -0 "$long" 2>/dev/null || { tail -n 40 "$WORK/long.log" >&2; fail "the long run ended before it was released"; }
exists "$long_db" || fail "the sweeping run removed the live database $long_db"
touch "$WORK/release-long" # the long run now checks that its database and row are still there
finish_run long "$long"
say "$long_db survived a sweep while its run outlived its ${TTL} s lease, and that run passed"

say "==> $FRAMEWORK: a SIGKILLed run is swept by a later run"
start_run killed TRACTATUS_LEASE_TTL_SECONDS=$TTL CONSUMER_RELEASE_FILE="$WORK/never-released"
killed=$RUN_PID
killed_db="$(database_of killed)"
kill -KILL -- "-$killed" 2>/dev/null || true
wait "$killed" 2>/dev/null || true
exists "$killed_db" || fail "$killed_db vanished with its killed owner; expected a later sweep to remove it"
for attempt in 1 2 3; do
  sleep $((TTL + 1)) # until the lease expires by the server's clock
  start_run "later-$attempt" TRACTATUS_LEASE_TTL_SECONDS=$TTL
  later=$RUN_PID
  finish_run "later-$attempt" "$later"
  exists "$killed_db" || break
done
exists "$killed_db" && fail "$killed_db of the killed run was not swept by 3 later runs"
grep -q 'swept [1-9][0-9]* orphan' "$WORK/later-$attempt.log" || fail "the later run's summary does not mention the sweep"
left="$(databases "$PREFIX")"
[[ -z "$left" ]] || fail "databases left at the end: $left"
say "$killed_db of the killed run was swept by a later run"

# xUnit v3 4.x and TUnit run on Microsoft.Testing.Platform: `dotnet test` works once global.json selects it as
# the test runner (for every project of that solution, so VSTest-based projects need a solution of their own).
if [[ "$FRAMEWORK" == xunit3 || "$FRAMEWORK" == tunit ]]; then
  say "==> $FRAMEWORK: dotnet test with Microsoft.Testing.Platform selected in global.json"
  sdk="$(dotnet --version)"
  printf '{\n  "sdk": { "version": "%s", "rollForward": "latestFeature" },\n  "test": { "runner": "Microsoft.Testing.Platform" }\n}\n' "$sdk" >"$WORK/global.json"
  set +e
  (cd "$WORK" && TRACTATUS_DATABASE_PREFIX="$PREFIX" timeout "$RUN_TIMEOUT" dotnet test --project "IsolatedSuites/$FRAMEWORK/IsolatedSuite.csproj" -c Release --no-build) >"$WORK/mtp.log" 2>&1
  rc=$?
  set -e
  grep -h 'Tractatus.TestIsolation: session\|passed\|failed' "$WORK/mtp.log" | head -n 5 | sed 's/^/  mtp: /' || true
  [[ $rc -eq 0 ]] || { tail -n 30 "$WORK/mtp.log" >&2; fail "dotnet test under Microsoft.Testing.Platform exited $rc"; }
  left="$(databases "$PREFIX")"
  [[ -z "$left" ]] || fail "databases left after dotnet test: $left"
fi
say "$FRAMEWORK: all consumer expectations met"
