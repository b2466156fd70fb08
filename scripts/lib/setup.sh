# Sourced by the scripts: installs what is missing (Debian packages: packages.sh; NuGet restore) and builds once.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

source "$repo_root/scripts/lib/packages.sh"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH); install it from Microsoft's packages and run again" >&2
  exit 1
fi

build_config=${AIRMON_BUILD_CONFIGURATION:-Release}
echo "setup: restoring and building ($build_config)"
dotnet build "$repo_root/AirMonitor.sln" -c "$build_config" -nologo -v quiet -clp:ErrorsOnly
airmon_cli="$repo_root/src/AirMonitor.Cli/bin/$build_config/net10.0/airmon.dll"
