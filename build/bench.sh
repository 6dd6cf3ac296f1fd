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
#       SUITE_PROVIDER=sqlite), next to the naive suite at 1 session (the same tests without isolation)
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
  sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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
  demo_bin() { echo "$ROOT/samples/$1/bin/Release/net10.0/$1.dll"; }
  demo_run() {
    local sessions="$1" mode="$2"
    rm -rf "$SUITE_WORK/run"
    echo "  $mode, $sessions session(s); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet "$(demo_bin DemoRunner)" --naive-dll "$(demo_bin DocumentApi.NaiveTests)" --isolated-dll "$(demo_bin DocumentApi.IsolatedTests)" \
      --work "$SUITE_WORK/run" --provider "${SUITE_PROVIDER:-sqlite}" --sessions "$sessions" "--$mode-only" \
      --json "$SUITE_WORK/$mode-$sessions.json" >"$SUITE_WORK/$mode-$sessions.log" 2>&1 \
      || { tail -n 20 "$SUITE_WORK/$mode-$sessions.log"; echo "bench.sh: the demo runner failed; see $SUITE_WORK/$mode-$sessions.log" >&2; exit 1; }
    echo "$mode $sessions $(cut -d' ' -f1 /proc/loadavg)" >>"$SUITE_WORK/loads.txt"
  }
  rm -f "$SUITE_WORK"/*.json "$SUITE_WORK/loads.txt"
  demo_run 1 naive
  for n in ${SUITE_SESSIONS:-1 2 4 8}; do demo_run "$n" isolated; done
  python3 - "$SUITE_WORK" "$RESULTS/suite.md" "${SUITE_PROVIDER:-sqlite}" <<'PY'
import glob, json, os, sys
work, out, provider = sys.argv[1], sys.argv[2], sys.argv[3]
loads = {tuple(l.split()[:2]): l.split()[2] for l in open(os.path.join(work, "loads.txt"))}
rows = []
for path in sorted(glob.glob(os.path.join(work, "*.json")), key=lambda p: (os.path.basename(p).split("-")[0] != "naive", int(p.rsplit("-", 1)[1][:-5]))):
    data = json.load(open(path))
    mode = "naive" if data.get("naive") else "isolated"
    phase = data[mode]
    norm = {k.lower(): v for k, v in phase.items()}
    sessions = data.get("Sessions") or data.get("sessions")
    per = norm.get("sessionseconds") or []
    rows.append((mode, sessions, norm.get("wallseconds"), per, norm.get("testsfailed"), norm.get("leftoverdatabases"), loads.get((mode, str(sessions)), "?")))
lines = ["| Suite | Concurrent sessions | Wall time (s) | Per-session time (s) | Failed tests | Leftover databases | Load (1 min) after |", "|---|---:|---:|---|---:|---:|---:|"]
for mode, sessions, wall, per, failed, leftovers, load in rows:
    lines.append(f"| {mode} | {sessions} | {wall} | {', '.join(str(p) for p in per)} | {failed} | {leftovers} | {load} |")
lines.append("")
lines.append(f"Provider {provider}; each session is one `dotnet test` process of the ~10-test suite (TRACTATUS_DEMO_WORK_MS={os.environ.get('TRACTATUS_DEMO_WORK_MS', '400')} ms of work per test).")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
fi
echo "==> Done in $(( $(date +%s) - started )) s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
