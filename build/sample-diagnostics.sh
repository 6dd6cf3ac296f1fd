#!/usr/bin/env bash
# What a user sees: packs the analyzers, restores samples/NaiveSuite against that exact package
# from the local feed (a NuGet PackageReference, as a user installs it), builds it with a SARIF
# error log, and checks every diagnostic:
#   - each line marked "// expect: TIxxxx ..." in samples/NaiveSuite*/ gets exactly those rules,
#   - no other TI diagnostic appears anywhere (a false positive fails the check too),
#   - TI1001, TI1002, TI1003, TI1004 and TI2002 are all among them,
#   - the SARIF logs hold the same results, and each rule's helpUri is its docs/rules page.
# Exits non-zero, saying what differs, otherwise.
#
#   build/sample-diagnostics.sh            # pack, then check
#   SKIP_PACK=1 VERSION=0.1.0-dev.X build/sample-diagnostics.sh   # check an existing pack
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PROJECT="samples/NaiveSuite/NaiveSuite.csproj"
OUT="$ROOT/artifacts/sample-diagnostics"
SARIF="$OUT/naive.sarif"   # NaiveSuite.Tooling's log lands beside it as naive.NaiveSuite.Tooling.sarif
mkdir -p "$OUT"
rm -f "$OUT"/*.sarif "$OUT/build.log"

if [[ "${SKIP_PACK:-0}" != "1" ]]; then
  package="$(build/pack.sh | grep '/Tractatus.TestIsolation.Analyzers\.' | tail -n 1)"
  VERSION="$(basename "$package" .nupkg)"
  VERSION="${VERSION#Tractatus.TestIsolation.Analyzers.}"
elif [[ -z "${VERSION:-}" ]]; then
  echo "sample-diagnostics.sh: SKIP_PACK=1 needs VERSION=<the packed version>" >&2
  exit 2
fi
echo "==> Analyzer package $VERSION"

# A version packed twice with VERSION=... would otherwise be served from the stale extracted copy.
global_packages="$(dotnet nuget locals global-packages --list | sed -e 's/^[^:]*: *//')"
rm -rf "${global_packages%/}/tractatus.testisolation.analyzers/$VERSION"

echo "==> Restore $PROJECT"
dotnet restore "$PROJECT" --force-evaluate "-p:TractatusAnalyzersVersion=$VERSION" -nologo -v:q

echo "==> Build $PROJECT (SARIF: $SARIF)"
set +e
dotnet build "$PROJECT" --no-restore --no-incremental -nologo -clp:NoSummary \
  "-p:TractatusAnalyzersVersion=$VERSION" "-p:ErrorLog=$SARIF%2Cversion=2.1" >"$OUT/build.log" 2>&1
build_exit=$?
set -e
grep -E 'warning TI[0-9]{4}|error ' "$OUT/build.log" | sed -e "s#$ROOT/##" | sort -u || true
if [[ $build_exit -ne 0 ]]; then
  echo "sample-diagnostics.sh: the sample does not build (exit $build_exit); see $OUT/build.log" >&2
  exit 1
fi

python3 - "$ROOT" "$OUT" <<'PY'
import glob, json, os, re, sys

root, out = sys.argv[1], sys.argv[2]
required = {"TI1001", "TI1002", "TI1003", "TI1004", "TI2002"}
help_root = re.search(r'HelpRoot\s*=\s*"([^"]+)"',
                      open(os.path.join(root, "src/Tractatus.TestIsolation.Analyzers/Descriptors.cs")).read()).group(1)

def rel(path):
    path = os.path.normpath(path)
    return os.path.relpath(path, root) if os.path.isabs(path) else path

# Expected: "// expect: TI1001 TI1004" on the line the diagnostics belong to.
expected = set()
for source in sorted(glob.glob(os.path.join(root, "samples/NaiveSuite*/**/*.cs"), recursive=True)):
    if "/obj/" in source or "/bin/" in source:
        continue
    for number, text in enumerate(open(source, encoding="utf-8"), 1):
        marker = re.search(r"//\s*expect:\s*((?:TI\d{4}\s*)+)", text)
        if marker:
            for rule in marker.group(1).split():
                expected.add((rel(source), number, rule))

# Reported in the build output: "path(line,col): warning TI1001: message [project]".
reported = set()
for line in open(os.path.join(out, "build.log"), encoding="utf-8", errors="replace"):
    m = re.match(r"^\s*(?P<file>[^(\s][^(]*)\((?P<line>\d+),\d+\): warning (?P<id>TI\d{4}):", line)
    if m:
        reported.add((rel(m.group("file")), int(m.group("line")), m.group("id")))

# Reported in the SARIF logs (2.1.0): results and each rule's helpUri.
sarif_results, help_uris, sarif_files = set(), {}, sorted(glob.glob(os.path.join(out, "*.sarif")))
for path in sarif_files:
    log = json.load(open(path, encoding="utf-8"))
    for run in log.get("runs", []):
        for rule in run.get("tool", {}).get("driver", {}).get("rules", []):
            if rule.get("id", "").startswith("TI"):
                help_uris[rule["id"]] = rule.get("helpUri")
        for result in run.get("results", []):
            rule_id = result.get("ruleId", "")
            if not rule_id.startswith("TI"):
                continue
            for location in result.get("locations", [])[:1]:
                physical = location.get("physicalLocation", {})
                uri = physical.get("artifactLocation", {}).get("uri", "")
                if uri.startswith("file://"):
                    uri = uri[len("file://"):]
                sarif_results.add((rel(uri), physical.get("region", {}).get("startLine", 0), rule_id))

problems = []
for item in sorted(expected - reported):
    problems.append("missing in build output: %s(%d): %s" % item)
for item in sorted(reported - expected):
    problems.append("unexpected diagnostic (false positive, or mark the line '// expect: %s'): %s(%d): %s" % ((item[2],) + item))
for rule in sorted(required - {r for (_, _, r) in reported}):
    problems.append("rule %s reported nowhere in the sample" % rule)
if not sarif_files:
    problems.append("no SARIF log written under %s" % rel(out))
for item in sorted(reported - sarif_results):
    problems.append("in the build output but not in SARIF: %s(%d): %s" % item)
for rule in sorted({r for (_, _, r) in reported}):
    want = help_root + rule + ".md"
    if help_uris.get(rule) != want:
        problems.append("SARIF helpUri of %s is %r, expected %r" % (rule, help_uris.get(rule), want))
    elif not os.path.isfile(os.path.join(root, "docs/rules", rule + ".md")):
        problems.append("SARIF links %s to docs/rules/%s.md, which does not exist" % (rule, rule))

print()
print("expected %d diagnostics, build reported %d, SARIF (%s) holds %d"
      % (len(expected), len(reported), ", ".join(rel(p) for p in sarif_files) or "none", len(sarif_results)))
for item in sorted(expected & reported):
    print("  ok  %s(%d): %s" % item)
if problems:
    print()
    for p in problems:
        print("FAIL " + p)
    sys.exit(1)
print("sample diagnostics: OK (%s)" % ", ".join(sorted({r for (_, _, r) in reported})))
PY
