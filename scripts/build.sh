#!/bin/sh
# build.sh - configure and build mythmeta in ./build (out of tree).
# Extra arguments go to configure, e.g. --enable-asan.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BUILDDIR:-$top/build}

"$top/scripts/deps.sh"
cd "$top"
[ -x configure ] || autoreconf -fi
mkdir -p "$builddir"
cd "$builddir"
# The system paths a daemon uses (/etc, /var/lib, /run), not /usr/local/var,
# so the shipped config runs as it is.
if [ ! -f Makefile ] || [ $# -gt 0 ]; then
	"$top/configure" --enable-werror --sysconfdir=/etc --localstatedir=/var \
	    --runstatedir=/run "$@"
fi
make -j"$(nproc)"
