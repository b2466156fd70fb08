#!/usr/bin/env bash
# Publishes the edge worker for the Raspberry Pi: self-contained linux-arm64 (no .NET on the Pi), trimmed.
# Usage: scripts/publish-edge.sh [output dir]   (default artifacts/edge-linux-arm64)
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$repo_root/artifacts/edge-linux-arm64"}
dotnet publish "$repo_root/src/AirMonitor.Edge" -c Release -r linux-arm64 --self-contained \
  -p:PublishTrimmed=true -p:TrimMode=partial -o "$out" -nologo -v quiet -clp:ErrorsOnly
echo "publish-edge: $(du -sh "$out" | cut -f1) in $out"
