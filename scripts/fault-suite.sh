#!/usr/bin/env bash
# The fault suite alone (kill -9 of broker, ingest and InfluxDB, SIGSTOP, cut links) and its figures.
# Usage: scripts/fault-suite.sh   (AIRMON_FAULT_SEED=n repeats a run's order and moments)
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$repo_root"
mkdir -p .airmon
export AIRMON_FAULT_REPORT="$repo_root/.airmon/fault-suite.md"
dotnet test tests/AirMonitor.EndToEnd.Tests -c "$build_config" --no-build --filter "FullyQualifiedName~FaultSuiteTests"
cat "$AIRMON_FAULT_REPORT"
