#!/bin/bash
# it_games.sh - the games integration tests: the real daemon on
# 127.0.0.1 with four rooms (1 ranked without guests) on two room
# workers, game.idle_timeout_s at its minimum (10 s), accounts made with
# mythmetactl (password "pw-NAME"), then tests/it_games (cmocka;
# scenarios in tests/it_games*.c) with ports, pids and paths in its
# environment.  MSIT_FILTER picks scenarios (a cmocka pattern);
# MSIT_SAVE_LOG keeps the daemon log of a failure.  The daemon is
# stopped by pid; every wait is bounded.
. "$(dirname "$0")/it_lib.sh"

ITG_ACCOUNTS="ash beech cherry damson elder fig ginkgo holly ivy juniper
kale larch maple nettle oak pine quince rowan sloe teak umber vetch willow
yew zelkova"
ITG_MAX_PACKET=8192

it_write_conf() {
	IT_ROOM2=$((IT_BASE + 8))
	IT_ROOM3=$((IT_BASE + 9))
	cat > "$IT_CONF" <<EOC
supervisor: {
	pidfile = "$IT_DIR/mythmetad.pid";
	control_socket = "$IT_DIR/ctl.sock";
	rundir = "$IT_DIR/run";
	room_workers = 2;
	heartbeat_interval_ms = 200;
	heartbeat_timeout_ms = 1500;
	stop_timeout_ms = 3000;
	restart: {
		backoff_base_ms = 50;
		backoff_max_ms = 400;
		healthy_after_ms = 30000;
	};
};
log: { facility = "daemon"; };
listen: {
	address = "127.0.0.1";
	login_port = $IT_LOGIN;
	http_port = $IT_HTTP;
	backlog = 1024;
};
ipc: {
	transport = "ipc";
	tcp_base_port = $IT_IPC_BASE;
};
gateway: {
	health_interval_ms = 0;
	max_clients_per_ip = 2000;
	max_packet = $ITG_MAX_PACKET;
	chat_rate = 100000;
	chat_burst = 100000;
};
game: { idle_timeout_s = 10; };
store: { path = "$IT_DIR/mythmeta.db"; };
rooms = (
	{ id = 0; name = "Crows Bridge"; type = "unranked"; port = $IT_ROOM0; },
	{ id = 1; name = "Otter Ferry"; type = "ranked"; port = $IT_ROOM1;
	  guests = false; },
	{ id = 2; name = "Heron Weir"; type = "unranked"; port = $IT_ROOM2; },
	{ id = 3; name = "Kestrel Ford"; type = "unranked"; port = $IT_ROOM3; }
);
EOC
}

[ "$(ulimit -n)" -ge 1024 ] || ulimit -n 1024 2>/dev/null ||
    fail "need 1024 descriptors, ulimit -n is $(ulimit -n)"

it_start
it_wait_log "READY" 5 10 || fail "not every worker became ready"

for name in $ITG_ACCOUNTS; do
	out=$(it_ctl user add "$name" "pw-$name" 2>&1) ||
	    fail "user add $name: $out"
done
ok "accounts: $(echo $ITG_ACCOUNTS)"

export MSIT_LOGIN_PORT=$IT_LOGIN
export MSIT_ROOMS="0:$IT_ROOM0,1:$IT_ROOM1,2:$IT_ROOM2,3:$IT_ROOM3"
export MSIT_ROOM_WORKERS=2
export MSIT_SUP_PID=$IT_PID
export MSIT_CTL=$MYTHMETACTL
export MSIT_CTL_SOCK=$IT_DIR/ctl.sock
export MSIT_MAX_PACKET=$ITG_MAX_PACKET

rc=0
timeout 110 "$MS_TOP_BUILDDIR/tests/it_games" || rc=$?
if [ "$rc" -ne 0 ]; then
	[ -z "${MSIT_SAVE_LOG:-}" ] || cp "$IT_LOG" "$MSIT_SAVE_LOG"
	fail "tests/it_games: exit status $rc"
fi
kill -0 "$IT_PID" 2>/dev/null || fail "the supervisor died"

it_stop || fail "daemon exit status $?"
