#!/usr/bin/env bash
# Publishes the edge worker for the Raspberry Pi: self-contained linux-arm64 (no .NET on the Pi), trimmed where safe:
# TrimMode=partial trims only the framework's trimmable assemblies; ours and third-party ones (YamlDotNet,
# System.Device.Gpio, MQTTnet, SQLite) are kept whole, so their reflection keeps working and their trim-analysis
# warnings, which concern trimming them, do not apply.
# Usage: scripts/publish-edge.sh [output dir]   (default artifacts/edge-linux-arm64)
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$repo_root/artifacts/edge-linux-arm64"}
dotnet publish "$repo_root/src/AirMonitor.Edge" -c Release -r linux-arm64 --self-contained \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true -o "$out" -nologo -v quiet -clp:ErrorsOnly
echo "publish-edge: $(du -sh "$out" | cut -f1) in $out"
