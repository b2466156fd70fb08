#!/usr/bin/env bash
# The benchmark, against local Mosquitto and InfluxDB: the ingest measured as the peer harness measures it (drain, e2e,
# steady, fleet), beside the storage and broker limits. The report goes to stdout and .airmon/bench/bench-report.txt.
# Usage: scripts/bench.sh [--phases drain,e2e] [--devices 50] [--messages 2000] [--repeat 30] …   (any `airmon bench` option)
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
# The fleet phase holds one MQTT connection per device (10,000 by default) in the bench and as many in Mosquitto, which
# inherits this limit from here (Mosquitto's own max_connections is unlimited unless set).
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt 65536 ] && [ "$(id -u)" -eq 0 ]; then
  ulimit -Hn 65536 2>/dev/null && hard=65536 || true
fi
ulimit -Sn "$hard"
echo "bench: open files limit $(ulimit -Sn) (Mosquitto and the bench)"
# Its own broker and database state: the demo's persistent ingest session must not queue the bench's readings.
state_dir="$repo_root/.airmon/bench"
source "$repo_root/scripts/lib/servers.sh"
start_servers
export AIRMON_BENCH_SERVERS="mosquitto=${server_pids[0]} influxd=${server_pids[1]}"
cd "$repo_root"
dotnet "$airmon_cli" bench --work-dir "$state_dir" "$@"
