# Sourced by demo.sh and bench.sh: Mosquitto and InfluxDB as local child processes, data under .airmon/.
state_dir=${state_dir:-"$repo_root/.airmon"}
mqtt_port=${AIRMON_DEMO_MQTT_PORT:-18830}
influx_port=${AIRMON_DEMO_INFLUX_PORT:-18086}
influx_rpc_port=$((influx_port + 2))
server_pids=()

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

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
