#!/bin/bash
# it_reload.sh - SIGHUP with a good config moves every worker to the new
# generation; SIGHUP with a broken one, or with a change that needs a
# full restart, keeps serving on the old generation with the same pids.
. "$(dirname "$0")/it_lib.sh"

it_start
it_wait_health 3 || fail "/health not ready"
pids=$(it_children | sort | tr '\n' ' ')

sed -i 's/heartbeat_interval_ms = 200;/heartbeat_interval_ms = 250;/' "$IT_CONF"
kill -HUP "$IT_PID"
it_wait_log "reload generation 2: 4 acknowledged, 0 restarted" 1 5 ||
    fail "workers did not acknowledge generation 2"
ok "good reload acknowledged by all four workers"

cp "$IT_CONF" "$IT_DIR/good.conf"
printf 'supervisor: { bogus_key = 1; };\n' >> "$IT_CONF"
kill -HUP "$IT_PID"
it_wait_log "reload failed; keeping generation 2" 1 5 ||
    fail "broken config not refused"
grep -q "reload: .*mythmetad.conf:[0-9]*:" "$IT_LOG" ||
    fail "reload error lacks file:line"
it_wait_health 2 || fail "not serving after a broken reload"
[ "$(it_children | sort | tr '\n' ' ')" = "$pids" ] || fail "pids changed"
ok "broken config refused, still serving generation 2"

sed "s/login_port = $IT_LOGIN;/login_port = $((IT_LOGIN + 9));/" \
    "$IT_DIR/good.conf" > "$IT_CONF"
kill -HUP "$IT_PID"
it_wait_log "reload failed; keeping generation 2" 2 5 ||
    fail "restart-only change not refused"
grep -q "needs a full restart" "$IT_LOG" || fail "no reason logged"
it_wait_health 2 || fail "not serving after a refused reload"
ok "change needing a restart refused"

it_stop || fail "daemon exit status $?"
