#!/usr/bin/env bash
# The benchmark: storage limit, broker limit and end to end, against local Mosquitto and InfluxDB.
# Usage: scripts/bench.sh [--devices 50] [--messages 400]   (any `airmon bench` option)
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
# Its own broker and database state: the demo's persistent ingest session must not queue the bench's readings.
state_dir="$repo_root/.airmon/bench"
source "$repo_root/scripts/lib/servers.sh"
start_servers
cd "$repo_root"
dotnet "$airmon_cli" bench --work-dir "$state_dir" "$@"
