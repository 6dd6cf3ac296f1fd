#!/usr/bin/env bash
# Runs the analyzers over real test suites checked out elsewhere, compiled against the packages those suites use
# (docs/real-suites.md). Prints per project: lines, compile errors left, every TI diagnostic, analyzer exceptions.
#
# usage: build/scan-real-suites.sh [--internals] [--alias=<assembly>:<alias>]... <tests folder>[:<library sources folder>]...
#   --internals    let the suite see its libraries' internals (signed libraries whose InternalsVisibleTo the
#                  unsigned scan cannot match, such as Hangfire.SqlServer's tests)
#   --alias=A:B    reference assembly A also under the extern alias B (--alias=Dapper:ReferencedDapper)
#   <library ...>  sources compiled with the tests when the suite references a library as a project and no
#                  package of it is listed in build/realsuites/References/References.csproj
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/realsuites"
if [ "$#" -eq 0 ]; then
  sed -n '2,11p' "$0" >&2
  exit 64
fi

dotnet build "$root/src/Tractatus.TestIsolation.Analyzers" -c Release -nologo -v q >/dev/null
dotnet build "$root/build/realsuites/References" -c Release -o "$out/references" -nologo -v q >/dev/null
dotnet build "$root/build/realsuites/Tractatus.TestIsolation.RealSuiteScan" -c Release -o "$out/scan" -nologo -v q >/dev/null
exec dotnet "$out/scan/Tractatus.TestIsolation.RealSuiteScan.dll" \
  "$root/src/Tractatus.TestIsolation.Analyzers/bin/Release/netstandard2.0/Tractatus.TestIsolation.Analyzers.dll" \
  "$out/references" "$@"
