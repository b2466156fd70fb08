#!/usr/bin/env bash
# The identities of one installation, for the broker's listeners.conf: a CA, the broker's certificate, a certificate or a
# password per device, the ingest's accounts, the password files and the CRL. Every command may be run again: what exists
# is kept (deploy/README.md, "Identities").
#
#   identities.sh init DIR HOST...          CA, server certificate for HOST... (names or IP addresses), empty password files
#                                           and CRL; the ACLs beside this script are copied in
#   identities.sh device DIR ID password    DIR/devices/ID.credentials (username:password) and its devices.passwd entry
#   identities.sh device DIR ID certificate DIR/devices/ID.crt and ID.key (CN = ID), signed by the CA
#   identities.sh ingest DIR NAME           DIR/ingest/NAME.credentials and its ingest.passwd entry
#   identities.sh revoke DIR ID             removes ID's password and revokes its certificates (crl.pem); then SIGHUP the broker
#
# DIR is /etc/mosquitto/airmon on the broker. DIR/ca holds the CA's key: keep a copy of DIR/ca off the broker.
set -euo pipefail
umask 077
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH="$PATH:/usr/sbin"

die() { echo "identities: $*" >&2; exit 2; }
usage() { sed -n '5,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# Device ids as the wire contract has them (docs/architecture.md); the ingest's client ids have a '.', which no device id can.
device_id() {
  [[ $1 =~ ^[A-Za-z0-9_-]{1,64}$ ]] || die "'$1' is not a device id ([A-Za-z0-9_-]{1,64})"
  # 'alerts' is the alert topics' level (airmon/v1/alerts/{station}): a device of that name could write there.
  [[ $1 != alerts ]] || die "'alerts' is reserved (the alert topics' level), not a device id"
}
ingest_name() { [[ $1 =~ ^[A-Za-z0-9_.-]{1,64}$ ]] || die "'$1' is not an ingest account name ([A-Za-z0-9_.-]{1,64})"; }

# A password of 32 base64url characters (192 bits).
new_password() { openssl rand -base64 24 | tr '+/' '-_'; }

# The serials of the certificates issued to CN=ID and not revoked (index.txt: status, expiry, revocation, serial, file, subject).
valid_serials() { awk -F'\t' -v cn="/CN=$2" '$1 == "V" && $6 == cn { print $4 }' "$1/ca/index.txt"; }

has_user() { grep -q "^$2:" "$1" 2>/dev/null; }

add_password() { # add_password FILE USER CREDENTIALS
  local file=$1 user=$2 credentials=$3 password
  if has_user "$file" "$user"; then
    echo "identities: $user already has a password in $(basename "$file")"
    return
  fi
  password=$(new_password)
  mosquitto_passwd -b "$file" "$user" "$password"
  mkdir -p "$(dirname "$credentials")"
  printf '%s:%s\n' "$user" "$password" > "$credentials"
  echo "identities: $user added to $(basename "$file"); credentials in $credentials"
}

ca_config() { # the openssl ca database under DIR/ca
  cat > "$1/ca/openssl.cnf" <<CNF
[ca]
default_ca = airmon
[airmon]
dir = $1/ca
database = \$dir/index.txt
serial = \$dir/serial
crlnumber = \$dir/crlnumber
new_certs_dir = \$dir/issued
certificate = $1/ca.crt
private_key = \$dir/ca.key
default_md = sha256
default_days = 3650
# The broker refuses every device certificate once the CRL is past its next update: renew it (any revoke, or init) within ten years.
default_crl_days = 3650
policy = any
unique_subject = no
copy_extensions = copy
[any]
commonName = supplied
CNF
}

gen_crl() { openssl ca -batch -config "$1/ca/openssl.cnf" -gencrl -out "$1/crl.pem" 2>/dev/null; chmod 0644 "$1/crl.pem"; }

sign() { # sign DIR CSR OUT EXTENSIONS
  local ext
  ext=$(mktemp)
  printf '%s\n' "$4" > "$ext"
  openssl ca -batch -notext -config "$1/ca/openssl.cnf" -in "$2" -out "$3" -extfile "$ext" 2>/dev/null || { rm -f "$ext"; die "openssl ca could not sign $3"; }
  rm -f "$ext"
}

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

cmd_init() {
  local dir=$1; shift
  [ $# -gt 0 ] || die "init needs the broker's host names or addresses (they go in its certificate)"
  mkdir -p "$dir/ca/issued" "$dir/devices" "$dir/ingest"
  [ -f "$dir/ca/index.txt" ] || : > "$dir/ca/index.txt"
  [ -f "$dir/ca/serial" ] || openssl rand -hex 16 > "$dir/ca/serial"
  [ -f "$dir/ca/crlnumber" ] || echo 1000 > "$dir/ca/crlnumber"
  ca_config "$dir"
  if [ ! -f "$dir/ca.crt" ]; then
    new_key "$dir/ca/ca.key"
    openssl req -x509 -new -key "$dir/ca/ca.key" -days 7300 -subj "/CN=AirMonitor installation CA" -sha256 \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$dir/ca.crt"
    echo "identities: CA created ($dir/ca.crt)"
  fi
  if [ ! -f "$dir/server.crt" ]; then
    local san="" host
    for host in "$@"; do
      if [[ $host =~ ^[0-9.]+$ || $host == *:* ]]; then san+="${san:+,}IP:$host"; else san+="${san:+,}DNS:$host"; fi
    done
    new_key "$dir/server.key"
    openssl req -new -key "$dir/server.key" -subj "/CN=$1" -out "$dir/ca/server.csr"
    sign "$dir" "$dir/ca/server.csr" "$dir/server.crt" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san"
    echo "identities: server certificate for $san"
  fi
  [ -f "$dir/crl.pem" ] || gen_crl "$dir"
  [ -f "$dir/devices.passwd" ] || : > "$dir/devices.passwd"
  [ -f "$dir/ingest.passwd" ] || : > "$dir/ingest.passwd"
  cp "$here/devices.acl" "$here/ingest.acl" "$dir/"
  chmod 0644 "$dir/ca.crt" "$dir/server.crt" "$dir/devices.acl" "$dir/ingest.acl"
  chmod 0640 "$dir/server.key" "$dir/devices.passwd" "$dir/ingest.passwd"
}

cmd_device() {
  local dir=$1 id=$2 kind=$3
  device_id "$id"
  [ -f "$dir/ca.crt" ] || die "$dir has no CA: run init first"
  case $kind in
    password) add_password "$dir/devices.passwd" "$id" "$dir/devices/$id.credentials" ;;
    certificate)
      if [ -f "$dir/devices/$id.crt" ] && [ -n "$(valid_serials "$dir" "$id")" ]; then
        echo "identities: $id already has a certificate ($dir/devices/$id.crt)"
        return
      fi
      new_key "$dir/devices/$id.key"
      openssl req -new -key "$dir/devices/$id.key" -subj "/CN=$id" -out "$dir/ca/$id.csr"
      sign "$dir" "$dir/ca/$id.csr" "$dir/devices/$id.crt" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
      echo "identities: certificate for $id in $dir/devices/$id.crt and .key"
      ;;
    *) die "device DIR ID needs 'password' or 'certificate'" ;;
  esac
}

