#!/usr/bin/env bash
# Checks that the code fixes migrate a real suite: `dotnet format analyzers` applied to a copy of
# the naive sample (samples/NaiveSuite and its tooling library samples/NaiveSuite.Tooling) turns
# it into code that builds with zero TI warnings.
#
# What it does, and therefore what it checks:
#   1. Packs the analyzer package and the runtime packages with one version (build/pack.sh --runtime)
#      into artifacts/packages, the local feed.
#   2. Copies the samples (without bin/obj) to artifacts/format-check/, pins the analyzer to the
#      version just packed, and adds a PackageReference to Tractatus.TestIsolation to both projects:
#      the fixes rewrite code to TestSession / SharedStateFile, so a user installs the runtime
#      package first; that is the only manual step of the migration.
#   3. Runs `dotnet format analyzers --diagnostics TI1001 TI1002 TI1003 TI2002 --severity warn` on
#      a solution holding both projects (so a constant's users in the other project are seen),
#      again (at most three passes) while `--verify-no-changes` still finds one of those diagnostics.
#   4. Builds the copy and fails unless it builds, the compiler ran for both projects (their SARIF
#      logs exist), no TI diagnostic of any rule is left (TI1004 and TI2001 go away as a consequence
#      of the four fixes: the teardown then deletes the per-session slug or works in the per-session
#      database, and the shared-state write happens inside SharedStateFile.UpdateText), and the fixes
#      changed at least one of the files that had one of the four diagnostics.
# The samples themselves are never modified. The fixed copy stays in artifacts/format-check/ for
# inspection; `git diff --no-index samples/NaiveSuite artifacts/format-check/NaiveSuite` shows the fixes.
#
#   build/format-naive-sample.sh                                # pack, then check
#   SKIP_PACK=1 VERSION=0.1.0-dev.X build/format-naive-sample.sh  # check packages already in artifacts/packages
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

OUT="$ROOT/artifacts/format-check"
FEED="$ROOT/artifacts/packages"
RULES=(TI1001 TI1002 TI1003 TI2002)

say() { printf '%s\n' "$*" >&2; }
fail() { say "format-naive-sample.sh: $*"; exit 1; }

for required in samples/NaiveSuite/NaiveSuite.csproj samples/NaiveSuite.Tooling/NaiveSuite.Tooling.csproj samples/Directory.Packages.props; do
  [[ -f "$required" ]] || fail "$required is missing; the naive sample must exist before it can be fixed."
done

if [[ "${SKIP_PACK:-0}" != "1" ]]; then
  say "==> Packing analyzers and runtime"
  packed="$(build/pack.sh --runtime)"
  package="$(grep '/Tractatus.TestIsolation.Analyzers\.' <<<"$packed" | tail -n 1)"
  VERSION="$(basename "$package" .nupkg)"
  VERSION="${VERSION#Tractatus.TestIsolation.Analyzers.}"
elif [[ -z "${VERSION:-}" ]]; then
  fail "SKIP_PACK=1 needs VERSION=<the packed version>"
fi
[[ -f "$FEED/Tractatus.TestIsolation.$VERSION.nupkg" ]] ||
  fail "$FEED/Tractatus.TestIsolation.$VERSION.nupkg is missing: the fixed code calls the runtime. Run build/pack.sh --runtime and fix what keeps it from packing."
say "==> Packages $VERSION"

# A version packed twice with VERSION=... would otherwise be served from a stale extracted copy.
global_packages="$(dotnet nuget locals global-packages --list | sed -e 's/^[^:]*: *//')"
rm -rf "${global_packages%/}/tractatus.testisolation.analyzers/$VERSION" "${global_packages%/}/tractatus.testisolation/$VERSION"

say "==> Copying the samples to $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
cp samples/Directory.Build.props samples/Directory.Build.targets samples/Directory.Packages.props "$OUT/"
for project in NaiveSuite NaiveSuite.Tooling; do
  mkdir -p "$OUT/$project"
  tar -C "samples/$project" --exclude=./bin --exclude=./obj -cf - . | tar -xf - -C "$OUT/$project"
done

# The copy's own feed list: the local feed by absolute path (the repository's nuget.config names it relatively).
cat >"$OUT/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
    <add key="local" value="$FEED" />
  </packageSources>
</configuration>
EOF

# Pin the analyzer to this pack (dotnet format takes no MSBuild properties) and add the runtime package.
python3 - "$OUT" "$VERSION" <<'PY'
import re, sys
out, version = sys.argv[1], sys.argv[2]
props = f"{out}/Directory.Packages.props"
text = open(props, encoding="utf-8").read()
text, pinned = re.subn(r"(<TractatusAnalyzersVersion[^>]*>)[^<]*(</TractatusAnalyzersVersion>)", rf"\g<1>{version}\g<2>", text)
if pinned != 1:
    sys.exit(f"{props}: expected one <TractatusAnalyzersVersion> to pin, found {pinned}")
text = text.replace("</ItemGroup>",
                    f'  <PackageVersion Include="Tractatus.TestIsolation" Version="{version}" />\n  </ItemGroup>', 1)
