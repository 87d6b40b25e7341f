#!/bin/bash
# it_ctl.sh - mythmetactl against the running daemon: status lists every
# worker, reload moves to a new generation, an unknown command and an
# absent daemon give their exit codes, and the socket is root-only and
# gone after shutdown.
. "$(dirname "$0")/it_lib.sh"

it_start
out=$(it_ctl status) || fail "status failed: $out"
for w in store game 'room\[0\]' 'gateway\[0\]'; do
	printf '%s\n' "$out" | grep -q "^$w  *ready  *pid [0-9]" ||
	    fail "status lacks a ready $w: $out"
done
printf '%s\n' "$out" | grep -q "^supervisor pid $IT_PID generation 1" ||
    fail "status lacks the supervisor line: $out"
ok "status: $(printf '%s' "$out" | tr '\n' '|')"

[ "$(stat -c %a "$IT_DIR/ctl.sock")" = 600 ] || fail "socket mode not 600"
ok "control socket is mode 600"

it_ctl reload >/dev/null || fail "reload failed"
it_wait_log "reload generation 2: 4 acknowledged" 1 5 ||
    fail "reload via mythmetactl not applied"
it_ctl status | grep -q "generation 2" || fail "status after reload"
ok "reload via mythmetactl"

it_ctl frobnicate >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown command: want exit 2"
ok "unknown command exits 2"

it_stop || fail "daemon exit status $?"
[ ! -e "$IT_DIR/ctl.sock" ] || fail "control socket left behind"
it_ctl status >/dev/null 2>&1
[ $? -eq 3 ] || fail "no daemon: want exit 3"
ok "no daemon: exit 3; socket removed at shutdown"
