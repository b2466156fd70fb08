#!/usr/bin/env bash
# The Raspberry Pi build of the edge, run: the published linux-arm64 airmon-edge under qemu-user on the simulated laptop
# profile (firmware-config/devices/sim-laptop-01.yaml), against Mosquitto as production runs it (TLS, a device password,
# the ACLs), in a temporary directory on free ports. Passes when readings with real values arrive on the device's
# readings topic and its retained status says online, read as an operator's tool reads them (an ingest account on the
# ingest's listener); fails with one line otherwise, within AIRMON_SMOKE_TIMEOUT seconds (120) of the edge's start.
# Usage: scripts/edge-arm64-smoke.sh <published dir>   (the output of scripts/publish-edge.sh; no .NET needed)
set -euo pipefail
published=$(cd "${1:?"usage: $0 <published dir> (the output of scripts/publish-edge.sh)"}" && pwd)
[ -x "$published/airmon-edge" ] || { echo "edge-arm64-smoke: $published/airmon-edge not found (run scripts/publish-edge.sh)" >&2; exit 1; }
timeout_seconds=${AIRMON_SMOKE_TIMEOUT:-120}
source "$(dirname "$0")/lib/packages.sh"

# The arm64 loader and the libraries a self-contained .NET app still takes from the system (no ICU: invariant globalization).
need_arm64=()
command -v qemu-aarch64-static >/dev/null 2>&1 || need_arm64+=(qemu-user-static)
for package in libc6 libstdc++6 libssl3 zlib1g; do
  [ "$(dpkg-query -W -f='${Status}' "$package:arm64" 2>/dev/null)" = "install ok installed" ] || need_arm64+=("$package:arm64")
