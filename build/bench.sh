#!/usr/bin/env bash
# Runtime benchmarks (docs/benchmarks.md): builds the benchmark runner and the test worker in Release,
# starts the servers the selected groups need (a private PostgreSQL cluster on its own port, so other
# test runs on the shared test cluster neither disturb the figures nor see the benchmark's leftovers;
# the in-memory MongoDB wire stand-in), runs the groups, and prints the markdown results.
#
#   build/bench.sh [--quick] [group...] [runner options]
#     groups: generation shared-state shared-state-processes databases sweep suite all (default: all)
#     suite: the isolated demo suite's wall time at 1/2/4/8 concurrent sessions (build/demo.sh
#       --build-only, then its DemoRunner with --isolated-only; SUITE_SESSIONS="1 2 4 8",
#       SUITE_PROVIDER=sqlite, SUITE_REPEATS=3 (1 with --quick), rounds interleaved), next to the
#       naive suite at 1 session (the same tests without isolation)
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
  sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 0
fi

GROUPS_SELECTED=()
PASS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    generation|shared-state|shared-state-processes|databases|sweep|suite|all) GROUPS_SELECTED+=("$1"); shift ;;
    --quick) PASS+=("--quick"); shift ;;
    --*) PASS+=("$1" "$2"); shift 2 ;;
    *) echo "bench.sh: unknown argument '$1' (groups: generation shared-state shared-state-processes databases sweep suite all)" >&2; exit 2 ;;
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
RUNNER_GROUPS=()
for g in "${GROUPS_SELECTED[@]}"; do [[ "$g" == suite ]] || RUNNER_GROUPS+=("$g"); done
if [[ ${#RUNNER_GROUPS[@]} -gt 0 ]]; then
  dotnet "$RUNNER" "${RUNNER_GROUPS[@]}" --worker "$WORKER" "${PASS[@]}"
fi

if wants suite; then
  echo "==> Suite wall time (build/demo.sh --build-only, then the DemoRunner with --isolated-only)"
  RESULTS="$ROOT/artifacts/bench/results"
  SUITE_WORK="$ROOT/artifacts/bench/demo"
  mkdir -p "$RESULTS" "$SUITE_WORK"
  build/demo.sh --build-only >"$SUITE_WORK/build.log" 2>&1 || { tail -n 20 "$SUITE_WORK/build.log"; echo "bench.sh: build/demo.sh --build-only failed" >&2; exit 1; }
  # A private copy of the build: build/demo.sh runs elsewhere may rebuild or clean samples/*/bin meanwhile.
  rm -rf "$SUITE_WORK/bin"
  for p in DemoRunner DocumentApi.NaiveTests DocumentApi.IsolatedTests; do
    mkdir -p "$SUITE_WORK/bin/$p" && cp -r "$ROOT/samples/$p/bin/Release/net10.0/." "$SUITE_WORK/bin/$p/"
  done
  demo_bin() { echo "$SUITE_WORK/bin/$1/$1.dll"; }
  demo_run() {
    local sessions="$1" mode="$2" rep="$3"
    rm -rf "$SUITE_WORK/run"
    echo "  round $rep: $mode, $sessions session(s); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet "$(demo_bin DemoRunner)" --naive-dll "$(demo_bin DocumentApi.NaiveTests)" --isolated-dll "$(demo_bin DocumentApi.IsolatedTests)" \
      --work "$SUITE_WORK/run" --provider "${SUITE_PROVIDER:-sqlite}" --sessions "$sessions" "--$mode-only" \
      --json "$SUITE_WORK/$mode-$sessions-$rep.json" >"$SUITE_WORK/$mode-$sessions-$rep.log" 2>&1 \
      || { tail -n 20 "$SUITE_WORK/$mode-$sessions-$rep.log"; echo "bench.sh: the demo runner failed; see $SUITE_WORK/$mode-$sessions-$rep.log" >&2; exit 1; }
    echo "$mode $sessions $(cut -d' ' -f1 /proc/loadavg)" >>"$SUITE_WORK/loads.txt"
  }
  rm -f "$SUITE_WORK"/*.json "$SUITE_WORK"/*.log "$SUITE_WORK/loads.txt"
  repeats="${SUITE_REPEATS:-3}"
  [[ " ${PASS[*]-} " == *" --quick "* ]] && repeats="${SUITE_REPEATS:-1}"
  for rep in $(seq 1 "$repeats"); do
    demo_run 1 naive "$rep"
    for n in ${SUITE_SESSIONS:-1 2 4 8}; do demo_run "$n" isolated "$rep"; done
  done
  python3 - "$SUITE_WORK" "$RESULTS/suite.md" "${SUITE_PROVIDER:-sqlite}" <<'PY'
import collections, glob, json, os, statistics, sys
work, out, provider = sys.argv[1], sys.argv[2], sys.argv[3]
loads = collections.defaultdict(list)
for line in open(os.path.join(work, "loads.txt")):
    mode, sessions, load = line.split()[:3]
    loads[(mode, int(sessions))].append(load)
runs = collections.defaultdict(list)
for path in sorted(glob.glob(os.path.join(work, "*.json")), key=lambda p: int(p.rsplit("-", 1)[1][:-5])):
    data = json.load(open(path))
    mode = "naive" if data.get("naive") else "isolated"
    phase = {k.lower(): v for k, v in data[mode].items()}
    runs[(mode, int(data.get("Sessions") or data.get("sessions")))].append(phase)
lines = ["| Suite | Concurrent sessions | Rounds | Wall time median (s) | Wall time per round (s) | Slowest session, median (s) | Failed tests (all rounds) | Leftover databases (all rounds) | Load (1 min) after each round |",
         "|---|---:|---:|---:|---|---:|---:|---:|---|"]
for key in sorted(runs, key=lambda k: (k[0] != "naive", k[1])):
    phases = runs[key]
    walls = [p["wallseconds"] for p in phases]
    slowest = [max(p.get("sessionseconds") or [0]) for p in phases]
    lines.append(f"| {key[0]} | {key[1]} | {len(phases)} | {statistics.median(walls):.1f} | {', '.join(f'{w:.1f}' for w in walls)} | {statistics.median(slowest):.1f} | "
                 f"{sum(p.get('testsfailed', 0) for p in phases)} | {sum(p.get('leftoverdatabases', 0) for p in phases)} | {', '.join(loads[key])} |")
lines.append("")
lines.append(f"Provider {provider}; each session is one `dotnet test` process of the demo suite (about 10 tests) (TRACTATUS_DEMO_WORK_MS={os.environ.get('TRACTATUS_DEMO_WORK_MS', '400')} ms of work per test); the naive row runs 1 session so it does not collide.")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
fi
echo "==> Done in $(( $(date +%s) - started )) s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
