# Sourced by setup.sh and the scripts that need no build: installs the Debian packages that are missing.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() { # install_packages PACKAGE...: apt-get update, then install them
  [ $# -gt 0 ] || return 0
  echo "setup: installing $*"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

need_packages=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need_packages+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need_packages+=(mosquitto-clients)
command -v influxd >/dev/null 2>&1 || need_packages+=(influxdb)
command -v influx >/dev/null 2>&1 || need_packages+=(influxdb-client)
command -v curl >/dev/null 2>&1 || need_packages+=(curl)
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)  # deploy/mosquitto/identities.sh, in BrokerIdentityTests
command -v python3 >/dev/null 2>&1 || need_packages+=(python3)
command -v systemd-analyze >/dev/null 2>&1 || need_packages+=(systemd)   # DeployUnitTests rates the shipped units
# The Modbus client's tests: pymodbus as the real server (Debian's interpreter, whatever python3 is first on PATH), socat's pty pair as the RTU line.
/usr/bin/python3 -c 'import pymodbus.server.async_io' >/dev/null 2>&1 || need_packages+=(python3 python3-pymodbus python3-serial python3-serial-asyncio)
command -v socat >/dev/null 2>&1 || need_packages+=(socat)
if [ ${#need_packages[@]} -gt 0 ]; then
  install_packages "${need_packages[@]}"
  # Debian starts the packaged services; ours run as child processes on their own ports instead.
  as_root systemctl disable --now mosquitto influxdb >/dev/null 2>&1 || true
fi
export PATH="$PATH:/usr/sbin"
