#!/usr/bin/env bash
# Packs the analyzer package (and, with --runtime, the runtime libraries) into artifacts/packages,
# the "local" feed in nuget.config that samples/ consumes the way a user's project would.
#
#   build/pack.sh              # Tractatus.TestIsolation.Analyzers only
#   build/pack.sh --runtime    # also Tractatus.TestIsolation, the framework adapters (.Xunit, .Xunit.V3,
#                              # .NUnit, .MSTest, .TUnit), the providers (.MongoDB, .PostgreSql, .Sqlite) and the
#                              # tractatus-isolation tool (Tractatus.TestIsolation.Tool)
#                              # (one that does not build is reported and skipped, not fatal)
#   build/pack.sh --tool       # the tool only (it carries the runtime inside; no analyzer package)
#   VERSION=1.2.3 build/pack.sh
#
# Every local pack gets a new version (0.1.0-dev.<UTC yyyyMMddHHmmss>) unless VERSION is set, so a
# consumer with a floating version (0.1.0-*) always restores the newest pack, never a stale cache.
# Prints the path of each package it wrote, one per line, on stdout; progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RUNTIME=0
TOOL_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --runtime) RUNTIME=1 ;;
    --tool) TOOL_ONLY=1 ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "pack.sh: unknown argument '$arg' (expected --runtime or --tool)" >&2; exit 2 ;;
  esac
done

VERSION="${VERSION:-0.1.0-dev.$(date -u +%Y%m%d%H%M%S)}"
OUT="$ROOT/artifacts/packages"
mkdir -p "$OUT"

# ContinuousIntegrationBuild maps source paths to /_/ so the build is reproducible. RepositoryUrl
# is passed explicitly and SourceLinkFallback.targets hands it to SourceLink: a clone without a git
# remote must still pack, with a working source link (git's "has no remote" warning stays a warning).
PACK_ARGS=(
  -c Release -o "$OUT" -nologo -v:q -clp:ErrorsOnly
  "-p:Version=$VERSION"
  -p:ContinuousIntegrationBuild=true
  -p:Deterministic=true
  "-p:RepositoryUrl=https://github.com/tractatus/Tractatus.TestIsolation"
  -p:MSBuildTreatWarningsAsErrors=false
  "-p:CustomAfterMicrosoftCommonTargets=$ROOT/build/SourceLinkFallback.targets"
)

say() { printf '%s\n' "$*" >&2; }

# Every local pack adds a version; keep the newest few dev packs of each id so the feed stays small.
prune() {
  local id="$1"
  ls -1 "$OUT/$id".*-dev.*.nupkg 2>/dev/null | grep -E "/$id\.[0-9]+\.[0-9]+\.[0-9]+-dev\.[0-9]{14}\.nupkg$" | sort | head -n -5 \
    | while read -r old; do rm -f "$old" "${old%.nupkg}.snupkg"; done || true
}

TOOL_CSPROJ=src/Tractatus.TestIsolation.Tool/Tractatus.TestIsolation.Tool.csproj
# The tool package must hold a runnable tool: the settings file and the command's entry point under tools/.
pack_tool() {
  local id=Tractatus.TestIsolation.Tool
  say "==> Packing $id $VERSION"
  if ! dotnet pack "$TOOL_CSPROJ" "${PACK_ARGS[@]}" >&2 || [[ ! -f "$OUT/$id.$VERSION.nupkg" ]]; then
    return 1
  fi
  if command -v unzip >/dev/null 2>&1; then
    local listing
    listing="$(unzip -l "$OUT/$id.$VERSION.nupkg")"
    if ! grep -qE 'tools/net[0-9.]+/any/DotnetToolSettings\.xml' <<<"$listing" || ! grep -qE 'tools/net[0-9.]+/any/tractatus-isolation\.dll' <<<"$listing"; then
      say "$listing"
      say "pack.sh: $OUT/$id.$VERSION.nupkg is not a .NET tool package (no tools/*/any/DotnetToolSettings.xml or tractatus-isolation.dll); check PackAsTool in $TOOL_CSPROJ"
      return 1
    fi
  fi
  echo "$OUT/$id.$VERSION.nupkg"
  prune "$id"
}

if [[ $TOOL_ONLY -eq 1 ]]; then
  pack_tool || { say "pack.sh: the tool did not pack; see the output above."; exit 1; }
  exit 0
fi

