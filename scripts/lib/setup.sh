# Sourced by the scripts: installs what is missing (Debian packages, NuGet restore) and builds once.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

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
  echo "setup: installing ${need_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
  # Debian starts the packaged services; ours run as child processes on their own ports instead.
  $sudo_cmd systemctl disable --now mosquitto influxdb >/dev/null 2>&1 || true
fi
export PATH="$PATH:/usr/sbin"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH); install it from Microsoft's packages and run again" >&2
  exit 1
fi

build_config=${AIRMON_BUILD_CONFIGURATION:-Release}
echo "setup: restoring and building ($build_config)"
dotnet build "$repo_root/AirMonitor.sln" -c "$build_config" -nologo -v quiet -clp:ErrorsOnly
airmon_cli="$repo_root/src/AirMonitor.Cli/bin/$build_config/net10.0/airmon.dll"