done
if [ ${#need_arm64[@]} -gt 0 ]; then
  dpkg --print-foreign-architectures | grep -qx arm64 || as_root dpkg --add-architecture arm64
  install_packages "${need_arm64[@]}"
fi

profile_source="$repo_root/firmware-config/devices/sim-laptop-01.yaml"
device=sim-laptop-01
state_dir=$(mktemp -d)
source "$repo_root/scripts/lib/servers.sh"
edge_pid='' sub_pid=''
finish() {
  [ -z "$edge_pid" ] || { kill "$edge_pid" 2>/dev/null; timeout 15 tail --pid="$edge_pid" -f /dev/null || kill -9 "$edge_pid" 2>/dev/null; } || true
  [ -z "$sub_pid" ] || kill "$sub_pid" 2>/dev/null || true
  stop_servers
  rm -rf "$state_dir"
}
trap finish EXIT INT TERM
identities init 127.0.0.1 localhost
identities device "$device" password
identities ingest smoke.check
start_secured_broker
trap finish EXIT INT TERM   # start_secured_broker's trap stops only the broker

# The device's side as deploy/edge/install-edge.sh lays it out: its credentials and the installation's CA beside its
# profile, which names them; the profile is the simulated laptop's with production's broker.
on_device="$state_dir/device"
mkdir -p "$on_device"
install -m 0600 "$broker_installation/devices/$device.credentials" "$on_device/mqtt.credentials"
install -m 0644 "$broker_installation/ca.crt" "$on_device/ca.crt"
laptop_url='  url: mqtt://127.0.0.1:1883'
grep -qx "$laptop_url" "$profile_source" || { echo "edge-arm64-smoke: $profile_source has no '$laptop_url' any more: change this script with it" >&2; exit 1; }
sed "s|^$laptop_url\$|  url: mqtts://127.0.0.1:$device_port\n  credentials_file: $on_device/mqtt.credentials\n  ca_file: $on_device/ca.crt|" \
  "$profile_source" > "$on_device/device.yaml"

# Listen first, so nothing the edge sends is missed (the status is retained anyway).
read -r check_user check_password < <(tr ':' ' ' < "$broker_installation/ingest/smoke.check.credentials")
mosquitto_sub -h localhost -p "$ingest_port" --cafile "$broker_installation/ca.crt" -u "$check_user" -P "$check_password" \
  -q 1 -v -t "airmon/v1/$device/readings" -t "airmon/v1/$device/status" >"$state_dir/received" 2>"$state_dir/mosquitto_sub.log" &
sub_pid=$!

# -L /: the arm64 loader and libraries from Debian's multiarch paths. No NTP here: the clock is trusted (a laptop's setting).
echo "edge-arm64-smoke: starting $published/airmon-edge under $(qemu-aarch64-static --version | head -n 1)"
(cd "$on_device" && exec qemu-aarch64-static -L / "$published/airmon-edge" --Edge:ProfilePath="$on_device/device.yaml" \
  --Edge:OutboxPath="$on_device/outbox.db" --Edge:ClockSyncFile= >"$state_dir/edge.log" 2>&1) &
edge_pid=$!

# Whether the wire contract's messages arrived (docs/architecture.md, "Wire contract v1"); prints what is missing, or what came.
verdict() {
  python3 - "$state_dir/received" "$device" <<'PY'
import json, math, sys, time
path, device = sys.argv[1], sys.argv[2]
status, samples, messages = None, [], 0
for line in open(path, encoding="utf-8"):
    topic, _, payload = line.rstrip("\n").partition(" ")
    try:
        message = json.loads(payload)
    except json.JSONDecodeError:  # the line mosquitto_sub is still writing
        continue
    if topic == f"airmon/v1/{device}/status":
        status = message
    elif topic == f"airmon/v1/{device}/readings" and message.get("device") == device and message.get("seq", 0) >= 1:
        messages += 1
        samples += message.get("samples", [])
now_ms = time.time() * 1000
real = [s for s in samples
        if abs(now_ms - s.get("ts", 0)) < 600_000 and s.get("values")
        and all(isinstance(v, (int, float)) and math.isfinite(v) for v in s["values"].values())
        and any(v != 0 for v in s["values"].values())]
if not real:
    print(f"no readings with real values on airmon/v1/{device}/readings ({messages} messages, {len(samples)} samples)")
    sys.exit(1)
if status is None or status.get("device") != device or status.get("state") != "online":
    print(f"the retained airmon/v1/{device}/status does not say online: {json.dumps(status)[:200]}")
    sys.exit(1)
pm = [s["values"]["pm2_5"] for s in real if "pm2_5" in s["values"]]
print(f"{messages} readings messages, {len(real)} samples with real values from {', '.join(sorted({s['sensor'] for s in real}))}"
      f" (pm2_5 {min(pm, default=0):.1f}..{max(pm, default=0):.1f} µg/m³); status online, firmware {status.get('firmware')},"
      f" {len(status.get('sensors') or [])} sensors, outbox depth {(status.get('outbox') or {}).get('depth')}")
PY
}

fail() {
  echo "--- edge log (tail)"; tail -n 15 "$state_dir/edge.log" || true
  echo "--- mosquitto_sub"; tail -n 5 "$state_dir/mosquitto_sub.log" || true
  echo "--- mosquitto (tail)"; tail -n 5 "$state_dir/mosquitto.log" || true
  echo "edge-arm64-smoke: FAILED: $*" >&2
  exit 1
}

started=$SECONDS
until result=$(verdict); do
  if ! kill -0 "$edge_pid" 2>/dev/null; then
    code=0; wait "$edge_pid" || code=$?; edge_pid=''
    fail "airmon-edge exited with code $code before the check passed: $result"
  fi
  kill -0 "$sub_pid" 2>/dev/null || fail "mosquitto_sub exited: $(head -n 1 "$state_dir/mosquitto_sub.log")"
  [ $((SECONDS - started)) -lt "$timeout_seconds" ] || fail "after ${timeout_seconds} s under qemu: $result"
  sleep 2
done
echo "edge-arm64-smoke: passed in $((SECONDS - started)) s: $result"