open(props, "w", encoding="utf-8").write(text)
for project in ("NaiveSuite/NaiveSuite.csproj", "NaiveSuite.Tooling/NaiveSuite.Tooling.csproj"):
    path = f"{out}/{project}"
    text = open(path, encoding="utf-8").read()
    anchor = '<PackageReference Include="Tractatus.TestIsolation.Analyzers"'
    if anchor not in text:
        sys.exit(f"{path}: has no {anchor} ...> to add the runtime package next to")
    text = text.replace(anchor, '<PackageReference Include="Tractatus.TestIsolation" />\n    ' + anchor, 1)
    open(path, "w", encoding="utf-8").write(text)
PY

cd "$OUT"
dotnet new sln --name FormatCheck --format sln --force >/dev/null
dotnet sln FormatCheck.sln add NaiveSuite/NaiveSuite.csproj NaiveSuite.Tooling/NaiveSuite.Tooling.csproj >/dev/null

say "==> Restore"
dotnet restore FormatCheck.sln --force-evaluate -nologo -v:q >restore.log 2>&1 || { cat restore.log >&2; fail "restore of the copy failed; see $OUT/restore.log"; }

# Which files the four rules flag before the fixes: each of them must change.
say "==> Build before the fixes"
dotnet build FormatCheck.sln --no-restore --no-incremental -nologo -clp:NoSummary >build-before.log 2>&1 ||
  { grep -E 'error ' build-before.log >&2 || true; fail "the unfixed copy does not build; see $OUT/build-before.log"; }
rules_regex="$(IFS='|'; echo "${RULES[*]}")"
mapfile -t flagged < <(grep -E "warning ($rules_regex):" build-before.log | sed -E 's#^\s*([^(]+)\(.*#\1#' | sort -u)
[[ ${#flagged[@]} -gt 0 ]] || fail "the copy has no ${RULES[*]} warning before the fixes, so there is nothing to check; is the analyzer package $VERSION complete?"
declare -A before
for file in "${flagged[@]}"; do before["$file"]="$(sha256sum "$file" | cut -d' ' -f1)"; done

# Up to three passes: dotnet format takes the rules one after another (in no fixed order) and
# analyzes again before each; one rule's fix changes what the next sees (slugs in a per-session
# database no longer collide, so TI1002's fix can make TI1001 moot), and runs have been seen that
# left a rule's diagnostics for the next pass. A pass with nothing left to fix changes nothing.
for pass in 1 2 3; do
  say "==> dotnet format analyzers --diagnostics ${RULES[*]} (pass $pass)"
  dotnet format analyzers FormatCheck.sln --no-restore --diagnostics "${RULES[@]}" --severity warn -v:d >"format-$pass.log" 2>&1 ||
    { tail -n 40 "format-$pass.log" >&2; fail "dotnet format failed; see $OUT/format-$pass.log"; }
  if dotnet format analyzers FormatCheck.sln --no-restore --diagnostics "${RULES[@]}" --severity warn --verify-no-changes >"verify-$pass.log" 2>&1; then
    break
  fi
  say "    pass $pass left ${RULES[*]} diagnostics: $(grep -oE 'warning TI[0-9]{4}|error TI[0-9]{4}' "verify-$pass.log" | sort | uniq -c | tr -s ' ' | paste -sd, -)"
done

changed=0
for file in "${flagged[@]}"; do
  [[ "$(sha256sum "$file" | cut -d' ' -f1)" == "${before[$file]}" ]] || changed=$((changed + 1))
done
[[ $changed -gt 0 ]] || fail "dotnet format changed none of the files with ${RULES[*]} warnings; are the code fixes in package $VERSION?"

say "==> Build after the fixes"
# The SARIF logs prove the compiler (and so the analyzers) really ran: a build that skipped
# compilation would show no warnings and pass for the wrong reason.
rm -f after*.sarif
set +e
dotnet build FormatCheck.sln --no-restore --no-incremental -nologo -clp:NoSummary "-p:ErrorLog=$OUT/after.sarif%2Cversion=2.1" >build-after.log 2>&1
build_exit=$?
set -e
grep -E 'warning TI[0-9]{4}|error ' build-after.log | sed -e "s#$OUT/##" | sort -u >&2 || true
[[ $build_exit -eq 0 ]] || fail "the fixed copy does not build (exit $build_exit); see $OUT/build-after.log and the fixed sources in $OUT"
python3 - "$OUT" <<'PY' || fail "TI warnings remain after the fixes, or the analyzers did not run; see $OUT/build-after.log"
import json, os, sys
out = sys.argv[1]
logs = [os.path.join(out, name) for name in ("after.sarif", "after.NaiveSuite.Tooling.sarif")]
missing = [log for log in logs if not os.path.isfile(log)]
if missing:
    sys.exit(f"no SARIF log {missing}: the compiler did not run for every project")
remaining = []
for log in logs:
    for run in json.load(open(log, encoding="utf-8"))["runs"]:
        for result in run.get("results", []):
            if result.get("ruleId", "").startswith("TI") and result.get("kind", "fail") != "pass" and result.get("suppressions") is None:
                uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] if result.get("locations") else "?"
                remaining.append(f'{result["ruleId"]} {uri}')
if remaining:
    sys.exit("remaining after the fixes:\n  " + "\n  ".join(remaining))
PY

say "==> OK: the fixed naive sample builds with zero TI warnings ($OUT)"
