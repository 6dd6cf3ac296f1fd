#!/usr/bin/env bash
# Runtime benchmarks (docs/benchmarks.md): builds the benchmark runner and the test worker in Release,
# starts the servers the selected groups need (a private PostgreSQL cluster on its own port, so other
# test runs on the shared test cluster neither disturb the figures nor see the benchmark's leftovers;
# the in-memory MongoDB wire stand-in), runs the groups, and prints the markdown results.
#
#   build/bench.sh [--quick] [group...] [runner options]
#     groups: generation shared-state shared-state-processes databases sweep all (default: all)
#     --quick   short smoke run: fewer runs, smaller counts (figures are rough)
#     runner options are passed on, e.g. --runs 25, --appends 500, --pg-live 1000 (see --help)
#
# Settings (environment): BENCH_PG_PORT (default 55433), BENCH_MONGO_WIRE_PORT (default 57018).
# Results: artifacts/bench/results/<group>.md; BenchmarkDotNet's own logs: artifacts/bench/BenchmarkDotNet/.
# Never run by CI (CI only compiles the runner).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PROJECT="build/bench/Tractatus.TestIsolation.Benchmarks/Tractatus.TestIsolation.Benchmarks.csproj"
RUNNER="build/bench/Tractatus.TestIsolation.Benchmarks/bin/Release/net10.0/Tractatus.TestIsolation.Benchmarks.dll"
WORKER="tests/Tractatus.TestIsolation.Worker/bin/Release/net10.0/Tractatus.TestIsolation.Worker.dll"

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 0
fi

GROUPS_SELECTED=()
PASS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    generation|shared-state|shared-state-processes|databases|sweep|all) GROUPS_SELECTED+=("$1"); shift ;;
    --quick) PASS+=("--quick"); shift ;;
    --*) PASS+=("$1" "$2"); shift 2 ;;
    *) echo "bench.sh: unknown argument '$1' (groups: generation shared-state shared-state-processes databases sweep all)" >&2; exit 2 ;;
  esac
done
[[ ${#GROUPS_SELECTED[@]} -gt 0 ]] || GROUPS_SELECTED=(all)
wants() { local g; for g in "${GROUPS_SELECTED[@]}"; do [[ "$g" == "$1" || "$g" == all ]] && return 0; done; return 1; }

echo "==> Build (Release)"
dotnet build "$PROJECT" -c Release -nologo -v:q -clp:ErrorsOnly
if wants shared-state-processes; then
  dotnet build tests/Tractatus.TestIsolation.Worker/Tractatus.TestIsolation.Worker.csproj -c Release -nologo -v:q -clp:ErrorsOnly
fi

if wants databases || wants sweep; then
  echo "==> PostgreSQL (private benchmark cluster on port ${BENCH_PG_PORT:-55433})"
  eval "$(TRACTATUS_PG_PORT="${BENCH_PG_PORT:-55433}" build/services/postgres.sh)"
fi
if wants databases; then
  echo "==> MongoDB wire stand-in (port ${BENCH_MONGO_WIRE_PORT:-57018})"
  eval "$(TRACTATUS_MONGO_WIRE_PORT="${BENCH_MONGO_WIRE_PORT:-57018}" build/services/mongodb-wire.sh)"
fi

echo "==> Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(dotnet --version) SDK, $(uname -sr)"
started=$(date +%s)
dotnet "$RUNNER" "${GROUPS_SELECTED[@]}" --worker "$WORKER" "${PASS[@]}"
echo "==> Done in $(( $(date +%s) - started )) s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
