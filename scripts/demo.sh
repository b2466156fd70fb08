#!/usr/bin/env bash
# The live demo: local Mosquitto and InfluxDB, the ingest, a simulated city fleet, a live view, a query at the end.
# Usage: scripts/demo.sh [--duration 60s] [--interval 2s]   (any `airmon demo` option)
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
source "$repo_root/scripts/lib/servers.sh"
start_servers
cd "$repo_root"
dotnet "$airmon_cli" demo --work-dir "$state_dir" "$@"