cmd_ingest() {
  local dir=$1 name=$2
  ingest_name "$name"
  [ -f "$dir/ingest.passwd" ] || die "$dir has no ingest.passwd: run init first"
  add_password "$dir/ingest.passwd" "$name" "$dir/ingest/$name.credentials"
}

cmd_revoke() {
  local dir=$1 id=$2 serial revoked=0
  device_id "$id"
  if has_user "$dir/devices.passwd" "$id"; then
    mosquitto_passwd -D "$dir/devices.passwd" "$id"
    rm -f "$dir/devices/$id.credentials"
    revoked=1
  fi
  for serial in $(valid_serials "$dir" "$id"); do
    openssl ca -batch -config "$dir/ca/openssl.cnf" -revoke "$dir/ca/issued/$serial.pem" 2>/dev/null
    revoked=1
  done
  gen_crl "$dir"
  rm -f "$dir/devices/$id.key" "$dir/devices/$id.crt"
  [ $revoked -eq 1 ] && echo "identities: $id revoked; send the broker SIGHUP (systemctl reload mosquitto)" || echo "identities: $id has neither a password nor a valid certificate"
}

[ $# -ge 2 ] || usage
command=$1 dir=$2; shift 2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case $command in
  init) cmd_init "$dir" "$@" ;;
  device) [ $# -eq 2 ] || usage; cmd_device "$dir" "$1" "$2" ;;
  ingest) [ $# -eq 1 ] || usage; cmd_ingest "$dir" "$1" ;;
  revoke) [ $# -eq 1 ] || usage; cmd_revoke "$dir" "$1" ;;
  *) usage ;;
esac
