#!/usr/bin/env bash
# Publishes the edge worker as it is deployed: self-contained (no .NET on the Pi), trimmed where safe:
# TrimMode=partial trims only the framework's trimmable assemblies; ours and third-party ones (YamlDotNet,
# System.Device.Gpio, SQLite) are kept whole, so their reflection keeps working and their trim-analysis
# warnings, which concern trimming them, do not apply. The one definition of the deployed form: the footprint
# run (scripts/edge-footprint.sh) publishes with it for the machine's own runtime.
# Usage: scripts/publish-edge.sh [--runtime RID] [output dir]   (default linux-arm64, the Pi; artifacts/edge-RID)
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
runtime=linux-arm64
if [ "${1:-}" = "--runtime" ]; then
  runtime=${2:?"--runtime needs a runtime identifier (linux-arm64, linux-x64)"}
  shift 2
fi
out=${1:-"$repo_root/artifacts/edge-$runtime"}
dotnet publish "$repo_root/src/AirMonitor.Edge" -c Release -r "$runtime" --self-contained \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true -o "$out" -nologo -v quiet -clp:ErrorsOnly
echo "publish-edge: $(du -sh "$out" | cut -f1) in $out ($runtime, self-contained, trimmed)"
