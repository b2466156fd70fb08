# Sourced by demo.sh and bench.sh: Mosquitto and InfluxDB as local child processes, data under .airmon/; and by
# edge-arm64-smoke.sh: Mosquitto as production runs it (start_secured_broker).
state_dir=${state_dir:-"$repo_root/.airmon"}
mqtt_port=${AIRMON_DEMO_MQTT_PORT:-18830}
influx_port=${AIRMON_DEMO_INFLUX_PORT:-18086}
influx_rpc_port=$((influx_port + 2))
server_pids=()

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_ports() { # free_ports N: N distinct free loopback ports, on one line
  python3 -c 'import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))' "$1"
}

wait_until() { # wait_until SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "servers: $what did not come up; see $state_dir/*.log" >&2; return 1
}

start_servers() {
  mkdir -p "$state_dir/mosquitto/conf.d" "$state_dir/influxdb"
  # The deployed broker settings (deploy/mosquitto/airmon.conf), on a loopback listener without authentication.
  cp "$repo_root/deploy/mosquitto/airmon.conf" "$state_dir/mosquitto/conf.d/"
  for port in "$mqtt_port" "$influx_port" "$influx_rpc_port"; do
    port_free "$port" || { echo "servers: port $port is in use (set AIRMON_DEMO_MQTT_PORT / AIRMON_DEMO_INFLUX_PORT)" >&2; exit 1; }
  done
  cat > "$state_dir/mosquitto/mosquitto.conf" <<CONF
listener $mqtt_port 127.0.0.1
allow_anonymous true
persistence_location $state_dir/mosquitto/
user $(id -un)
include_dir $state_dir/mosquitto/conf.d
CONF
  cat > "$state_dir/influxdb/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$influx_rpc_port"
[meta]
  dir = "$state_dir/influxdb/meta"
[data]
  dir = "$state_dir/influxdb/data"
  wal-dir = "$state_dir/influxdb/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
[continuous_queries]
  enabled = false
CONF
  mosquitto -c "$state_dir/mosquitto/mosquitto.conf" >"$state_dir/mosquitto.log" 2>&1 &
  server_pids+=($!)
  influxd -config "$state_dir/influxdb/influxdb.conf" >"$state_dir/influxdb.log" 2>&1 &
  server_pids+=($!)
  trap stop_servers EXIT INT TERM
  wait_until 20 "Mosquitto on port $mqtt_port" bash -c "exec 3<>/dev/tcp/127.0.0.1/$mqtt_port"
  wait_until 30 "InfluxDB on port $influx_port" curl -sf "http://127.0.0.1:$influx_port/ping"
  export AIRMON_Mqtt__Url="mqtt://127.0.0.1:$mqtt_port"
  export AIRMON_Influx__Url="http://127.0.0.1:$influx_port"
  export AIRMON_Influx__Database="${AIRMON_Influx__Database:-airmon}"
  echo "servers: Mosquitto $AIRMON_Mqtt__Url, InfluxDB $AIRMON_Influx__Url (data in $state_dir)"
}

stop_servers() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  server_pids=()
}

# Production's broker: deploy/mosquitto's airmon.conf, listeners.conf (TLS, a password file and an ACL per listener) and
# ACLs, with the installation identities.sh makes in $broker_installation; as SecuredMosquittoServer starts it for the
# tests, only the three listeners' ports (free, on loopback) and the installation folder differ from the deployed files.
# The broker reads the password files at start: make the installation and its accounts first, e.g.
#   identities init 127.0.0.1 localhost; identities device ID password; identities ingest NAME; start_secured_broker
# Sets device_port (devices with a password, deployed as 8883), certificate_port (8884) and ingest_port (8885).
broker_installation="$state_dir/mosquitto/airmon"

identities() { bash "$repo_root/deploy/mosquitto/identities.sh" "$1" "$broker_installation" "${@:2}" >/dev/null; }

start_secured_broker() {
  local dir="$state_dir/mosquitto" listeners deployed here
  [ -f "$broker_installation/ca.crt" ] || { echo "servers: no installation in $broker_installation (identities init first)" >&2; exit 1; }
  mkdir -p "$dir/conf.d"
  cp "$repo_root/deploy/mosquitto/airmon.conf" "$dir/conf.d/"
  read -r device_port certificate_port ingest_port < <(free_ports 3)
  listeners=$(<"$repo_root/deploy/mosquitto/listeners.conf")
  for pair in "listener 8883=listener $device_port 127.0.0.1" "listener 8884=listener $certificate_port 127.0.0.1" \
      "listener 8885=listener $ingest_port 127.0.0.1" "/etc/mosquitto/airmon/=$broker_installation/"; do
    deployed=${pair%%=*} here=${pair#*=}
    [[ $listeners == *"$deployed"* ]] || { echo "servers: deploy/mosquitto/listeners.conf has no '$deployed' any more: change start_secured_broker with it" >&2; exit 1; }
    listeners=${listeners//"$deployed"/"$here"}
  done
  printf '%s\n' "$listeners" > "$dir/conf.d/listeners.conf"
  cat > "$dir/mosquitto.conf" <<CONF
persistence_location $dir/
user $(id -un)
include_dir $dir/conf.d
CONF
  mosquitto -c "$dir/mosquitto.conf" >"$state_dir/mosquitto.log" 2>&1 &
  server_pids+=($!)
  trap stop_servers EXIT INT TERM
  wait_until 20 "Mosquitto on port $device_port" bash -c "exec 3<>/dev/tcp/127.0.0.1/$device_port"
  echo "servers: Mosquitto as deployed: devices mqtts://127.0.0.1:$device_port (password), :$certificate_port (certificate), ingest :$ingest_port"
}
