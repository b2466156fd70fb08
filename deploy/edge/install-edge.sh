#!/usr/bin/env bash
# Installs the edge worker on a Raspberry Pi (Raspberry Pi OS 64-bit), as root:
#   sudo deploy/edge/install-edge.sh <published dir> <device profile.yaml> [mqtt credentials file]
# <published dir> is the output of scripts/publish-edge.sh (self-contained linux-arm64: no .NET install needed).
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "install-edge: run as root" >&2; exit 1; }
[ $# -ge 2 ] || { echo "usage: $0 <published dir> <device profile.yaml> [mqtt credentials file]" >&2; exit 2; }
published=$1 profile=$2 credentials=${3:-}
[ -x "$published/airmon-edge" ] || { echo "install-edge: $published/airmon-edge not found (run scripts/publish-edge.sh)" >&2; exit 1; }
[ -f "$profile" ] || { echo "install-edge: profile $profile not found" >&2; exit 1; }
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
install -m 0644 "$here/airmon-edge.service" /etc/systemd/system/airmon-edge.service
systemctl daemon-reload
systemctl enable --now airmon-edge
systemctl --no-pager status airmon-edge | head -5
