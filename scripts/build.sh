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
if [ ! -f Makefile ] || [ $# -gt 0 ]; then
	"$top/configure" --enable-werror "$@"
fi
make -j"$(nproc)"
