#!/usr/bin/env bash
# Prints the version of a complete runtime pack (analyzers, core, framework adapters, providers, tool) in
# artifacts/packages that matches the current sources: reused while src/ is unchanged, else packed now
# with build/pack.sh --runtime. When src/ does not pack right now, falls back to the last complete pack
# (with a warning on stderr). Used by build/demo.sh, build/consumer-tests.sh and build/test.sh (tool tests).
#
#   VERSION="$(build/pack-once.sh LOGFILE)"    # pack.sh's output goes to LOGFILE
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG="${1:?usage: build/pack-once.sh LOGFILE}"
FEED="$ROOT/artifacts/packages"
mkdir -p "$FEED" "$(dirname "$LOG")"
PACKAGES=(Tractatus.TestIsolation.Analyzers Tractatus.TestIsolation
  Tractatus.TestIsolation.Xunit Tractatus.TestIsolation.Xunit.V3 Tractatus.TestIsolation.NUnit Tractatus.TestIsolation.MSTest Tractatus.TestIsolation.TUnit
  Tractatus.TestIsolation.Sqlite Tractatus.TestIsolation.PostgreSql Tractatus.TestIsolation.MongoDB
  Tractatus.TestIsolation.Tool)

# Concurrent callers (demo and consumer checks) pack once: the second waits for the first.
exec 9>"$FEED/.pack-once.lock"
flock 9

src_hash="$( (find src build/pack.sh build/SourceLinkFallback.targets Directory.Build.props Directory.Packages.props global.json \
  -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.sh' -o -name '*.json' -o -name '*.md' -o -name '*.txt' \) \
  -not -path '*/bin/*' -not -path '*/obj/*' | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)"
STAMP="$FEED/.pack-$src_hash"
complete() {  # every package of version $1 is in the feed
  local id
  for id in "${PACKAGES[@]}"; do [[ -f "$FEED/$id.$1.nupkg" ]] || return 1; done
}

if [[ -f "$STAMP" ]] && complete "$(cat "$STAMP")"; then
  echo "pack-once.sh: reusing $(cat "$STAMP") (sources unchanged since it was packed)" >&2
  cat "$STAMP"
  exit 0
fi
if packed="$(build/pack.sh --runtime 2>"$LOG")" && package="$(grep '/Tractatus.TestIsolation.Analyzers\.' <<<"$packed" | tail -n 1)" &&
   VERSION="$(basename "$package" .nupkg)" && VERSION="${VERSION#Tractatus.TestIsolation.Analyzers.}" && complete "$VERSION"; then
  echo "$VERSION" >"$STAMP"
  # Keep the stamps of the last few packs: a later run falls back to them if src/ does not pack.
  ls -1t "$FEED"/.pack-[0-9a-f]* 2>/dev/null | tail -n +4 | xargs -r rm -f
  echo "pack-once.sh: packed $VERSION" >&2
  echo "$VERSION"
  exit 0
fi

# src/ may be mid-change (it does not build right now): the last complete pack still serves.
grep -E 'error' "$LOG" | sed -e "s#$ROOT/##" | sort -u | head -n 10 >&2 || true
for stamp in $(ls -1t "$FEED"/.pack-[0-9a-f]* 2>/dev/null); do
  candidate="$(cat "$stamp")"
  if complete "$candidate"; then
    echo "pack-once.sh: warning: src/ does not pack right now (see $LOG); using the last complete pack $candidate" >&2
    echo "$candidate"
    exit 0
  fi
done
echo "pack-once.sh: build/pack.sh failed and no earlier complete pack is available; see $LOG" >&2
exit 1
