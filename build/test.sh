#!/usr/bin/env bash
# The README's test command: installs and starts what the tests need, builds, runs every test
# project, and ends with one plain line "N passed, N failed, N skipped".
#
#   build/test.sh                 # everything
#   build/test.sh --filter EXPR   # passed to dotnet test --filter
#
# Servers: PostgreSQL 15 (apt, private cluster) and the in-memory MongoDB wire server (npm) are
# started by build/services/*.sh unless TRACTATUS_TEST_POSTGRES / TRACTATUS_TEST_MONGODB_URI are
# already set. Set TRACTATUS_SKIP_SERVICES=1 to run without them (their tests then report skipped).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIGURATION="${CONFIGURATION:-Release}"
RESULTS="$ROOT/artifacts/test-results"
FILTER=()
if [[ "${1:-}" == "--filter" && -n "${2:-}" ]]; then FILTER=(--filter "$2"); fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }

if [[ "${TRACTATUS_SKIP_SERVICES:-0}" != "1" ]]; then
  if [[ -z "${TRACTATUS_TEST_POSTGRES:-}" && -x build/services/postgres.sh ]]; then
    step "PostgreSQL"
    pg_env=$(build/services/postgres.sh) || { echo "build/test.sh: PostgreSQL could not be started (see above)." >&2; exit 1; }
    eval "$pg_env"
  fi
  if [[ -z "${TRACTATUS_TEST_MONGODB_URI:-}" && -z "${TRACTATUS_TEST_MONGODB_WIRE_URI:-}" && -x build/services/mongodb-wire.sh ]]; then
    step "MongoDB wire server"
    mongo_env=$(build/services/mongodb-wire.sh) || { echo "build/test.sh: the MongoDB wire server could not be started (see above)." >&2; exit 1; }
    eval "$mongo_env"
  fi
fi

step "Restore and build ($CONFIGURATION)"
dotnet build Tractatus.TestIsolation.sln -c "$CONFIGURATION" -nologo -clp:ErrorsOnly

# The stress tests run the demo suites of samples/ (built against the packed analyzer and runtime);
# build them once here so the test run does not pack and build in the middle of other tests.
if [[ -x build/demo.sh && ( ${#FILTER[@]} -eq 0 || "${FILTER[1]}" == *Stress* ) ]]; then
  step "Demo suites (build/demo.sh --build-only)"
  if build/demo.sh --build-only; then export TRACTATUS_DEMO_PREBUILT=1; fi
fi

# The tool tests install the tractatus-isolation package with the runtime packages of the same pack (the one the
# demo step just made is reused while src/ is unchanged), so the test run does not pack in the middle of tests.
if [[ ${#FILTER[@]} -eq 0 || "${FILTER[1]}" == *Tool* ]]; then
  step "Packages for the tool tests (build/pack-once.sh)"
  if packed_version="$(build/pack-once.sh artifacts/tool-tests/pack.log)"; then
    export TRACTATUS_TOOL_TEST_VERSION="$packed_version"
  fi
fi

step "Test"
rm -rf "$RESULTS"
set +e
dotnet test Tractatus.TestIsolation.sln -c "$CONFIGURATION" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" "${FILTER[@]}"
test_exit=$?

# TUnit runs on Microsoft.Testing.Platform only, which VSTest's `dotnet test` refuses; its test project is an
# executable, run here with a TRX report so the totals below count it.
TUNIT_TESTS="tests/Tractatus.TestIsolation.TUnit.Tests/bin/$CONFIGURATION/net10.0/Tractatus.TestIsolation.TUnit.Tests"
if [[ ${#FILTER[@]} -eq 0 || "${FILTER[1]}" == *TUnit* ]]; then
  step "Test: TUnit (the test executable)"
  "$TUNIT_TESTS" --report-trx --results-directory "$RESULTS/tunit" --progress off || test_exit=1
fi
set -e

extra_passed=0
extra_failed=0
# Whole-product checks, each counted as one test: what a user sees in a build, what
# `dotnet format` makes of the naive sample, and the demo's before/after table.
check() {
  local title="$1"; shift
  step "Check: $title"
  if "$@"; then extra_passed=$((extra_passed + 1)); else
    echo "CHECK FAILED: $title" >&2; extra_failed=$((extra_failed + 1)); failed_checks+=("$title")
  fi
}
failed_checks=()
if [[ ${#FILTER[@]} -eq 0 ]]; then
  check "analyzer package diagnostics in the naive sample's build" build/sample-diagnostics.sh
  check "dotnet format fixes the naive sample to zero TI warnings" build/format-naive-sample.sh
  check "demo: naive vs isolated, 2 sessions (SQLite)" build/demo.sh
  # The packed packages in a new project of each framework (build/consumer-tests.sh says what each proves).
  check "packages: no provider depends on a test framework" build/consumer-tests.sh --packages
  for framework in xunit2 xunit3 nunit mstest tunit; do
    check "consumer ($framework): concurrent, long-running and killed runs on one PostgreSQL" build/consumer-tests.sh "$framework"
  done
  check "consumer: dotnet test of a two-project solution under one TRACTATUS_SESSION_ID" build/consumer-tests.sh --solution
fi

# Totals from the TRX files (VSTest's own summary line is not a plain "N passed, N failed" line).
# Each failure is named again just above the totals, so the end of a long log says what failed.
mkdir -p "$RESULTS"
read -r passed failed skipped < <(python3 - "$RESULTS" "$RESULTS/failures.txt" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
failures = []
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for r in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        o = r.get("outcome")
        if o == "Passed": p += 1
        elif o in ("Failed", "Error", "Timeout", "Aborted"):
            f += 1
            message = r.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=ns).strip().splitlines()
            failures.append(f"FAILED {r.get('testName')}: {message[0][:300] if message else o}")
        else: s += 1
open(sys.argv[2], "w").write("".join(line + "\n" for line in failures))
print(p, f, s)
PY
)
echo
cat "$RESULTS/failures.txt"
for title in "${failed_checks[@]}"; do echo "FAILED check: $title"; done
passed=$((passed + extra_passed))
failed=$((failed + extra_failed))
if [[ $test_exit -ne 0 && $failed -eq 0 ]]; then failed=1; fi  # a crashed test host counts as a failure
echo
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
