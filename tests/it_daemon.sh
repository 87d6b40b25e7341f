#!/bin/bash
# it_daemon.sh - without -f the daemon detaches, writes its pid, logs to
# log.file; SIGUSR1 reopens that file after a rotation; SIGTERM removes
# the pidfile and every worker.
. "$(dirname "$0")/it_lib.sh"

for try in 1 2 3 4 5; do
	it_ports
	it_write_conf
	sed -i "s|^log: .*|log: { file = \"$IT_DIR/mythmetad.log\"; };|" \
	    "$IT_CONF"
	out=$("$MYTHMETAD" -c "$IT_CONF" 2>&1) && break
	printf '%s\n' "$out" | grep -q "Address already in use" ||
	    fail "daemon start failed: $out"
	[ $try -lt 5 ] || fail "daemon start failed: $out"
done
deadline=$(( $(now_ms) + 5000 ))
until [ -s "$IT_DIR/mythmetad.pid" ]; do
	[ "$(now_ms)" -lt "$deadline" ] || fail "no pidfile"
	sleep 0.02
done
IT_PID=$(cat "$IT_DIR/mythmetad.pid")
kill -0 "$IT_PID" || fail "pid $IT_PID from the pidfile is not running"
IT_LOG=$IT_DIR/mythmetad.log
it_wait_log "READY" 4 10 || fail "workers not READY (log file)"
grep -q "store\[0\]\|store:" "$IT_LOG" || fail "worker lines not in log file"
ok "detached as pid $IT_PID, workers log into log.file"

mv "$IT_DIR/mythmetad.log" "$IT_DIR/mythmetad.log.1"
kill -USR1 "$IT_PID"
deadline=$(( $(now_ms) + 3000 ))
until [ -s "$IT_DIR/mythmetad.log" ]; do
	[ "$(now_ms)" -lt "$deadline" ] || fail "log not reopened"
	sleep 0.02
done
kill -HUP "$IT_PID"
it_wait_log "reload generation 2" 1 5 || fail "new log lacks reload line"
ok "SIGUSR1 reopened the log file"

workers=$(it_children)
kill -TERM "$IT_PID"
it_wait_gone "$IT_PID" 20 || fail "daemon did not stop"
IT_PID=
for p in $workers; do [ -d /proc/$p ] && fail "worker $p left"; done
[ ! -e "$IT_DIR/mythmetad.pid" ] || fail "pidfile left"
ok "SIGTERM: no process and no pidfile left"
