#!/usr/bin/env bash
# Analyzer cost on a large test project: generates a synthetic xUnit suite (default 2,000 files,
# half seeding data through MongoDB.Driver / EF Core, half plain tests) under artifacts/bench,
# adds our analyzers (the Release dlls, via <Analyzer Include>) next to xunit.analyzers (which
# xunit 2.9.3 brings), compiles it RUNS times with -p:ReportAnalyzer=true, and prints our total
# analyzer time next to xunit.analyzers' from the same builds. With --record it also writes the
# figures and the command into docs/benchmarks.md (section "Analyzers").
#
#   build/bench-analyzers.sh [--record] [--files N]
#     RUNS=5 by default; REPARSE=1 reuses the last logs; BENCH_NOTE="..." adds a sentence to the record
#     (e.g. what else was running); IN_PROCESS=0 skips the in-process, one-thread figures (ITERATIONS=3)
#
# The goal: ours <= 0.35 x xunit.analyzers' (GOAL=0.35). Timings are the compiler's per-analyzer execution times
# (summed over callbacks); the first run includes JIT warm-up of both packages, and load on the
# machine moves all figures, so the per-run ratio and the medians are what count.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RECORD=0
FILES=2000
RUNS="${RUNS:-5}"
GOAL="${GOAL:-0.35}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --record) RECORD=1; shift ;;
    --files) FILES="$2"; shift 2 ;;
    *) echo "bench-analyzers.sh: unknown argument '$1' (expected --record, --files N)" >&2; exit 2 ;;
  esac
done

BENCH="$ROOT/artifacts/bench"
SUITE="$BENCH/BenchSuite"
LOGS="$BENCH/logs"
ANALYZERS_DLL="$ROOT/src/Tractatus.TestIsolation.Analyzers/bin/Release/netstandard2.0/Tractatus.TestIsolation.Analyzers.dll"
CODEFIXES_DLL="$ROOT/src/Tractatus.TestIsolation.CodeFixes/bin/Release/netstandard2.0/Tractatus.TestIsolation.CodeFixes.dll"

# REPARSE=1 reads the logs of the previous runs again (e.g. after changing this report) without building.
if [[ "${REPARSE:-0}" != "1" ]]; then
  echo "==> Build our analyzers (Release)"
  dotnet build src/Tractatus.TestIsolation.CodeFixes/Tractatus.TestIsolation.CodeFixes.csproj -c Release -nologo -v:q -clp:ErrorsOnly

  echo "==> Generate $FILES files under ${SUITE#$ROOT/}"
  python3 build/bench/generate-suite.py "$SUITE" "$ANALYZERS_DLL" "$CODEFIXES_DLL" --files "$FILES"
  mkdir -p "$LOGS"

  echo "==> Restore"
  dotnet restore "$SUITE/BenchSuite.csproj" -nologo -v:q

  for run in $(seq 1 "$RUNS"); do
    echo "==> Build $run/$RUNS (-p:ReportAnalyzer=true)"
    # --no-incremental: every run compiles (an up-to-date build runs no analyzer at all).
    # -v:d: the compiler's per-analyzer timing table is logged at detailed verbosity.
    dotnet build "$SUITE/BenchSuite.csproj" -c Release --no-restore --no-incremental -nologo \
      -p:ReportAnalyzer=true -v:d >"$LOGS/build-$run.log" 2>&1 \
      || { tail -n 40 "$LOGS/build-$run.log"; echo "bench-analyzers.sh: build $run failed; see $LOGS/build-$run.log" >&2; exit 1; }
  done
fi

# The same compilation in-process on one thread (build/bench/Tractatus.TestIsolation.AnalyzerCost): no
# contention with the compiler's own threads, so two builds of the analyzers compare more steadily than in
# the builds above. Iteration 1 pays JIT and first-use costs like a build without the compiler server.
# IN_PROCESS=0 skips it; ITERATIONS=3 by default.
rm -f "$LOGS/in-process.md"
if [[ "${IN_PROCESS:-1}" == "1" ]]; then
  echo "==> In-process, one thread (${ITERATIONS:-3} iterations)"
  dotnet build build/bench/Tractatus.TestIsolation.AnalyzerCost/Tractatus.TestIsolation.AnalyzerCost.csproj -c Release -nologo -v:q -clp:ErrorsOnly
  XUNIT_DLL="$(grep -o '/analyzer:[^ ]*/xunit\.analyzers\.dll' "$LOGS/build-$RUNS.log" | tail -n 1 | cut -d: -f2-)"
  # The build figures below are the ones judged: a failure here is reported, not fatal.
  if [[ -z "$XUNIT_DLL" ]]; then
    echo "bench-analyzers.sh: no xunit.analyzers in $LOGS/build-$RUNS.log; in-process figures skipped" >&2
  elif ! dotnet build/bench/Tractatus.TestIsolation.AnalyzerCost/bin/Release/net10.0/Tractatus.TestIsolation.AnalyzerCost.dll \
      "$LOGS/build-$RUNS.log" "$SUITE" "${ITERATIONS:-3}" "$ANALYZERS_DLL" "$XUNIT_DLL" > "$LOGS/in-process.md"; then
    echo "bench-analyzers.sh: the in-process run failed (above); its figures are skipped" >&2
    rm -f "$LOGS/in-process.md"
  else
    cat "$LOGS/in-process.md"
  fi
