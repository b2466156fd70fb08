#!/usr/bin/env bash
# The whole test suite, against real Mosquitto and InfluxDB processes that the tests start themselves.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Influx]
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$repo_root"
results=$(mktemp -d)
mkdir -p .airmon
export AIRMON_FAULT_REPORT="$repo_root/.airmon/fault-suite.md"
rm -f "$AIRMON_FAULT_REPORT"
status=0
dotnet test AirMonitor.sln -c "$build_config" --no-build --logger "trx" --results-directory "$results" "$@" || status=$?
# One closing line for any reader: the sum over every test project's results file.
python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
[ -f "$AIRMON_FAULT_REPORT" ] && cat "$AIRMON_FAULT_REPORT"
exit $status
