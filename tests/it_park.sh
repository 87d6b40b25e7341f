#!/bin/bash
# it_park.sh - a worker that keeps crashing right after it starts is
# parked after the 6th quick failure, with a CRIT line, while the
# supervisor and the other workers keep their pids and keep answering;
# a SIGHUP reload un-parks it and the full ping path works again.
. "$(dirname "$0")/it_lib.sh"

IT_BACKOFF_BASE=20 IT_BACKOFF_MAX=100 it_start
it_wait_health 3 || fail "/health not ready"
gw=$(it_worker_pid gateway)
room=$(it_worker_pid room)
store=$(it_worker_pid store)

# Crash the game worker six times, each time as soon as it is back.
for i in 1 2 3 4 5 6; do
	deadline=$(( $(now_ms) + 3000 ))
	until pid=$(it_worker_pid game); do
		[ "$(now_ms)" -lt "$deadline" ] || fail "game not back ($i)"
		sleep 0.01
	done
	kill -KILL "$pid"
	it_wait_gone "$pid" 2 || fail "game $pid survived SIGKILL"
done
it_wait_log "game\[[0-9]*\] killed by signal 9; parked after 6 quick failures" 1 3 ||
    fail "game not parked after 6 quick failures"
ok "game parked: $(grep -m1 parked "$IT_LOG")"

sleep 0.3
it_worker_pid game >/dev/null && fail "parked game was restarted"
[ "$(it_worker_pid gateway)" = "$gw" ] || fail "gateway pid changed"
[ "$(it_worker_pid room)" = "$room" ] || fail "room pid changed"
[ "$(it_worker_pid store)" = "$store" ] || fail "store pid changed"
kill -0 "$IT_PID" || fail "supervisor died"
out=$(it_http /health)
printf '%s' "$out" | grep -q '"role":"room","index":0' ||
    fail "room no longer answers on the ping path: $out"
[ "$(it_http_status /metrics)" = 200 ] || fail "gateway stopped serving"
ok "others keep serving while game is parked"

kill -HUP "$IT_PID"
it_wait_log "1 unparked" 1 5 || fail "reload did not unpark game"
it_wait_health 3 '"role":"game"' || fail "game not back after reload"
ok "SIGHUP un-parked game"
it_stop || fail "daemon exit status $?"
