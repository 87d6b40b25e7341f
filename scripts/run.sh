#!/bin/sh
# run.sh - build mythmetad and run it in the foreground on the shipped
# config (conf/mythmetad.conf: SQLite, loopback, compiled-in defaults).
# Stop it with ^C.  Run as root: the shipped paths are /run and /var/lib.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh"
exec "${BUILDDIR:-$top/build}/mythmetad" -f -c "$top/conf/mythmetad.conf" "$@"
