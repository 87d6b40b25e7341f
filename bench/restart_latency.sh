#!/bin/bash
# restart_latency.sh - start mythmetad on 127.0.0.1 and measure, over
# SAMPLES (default 20) SIGKILLs of the room worker, the time until the
# routed ping answers through the replacement; also the supervisor RSS.
# Usage: bench/restart_latency.sh [BUILDDIR] [SAMPLES]
MS_TOP_BUILDDIR=${1:-$(pwd)}
SAMPLES=${2:-20}
MS_TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
. "$MS_TOP_SRCDIR/tests/it_lib.sh"

# The backoff must not count: each kill comes after a healthy run.
IT_HEALTHY_AFTER=1 it_start
it_wait_health 5 || fail "daemon not healthy"
"$MS_TOP_BUILDDIR/bench/restartbench" "$IT_PID" "$IT_HTTP" room "$SAMPLES"
rc=$?
it_stop
exit $rc
