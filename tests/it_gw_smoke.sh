#!/bin/bash
# it_gw_smoke.sh - the gateway's client side against the real daemon:
# Myth II and Aleph One guests log in, enter a room, chat and see the
# echo (tests/it_gw_smoke does the talking); /metrics counts them.
. "$(dirname "$0")/it_lib.sh"

SMOKE=$MS_TOP_BUILDDIR/tests/it_gw_smoke
[ -x "$SMOKE" ] || fail "no $SMOKE"

it_start
it_wait_health 3 '"status":"ok"' || fail "/health not ready"
out=$("$SMOKE" 127.0.0.1 "$IT_LOGIN" "$IT_ROOM0" 2>&1)
rc=$?
printf '%s\n' "$out"
[ $rc -eq 0 ] || fail "smoke client: $out"

metrics=$(it_http /metrics)
printf '%s' "$metrics" | grep -q 'mythmeta_logins{result="ok"} 2' ||
    fail "metrics do not count 2 logins: $metrics"
ok "metrics count the logins"
it_stop || fail "daemon exited with status $?"
