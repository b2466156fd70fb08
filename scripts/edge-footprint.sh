#!/usr/bin/env bash
# The edge's resident memory and CPU: the real airmon-edge on a profile's sensors (simulated buses, default
# firmware-config/devices/sim-laptop-01.yaml: four sensors at 1 Hz), against local Mosquitto, InfluxDB and the ingest.
# By default it measures the deployed form: published by scripts/publish-edge.sh (self-contained, trimmed) for this
# machine's runtime (linux-x64 here, linux-arm64 on a Pi); --framework-dependent measures `dotnet airmon-edge.dll`.
# Usage: scripts/edge-footprint.sh [--duration 5m] [--warmup 60s] [--profile FILE] [--framework-dependent]   (any `airmon edge-footprint` option)
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
state_dir="$repo_root/.airmon/footprint"
source "$repo_root/scripts/lib/servers.sh"
start_servers
cd "$repo_root"
dotnet "$airmon_cli" edge-footprint --work-dir "$state_dir" "$@"