fi

python3 - "$ROOT" "$LOGS" "$RUNS" "$FILES" "$RECORD" "$GOAL" <<'PY'
import datetime, glob, os, re, statistics, subprocess, sys

root, logs, runs, files, record = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
goal = float(sys.argv[6])

def analyzer_times(path):
    """Per-assembly seconds from the compiler's 'Total analyzer execution time' table."""
    times, in_table = {}, False
    for line in open(path, encoding="utf-8", errors="replace"):
        if "Total analyzer execution time" in line:
            in_table, times = True, {}
            continue
        if in_table:
            if "Total generator execution time" in line:
                in_table = False
                continue
            # "   0.123   12   xunit.analyzers, Version=1.18.0.0, ..." (assembly rows; rule rows are indented deeper and lack ", Version=")
            m = re.match(r"^\s*(<?\d+(?:\.\d+)?)\s+(<?\d+)\s+([^\s,]+), Version=", line)
            if m:
                seconds = float(m.group(1).lstrip("<"))
                times[m.group(3)] = times.get(m.group(3), 0.0) + seconds
    return times

def rule_times(path, assembly):
    """Per-analyzer rows of one assembly in the last timing table: [(seconds, 'Analyzer (IDs)')]."""
    rows, current = [], None
    for line in open(path, encoding="utf-8", errors="replace"):
        if "Total analyzer execution time" in line:
            rows, current = [], None
            continue
        head = re.match(r"^\s*<?\d+(?:\.\d+)?\s+<?\d+\s+([^\s,]+), Version=", line)
        if head:
            current = head.group(1)
            continue
        row = re.match(r"^\s*<?(\d+(?:\.\d+)?)\s+<?\d+\s+(\S+) (\(.*\))\s*$", line)
        if row and current == assembly:
            rows.append((float(row.group(1)), row.group(2).rsplit(".", 1)[-1] + " " + row.group(3)))
        elif not line.strip():
            current = None
    return rows

def warnings(path):
    counts = {}
    seen = set()
    for line in open(path, encoding="utf-8", errors="replace"):
        # -v:d prints each warning more than once (with and without a node prefix); count locations.
        m = re.search(r"([^\s>]+\.cs\(\d+,\d+\)): warning (TI\d{4}|xUnit\d{4}):", line)
        if m and (m.group(1), m.group(2)) not in seen:
            seen.add((m.group(1), m.group(2)))
            counts[m.group(2)] = counts.get(m.group(2), 0) + 1
    return counts

ours_name, xunit_name = "Tractatus.TestIsolation.Analyzers", "xunit.analyzers"
rows = []
for run in range(1, runs + 1):
    t = analyzer_times(os.path.join(logs, "build-%d.log" % run))
    if ours_name not in t or xunit_name not in t:
        sys.exit("build %d: no timing for %s (found: %s); is ReportAnalyzer honoured and are both analyzers referenced?"
                 % (run, ours_name if ours_name not in t else xunit_name, ", ".join(sorted(t)) or "nothing"))
    rows.append((run, t[ours_name], t[xunit_name]))

ours_median = statistics.median(r[1] for r in rows)
xunit_median = statistics.median(r[2] for r in rows)
ratio_median = statistics.median(r[1] / r[2] for r in rows)
counts = warnings(os.path.join(logs, "build-%d.log" % runs))
per_rule = rule_times(os.path.join(logs, "build-%d.log" % runs), ours_name)
ti = {k: v for k, v in sorted(counts.items()) if k.startswith("TI")}

# Which rules the measured dll declares: its release-tracking file lists them; the warnings show which fired.
declared = []
unshipped = open(os.path.join(root, "src/Tractatus.TestIsolation.Analyzers/AnalyzerReleases.Unshipped.md")).read()
shipped = open(os.path.join(root, "src/Tractatus.TestIsolation.Analyzers/AnalyzerReleases.Shipped.md")).read()
declared = sorted(set(re.findall(r"^(TI\d{4})\s*\|", shipped + unshipped, re.M)))
analyzer_files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(root, "src/Tractatus.TestIsolation.Analyzers/**/*Analyzer.cs"), recursive=True))