say "==> Packing Tractatus.TestIsolation.Analyzers $VERSION"
# The analyzer package ships no .snupkg, so its PDBs (with the source link) are embedded in the dlls.
dotnet pack src/Tractatus.TestIsolation.Analyzers.Package/Tractatus.TestIsolation.Analyzers.Package.csproj "${PACK_ARGS[@]}" >&2
ANALYZERS="$OUT/Tractatus.TestIsolation.Analyzers.$VERSION.nupkg"
if [[ ! -f "$ANALYZERS" ]]; then
  say "pack.sh: expected $ANALYZERS but dotnet pack did not write it; see the output above."
  exit 1
fi

# The package must be usable as an analyzer only: both dlls under analyzers/dotnet/cs, no lib/,
# marked as a development dependency, with the README and LICENSE inside.
if command -v unzip >/dev/null 2>&1; then
  listing="$(unzip -l "$ANALYZERS")"
  problems=()
  grep -q 'analyzers/dotnet/cs/Tractatus.TestIsolation.Analyzers.dll' <<<"$listing" || problems+=("analyzers/dotnet/cs/Tractatus.TestIsolation.Analyzers.dll missing")
  grep -q 'analyzers/dotnet/cs/Tractatus.TestIsolation.CodeFixes.dll' <<<"$listing" || problems+=("analyzers/dotnet/cs/Tractatus.TestIsolation.CodeFixes.dll missing")
  grep -qE '[[:space:]]lib/' <<<"$listing" && problems+=("a lib/ folder is present (consumers would reference the analyzer as a library)")
  grep -qE '[[:space:]]README\.md$' <<<"$listing" || problems+=("README.md missing")
  grep -qE '[[:space:]]LICENSE$' <<<"$listing" || problems+=("LICENSE missing")
  unzip -p "$ANALYZERS" '*.nuspec' | grep -q '<developmentDependency>true</developmentDependency>' || problems+=("nuspec lacks <developmentDependency>true")
  if [[ ${#problems[@]} -gt 0 ]]; then
    say "$listing"
    for p in "${problems[@]}"; do say "pack.sh: $ANALYZERS: $p"; done
    say "pack.sh: fix src/Tractatus.TestIsolation.Analyzers.Package/Tractatus.TestIsolation.Analyzers.Package.csproj"
    exit 1
  fi
  say "$listing"
else
  say "pack.sh: unzip not found; package contents not verified (apt-get install unzip)"
fi
echo "$ANALYZERS"

prune Tractatus.TestIsolation.Analyzers

if [[ $RUNTIME -eq 1 ]]; then
  # Runtime libraries are packed one by one: one that does not build yet is reported and skipped,
  # it does not hide the others.
  failed=()
  for csproj in src/Tractatus.TestIsolation/Tractatus.TestIsolation.csproj \
                src/Tractatus.TestIsolation.Xunit/Tractatus.TestIsolation.Xunit.csproj \
                src/Tractatus.TestIsolation.Xunit.V3/Tractatus.TestIsolation.Xunit.V3.csproj \
                src/Tractatus.TestIsolation.NUnit/Tractatus.TestIsolation.NUnit.csproj \
                src/Tractatus.TestIsolation.MSTest/Tractatus.TestIsolation.MSTest.csproj \
                src/Tractatus.TestIsolation.TUnit/Tractatus.TestIsolation.TUnit.csproj \
                src/Tractatus.TestIsolation.MongoDB/Tractatus.TestIsolation.MongoDB.csproj \
                src/Tractatus.TestIsolation.PostgreSql/Tractatus.TestIsolation.PostgreSql.csproj \
                src/Tractatus.TestIsolation.Sqlite/Tractatus.TestIsolation.Sqlite.csproj; do
    [[ -f "$csproj" ]] || continue
    id="$(basename "$csproj" .csproj)"
    say "==> Packing $id $VERSION"
    if dotnet pack "$csproj" "${PACK_ARGS[@]}" >&2 && [[ -f "$OUT/$id.$VERSION.nupkg" ]]; then
      echo "$OUT/$id.$VERSION.nupkg"
      prune "$id"
    else
      failed+=("$id")
    fi
  done
  if [[ -f "$TOOL_CSPROJ" ]] && ! pack_tool; then
    failed+=(Tractatus.TestIsolation.Tool)
  fi
  if [[ ${#failed[@]} -gt 0 ]]; then
    # Not an error: runtime projects may be mid-change; the analyzer package above is complete.
    say "pack.sh: warning: not packed because they do not build: ${failed[*]}"
  fi
fi
