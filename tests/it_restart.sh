#!/bin/bash
# it_restart.sh - SIGKILL each worker in turn: only that worker's pid
# changes, the supervisor and the other workers keep theirs, the routed
# ping answers again within 1 s, and the peers log the new epoch.  Then
# a stopped (silent) worker is killed for missing heartbeats.
. "$(dirname "$0")/it_lib.sh"

it_start
it_wait_health 3 || fail "/health not ready"

declare -A before
snapshot() {
	local r
	for r in store game room gateway; do
		before[$r]=$(it_worker_pid $r) || fail "no $r worker"
	done
}

for victim in store game room gateway; do
	snapshot
	restarts=$(it_count "restarted (epoch")
	t0=$(now_ms)
	kill -KILL "${before[$victim]}"
	it_wait_health 1 "\"role\":\"$victim\",\"index\":0,\"pid\":" ||
	    fail "$victim: ping did not answer within 1 s"
	newpid=$(it_worker_pid $victim) || fail "$victim not respawned"
	it_wait_health 1 "\"role\":\"$victim\",\"index\":0,\"pid\":$newpid" ||
	    fail "$victim: ping path does not show the new pid $newpid"
	t1=$(now_ms)
	[ $((t1 - t0)) -le 1000 ] || fail "$victim: took $((t1 - t0)) ms"
	[ "$newpid" != "${before[$victim]}" ] || fail "$victim: same pid"
	for r in store game room gateway; do
		[ "$r" = "$victim" ] && continue
		now=$(it_worker_pid $r)
		[ "$now" = "${before[$r]}" ] ||
		    fail "killing $victim changed $r: ${before[$r]} -> $now"
	done
	kill -0 "$IT_PID" || fail "supervisor died"
	if [ "$victim" != gateway ]; then
		it_wait_log "restarted (epoch" $((restarts + 1)) 2 ||
		    fail "no peer logged $victim's new epoch"
	fi
	ok "$victim killed: back in $((t1 - t0)) ms as pid $newpid, others kept"
done

# A worker whose loop stops answering heartbeats is killed and replaced.
victim=$(it_worker_pid room)
kill -STOP "$victim"
it_wait_log "missed its heartbeats" 1 5 || fail "stopped room not detected"
it_wait_gone "$victim" 3 || fail "stopped room not killed"
it_wait_health 3 || fail "room not back after heartbeat kill"
ok "silent worker killed after missed heartbeats and replaced"

it_stop || fail "daemon exit status $?"