print()
print("%-6s %14s %14s %8s" % ("run", "ours (s)", "xunit (s)", "ratio"))
for run, ours, xunit in rows:
    print("%-6d %14.3f %14.3f %8.2f" % (run, ours, xunit, ours / xunit))
print("%-6s %14.3f %14.3f %8.2f" % ("median", ours_median, xunit_median, ratio_median))
verdict = ("goal met" if ratio_median <= goal else "goal missed") + \
    " (ours / xunit.analyzers, median of the per-run ratios: %.2f; goal <= %.2f)" % (ratio_median, goal)
for seconds, name in per_rule:
    print("      %8.3f  %s" % (seconds, name))
print("%s; TI diagnostics in the last build: %s" % (verdict, ", ".join("%s x%d" % kv for kv in ti.items()) or "none"))
if not ti:
    # The suite seeds fixed values on purpose: a build with no finding did not exercise the rules' costly paths.
    sys.exit("bench-analyzers.sh: the suite produced no TI diagnostic, so the figures do not measure the rules; "
             "check build/bench/generate-suite.py still writes fixed values to a shared store.")

if record:
    xv = re.search(r"xunit\.analyzers, Version=(\d+\.\d+\.\d+)", open(os.path.join(logs, "build-%d.log" % runs), encoding="utf-8", errors="replace").read())
    xunit_version = xv.group(1) if xv else "?"
    sdk = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    cores = os.cpu_count()
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    table = "\n".join("| %d | %.3f | %.3f | %.2f |" % (r + (r[1] / r[2],)) for r in rows)
    rule_table = "\n".join("| %s | %.3f |" % (name, seconds) for seconds, name in per_rule)
    in_process_path = os.path.join(logs, "in-process.md")
    in_process = ""
    if os.path.exists(in_process_path):
        in_process = ("The same compilation in-process on one thread (`build/bench/Tractatus.TestIsolation.AnalyzerCost`, "
                      "no contention with the compiler's threads; iteration 1 includes JIT and first-use costs, "
                      "as a build without the compiler server does):\n\n" + open(in_process_path).read().strip() + "\n\n")
    section = f"""## Analyzers

Our analyzers' total execution time next to xunit.analyzers' on the same compilations of a
synthetic xUnit test project ({files:,} files: half seed data through MongoDB.Driver and EF Core —
POCOs, BsonDocuments, dictionaries, Builders and lambda filters, upserts, `Add`/`AddRange`/`Update`,
teardown deletes, one seeding file in ten with a fixed slug — and half are plain unit tests).

Command:

```sh
build/bench-analyzers.sh --record        # RUNS={runs}, generates artifacts/bench/BenchSuite
```

Each run is `dotnet build -c Release --no-incremental -p:ReportAnalyzer=true -v:d`; the figures are
the compiler's "Total analyzer execution time" rows for the two assemblies (seconds, summed over
all analyzer callbacks, so they can exceed the build's wall time on several cores).

Measured {today} on {cores} cores, .NET SDK {sdk}, xunit 2.9.3 (xunit.analyzers {xunit_version}, from its
dependency), MongoDB.Driver 3.14.0, EF Core 10.0.15.

| Run | Tractatus.TestIsolation.Analyzers (s) | xunit.analyzers (s) | Ours / xunit |
|---|---|---|---|
{table}
| **Median** | **{ours_median:.3f}** | **{xunit_median:.3f}** | **{ratio_median:.2f}** |

Result: {verdict}.

Absolute times move with the load on the machine, so the per-run ratio is the figure to compare.{(" " + os.environ["BENCH_NOTE"]) if os.environ.get("BENCH_NOTE") else ""}

Our analyzers by rule, last run:

| Analyzer (rule) | Seconds |
|---|---|
{rule_table}

{in_process}Rules in the measured build: {", ".join(declared)} (analyzers: {", ".join(a[:-3] for a in analyzer_files) or "none yet"}).
Diagnostics reported in the last run: {", ".join("%s ×%d" % kv for kv in ti.items()) or "none"}.
"""
    path = os.path.join(root, "docs/benchmarks.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\nFigures from this repository's benchmark scripts, with the command that produced them.\n\n"
    start = text.find("## Analyzers")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("" if end < 0 else text[end:])
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(path, "w").write(text)
    print("recorded in docs/benchmarks.md")
PY
