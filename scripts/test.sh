#!/bin/sh
# test.sh - build mythmeta and run the whole test suite (unit tests,
# protocol vectors, integration tests against the real daemon).  Prints
# the suite's log on failure.  Extra arguments go to configure.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BUILDDIR:-$top/build}

"$top/scripts/build.sh" "$@"
cd "$builddir"
status=0
make check || status=$?
for f in tests/*.log; do
	[ -f "$f" ] || continue
	echo "==== $f"
	cat "$f"
done
[ -f test-suite.log ] && tail -n 15 test-suite.log
exit $status
