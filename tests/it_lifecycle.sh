#!/bin/bash
# it_lifecycle.sh - start the real daemon, check that every worker is up
# and the routed ping answers, that a second instance is refused by the
# pidfile lock, and that SIGTERM stops everything in order and leaves no
# process, socket file or pidfile behind.
. "$(dirname "$0")/it_lib.sh"

it_start
sup_pid=$IT_PID
for role in store game room gateway; do
	pid=$(it_worker_pid $role) || fail "no $role worker"
	ok "$role worker running as pid $pid"
done

it_wait_health 3 '"status":"ok"' || fail "/health did not answer 200"
body=$(it_http /health)
for role in gateway room game store; do
	pid=$(it_worker_pid $role)
	printf '%s' "$body" | grep -q "\"role\":\"$role\",\"index\":0,\"pid\":$pid" ||
	    fail "/health path lacks $role pid $pid: $body"
done
ok "routed ping crossed gateway, room, game and store"

[ "$(it_http_status /nonexistent)" = 404 ] || fail "unknown path not 404"
[ "$(it_http_status /metrics)" = 200 ] || fail "/metrics not 200"
ok "http endpoints"

[ -S "$IT_DIR/run/room-0.gateway-0.sock" ] || fail "no ipc socket in rundir"
grep -q "^$sup_pid\$" "$IT_DIR/mythmetad.pid" || fail "pidfile lacks pid"

out=$("$MYTHMETAD" -f -c "$IT_CONF" 2>&1)
rc=$?
[ $rc -ne 0 ] || fail "second instance started"
printf '%s' "$out" | grep -q "already running (pid $sup_pid" ||
    fail "second instance message: $out"
ok "second instance refused: $out"

workers=$(it_children)
it_stop || fail "daemon exited with status $?"
for p in $workers; do
	[ -d "/proc/$p" ] && fail "worker $p still running"
done
order=$(grep -o 'stopping [a-z]* workers' "$IT_LOG" | awk '{print $2}' |
    tr '\n' ' ')
[ "$order" = "gateway room game store " ] || fail "stop order: $order"
ok "ordered stop: $order"
[ ! -e "$IT_DIR/mythmetad.pid" ] || fail "pidfile left behind"
[ ! -e "$IT_DIR/run" ] || fail "rundir left: $(ls -A "$IT_DIR/run")"
ok "no process, socket or pidfile left"
