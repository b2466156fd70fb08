#!/usr/bin/env bash
# The edge's resident memory and CPU: the real airmon-edge on a profile's sensors (simulated buses, default
# firmware-config/devices/sim-laptop-01.yaml: four sensors at 1 Hz), against local Mosquitto, InfluxDB and the ingest.
# Usage: scripts/edge-footprint.sh [--duration 5m] [--warmup 60s] [--profile FILE]   (any `airmon edge-footprint` option)
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
state_dir="$repo_root/.airmon/footprint"
source "$repo_root/scripts/lib/servers.sh"
start_servers
cd "$repo_root"
dotnet "$airmon_cli" edge-footprint --work-dir "$state_dir" "$@"
