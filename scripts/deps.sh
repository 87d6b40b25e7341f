#!/bin/sh
# deps.sh - install the Debian 12 packages mythmeta needs to build, test
# and run, when any is missing.  Needs root (or sudo) only if something
# has to be installed.
set -eu

PKGS="build-essential autoconf automake pkg-config libev-dev libnng-dev
libconfig-dev libcmocka-dev libsqlite3-dev libsodium-dev mandoc clang
libclang-rt-14-dev
python3"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
else
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
