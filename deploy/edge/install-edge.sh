#!/usr/bin/env bash
# Installs the edge worker on a Raspberry Pi (Raspberry Pi OS 64-bit), as root:
#   sudo deploy/edge/install-edge.sh <published dir> <device profile.yaml> [--credentials FILE] [--ca FILE] [--cert FILE --key FILE]
# <published dir> is the output of scripts/publish-edge.sh (self-contained linux-arm64: no .NET install needed).
# The files come from deploy/mosquitto/identities.sh: --credentials devices/ID.credentials (a password device),
# --ca ca.crt, --cert devices/ID.crt and --key devices/ID.key (a certificate device). Each goes to the path the
# profile must name: /etc/airmon/mqtt.credentials, /etc/airmon/tls/ca.crt, device.crt, device.key.
# A third argument without a flag is a credentials file, as before.
set -euo pipefail
die() { echo "install-edge: $*" >&2; exit 1; }
usage() { sed -n '3p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "run as root"
[ $# -ge 2 ] || usage
published=$1 profile=$2
shift 2
credentials='' ca='' cert='' key=''
while [ $# -gt 0 ]; do
  case $1 in
    --credentials) [ $# -ge 2 ] || usage; credentials=$2; shift 2 ;;
    --ca) [ $# -ge 2 ] || usage; ca=$2; shift 2 ;;
    --cert) [ $# -ge 2 ] || usage; cert=$2; shift 2 ;;
    --key) [ $# -ge 2 ] || usage; key=$2; shift 2 ;;
    -*) usage ;;
    *) [ -z "$credentials" ] || usage; credentials=$1; shift ;;
  esac
done
[ -x "$published/airmon-edge" ] || die "$published/airmon-edge not found (run scripts/publish-edge.sh)"
[ -f "$profile" ] || die "profile $profile not found"
{ [ -n "$cert" ] && [ -n "$key" ]; } || { [ -z "$cert" ] && [ -z "$key" ]; } || die "--cert and --key go together"
# Each file given must exist and be the one the profile names, or the edge would not find it.
check() { # <file> <profile key> <installed path>
  [ -z "$1" ] && return 0
  [ -f "$1" ] || die "$1 not found"
  grep -Eq "^[[:space:]]*$2:[[:space:]]*\"?$3\"?[[:space:]]*(#.*)?$" "$profile" || die "$profile: set mqtt.$2 to $3 to use $1"
}
check "$credentials" credentials_file /etc/airmon/mqtt.credentials
check "$ca" ca_file /etc/airmon/tls/ca.crt
check "$cert" cert_file /etc/airmon/tls/device.crt
check "$key" key_file /etc/airmon/tls/device.key
here=$(cd "$(dirname "$0")" && pwd)

# The buses the sensors use: I2C and the hardware UART (serial console off), when raspi-config is there.
if command -v raspi-config >/dev/null 2>&1; then
  raspi-config nonint do_i2c 0
  raspi-config nonint do_serial_hw 0
  raspi-config nonint do_serial_cons 1
fi
# No RTC: readings wait for NTP; systemd-timesyncd marks /run/systemd/timesync/synchronized.
systemctl enable --now systemd-timesyncd >/dev/null 2>&1 || echo "install-edge: enable an NTP client; the edge holds readings until the clock is synchronised" >&2

id airmon >/dev/null 2>&1 || useradd --system --home-dir /var/lib/airmon --shell /usr/sbin/nologin airmon
for group in i2c dialout gpio; do getent group "$group" >/dev/null && usermod -aG "$group" airmon; done

install -d -m 0755 -o root -g root /opt/airmon/edge /etc/airmon
# Root-owned and not writable by the service user, whoever built or copied the files.
cp -R --no-preserve=ownership "$published"/. /opt/airmon/edge/
chown -R root:root /opt/airmon/edge
chmod -R u=rwX,go=rX /opt/airmon/edge
install -m 0644 "$profile" /etc/airmon/device.yaml
if [ -n "$credentials" ]; then
  install -m 0600 -o airmon -g airmon "$credentials" /etc/airmon/mqtt.credentials
fi
if [ -n "$ca$cert" ]; then
  install -d -m 0755 -o root -g root /etc/airmon/tls
fi
if [ -n "$ca" ]; then
  install -m 0644 -o root -g root "$ca" /etc/airmon/tls/ca.crt
fi
if [ -n "$cert" ]; then
  install -m 0644 -o root -g root "$cert" /etc/airmon/tls/device.crt
  install -m 0600 -o airmon -g airmon "$key" /etc/airmon/tls/device.key
fi
install -m 0644 "$here/airmon-edge.service" /etc/systemd/system/airmon-edge.service
systemctl daemon-reload
systemctl enable --now airmon-edge
systemctl --no-pager status airmon-edge | head -5
