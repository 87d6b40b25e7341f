# it_lib.sh - shared helpers for the integration tests: start the real
# mythmetad on 127.0.0.1 with its files in a private temp directory,
# find worker pids through /proc, talk HTTP with bash's /dev/tcp, and
# always stop the daemon by pid.  Every wait is bounded in time.
# shellcheck shell=bash

set -u

: "${MS_TOP_BUILDDIR:=$(pwd)}"
: "${MS_TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
MYTHMETAD=${MYTHMETAD:-$MS_TOP_BUILDDIR/mythmetad}
MYTHMETACTL=${MYTHMETACTL:-$MS_TOP_BUILDDIR/mythmetactl}
IT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mythmeta-it.XXXXXX")
IT_LOG=$IT_DIR/daemon.log
IT_CONF=$IT_DIR/mythmetad.conf
IT_PID=
IT_FAILED=0

it_cleanup() {
	if [ -n "$IT_PID" ] && kill -0 "$IT_PID" 2>/dev/null; then
		kill -TERM "$IT_PID" 2>/dev/null
		it_wait_gone "$IT_PID" 5 || kill -KILL "$IT_PID" 2>/dev/null
	fi
	if [ "$IT_FAILED" -ne 0 ] && [ -f "$IT_LOG" ]; then
		echo "---- daemon log ----"
		tail -n 80 "$IT_LOG"
	fi
	rm -rf "$IT_DIR"
}
trap it_cleanup EXIT

fail() {
	echo "FAIL: $*"
	IT_FAILED=1
	exit 1
}

ok() {
	echo "ok - $*"
}

now_ms() {
	local t
	t=$(date +%s%N)
	echo $((t / 1000000))
}

# it_need_fds N - at least N descriptors for this process tree, or fail.
it_need_fds() {
	[ "$(ulimit -n)" -ge "$1" ] || ulimit -n "$1" 2>/dev/null ||
	    fail "need $1 descriptors, ulimit -n is $(ulimit -n)"
}

# it_port_busy PORT - 0 if something on 127.0.0.1 accepts on PORT.
it_port_busy() {
	timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" \
	    2>/dev/null
}

# it_ports - pick a base port whose first five ports nobody listens on;
# each test uses base .. base+9.  (A race with another test remains,
# so it_start also retries on EADDRINUSE.)
it_ports() {
	local seed p busy
	for _ in 1 2 3 4 5 6 7 8; do
		seed=$(( ($$ * 7919 + RANDOM) % 20000 ))
		IT_BASE=$((20000 + seed / 10 * 10))
		busy=0
		for p in 0 1 2 3 4; do
			it_port_busy $((IT_BASE + p)) && busy=1
		done
		[ $busy -eq 0 ] && break
	done
	IT_LOGIN=$IT_BASE
	IT_HTTP=$((IT_BASE + 1))
	IT_ROOM0=$((IT_BASE + 2))
	IT_ROOM1=$((IT_BASE + 3))
	IT_IPC_BASE=$((IT_BASE + 4))
}

# it_write_conf [extra supervisor lines] - a config for this test.
it_write_conf() {
	local extra=${1:-}
	cat > "$IT_CONF" <<EOC
supervisor: {
	pidfile = "$IT_DIR/mythmetad.pid";
	control_socket = "$IT_DIR/ctl.sock";
	rundir = "$IT_DIR/run";
	heartbeat_interval_ms = 200;
	heartbeat_timeout_ms = 1500;
	stop_timeout_ms = 3000;
	$extra
	restart: {
		backoff_base_ms = ${IT_BACKOFF_BASE:-50};
		backoff_max_ms = ${IT_BACKOFF_MAX:-400};
		healthy_after_ms = ${IT_HEALTHY_AFTER:-30000};
	};
};
log: { facility = "daemon"; };
listen: {
	address = "127.0.0.1";
	login_port = $IT_LOGIN;
	http_port = $IT_HTTP;
};
ipc: {
	transport = "${IT_TRANSPORT:-ipc}";
	tcp_base_port = $IT_IPC_BASE;
	request_timeout_ms = 500;
};
gateway: { health_interval_ms = 0; };
store: { path = "${IT_STORE:-$IT_DIR/mythmeta.db}"; };
rooms = (
	{ id = 0; name = "Crows Bridge"; type = "unranked"; port = $IT_ROOM0; },
	{ id = 1; name = "Otter Ferry"; type = "ranked"; port = $IT_ROOM1;
	  guests = false; }
);
EOC
}

# it_write_suite_conf GATEWAY SECTIONS NAME2 ROOM2 - the config of the
# scenario suites (it_players.sh, it_games.sh): rooms 0-3 (1 ranked
# without guests) on two room workers, so that rooms 0 and 3 live in
# different processes, raised per-address and chat limits, max_packet
# IT_MAX_PACKET.  GATEWAY: more gateway lines; SECTIONS: more top-level
# sections; NAME2: room 2's name; ROOM2: more of room 2's settings.
it_write_suite_conf() {
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
	max_packet = $IT_MAX_PACKET;
	chat_rate = 100000;
	chat_burst = 100000;
	$1
};
$2
store: { path = "$IT_DIR/mythmeta.db"; };
rooms = (
	{ id = 0; name = "Crows Bridge"; type = "unranked"; port = $IT_ROOM0; },
	{ id = 1; name = "Otter Ferry"; type = "ranked"; port = $IT_ROOM1;
	  guests = false; },
	{ id = 2; name = "$3"; type = "unranked"; port = $IT_ROOM2; $4 },
	{ id = 3; name = "Kestrel Ford"; type = "unranked"; port = $IT_ROOM3; }
);
EOC
}

# it_run_suite PROG SECS ACCOUNTS - run a scenario suite: start the
# daemon with it_write_conf, wait for all its workers, make ACCOUNTS
# (password "pw-NAME"), then tests/PROG (for at most SECS) with the
# ports, pids and paths in its MSIT_ environment; the supervisor must
# outlive it and exit cleanly.  MSIT_SAVE_LOG keeps the daemon log of
# a failure.
it_run_suite() {
	local prog=$1 secs=$2 name out rc=0
	local -a names
	# shellcheck disable=SC2206 # the names are split on white space
	names=($3)
	it_start
	it_wait_log "READY" 5 10 || fail "not every worker became ready"
	for name in "${names[@]}"; do
		out=$(it_ctl user add "$name" "pw-$name" 2>&1) ||
		    fail "user add $name: $out"
	done
	ok "accounts: ${names[*]}"

	export MSIT_LOGIN_PORT=$IT_LOGIN
	export MSIT_ROOMS="0:$IT_ROOM0,1:$IT_ROOM1,2:$IT_ROOM2,3:$IT_ROOM3"
	export MSIT_ROOM_WORKERS=2
	export MSIT_SUP_PID=$IT_PID
	export MSIT_CTL=$MYTHMETACTL
	export MSIT_CTL_SOCK=$IT_DIR/ctl.sock
	export MSIT_MAX_PACKET=$IT_MAX_PACKET

	timeout "$secs" "$MS_TOP_BUILDDIR/tests/$prog" || rc=$?
	if [ "$rc" -ne 0 ]; then
		[ -z "${MSIT_SAVE_LOG:-}" ] || cp "$IT_LOG" "$MSIT_SAVE_LOG"
		fail "tests/$prog: exit status $rc"
	fi
	kill -0 "$IT_PID" 2>/dev/null || fail "the supervisor died"

	it_stop || fail "daemon exit status $?"
}

# it_wait_gone PID SECS - 0 once PID no longer exists.
it_wait_gone() {
	local pid=$1 deadline=$(( $(now_ms) + $2 * 1000 ))
	while kill -0 "$pid" 2>/dev/null; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.02
	done
	return 0
}

# it_count PATTERN - lines of the daemon log matching PATTERN.
it_count() {
	grep -c -- "$1" "$IT_LOG" 2>/dev/null || true
}

# it_wait_log PATTERN N SECS - wait for N matching log lines.
it_wait_log() {
	local deadline=$(( $(now_ms) + $3 * 1000 ))
	while [ "$(it_count "$1")" -lt "$2" ]; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.02
	done
	return 0
}

# it_start [args] - start the daemon in the foreground, wait for READY.
it_start() {
	for _ in 1 2 3 4 5; do
		it_ports
		it_write_conf "${IT_EXTRA:-}"
		: > "$IT_LOG"
		"$MYTHMETAD" -d -c "$IT_CONF" "$@" >> "$IT_LOG" 2>&1 &
		IT_PID=$!
		if it_wait_log "READY" 4 10; then
			return 0
		fi
		kill -KILL "$IT_PID" 2>/dev/null
		wait "$IT_PID" 2>/dev/null
		IT_PID=
		grep -q "Address already in use" "$IT_LOG" || break
	done
	IT_FAILED=1
	fail "daemon did not become ready"
}

# it_worker_pid ROLE [INDEX] - pid of a live worker of the daemon.
it_worker_pid() {
	local role=$1 index=${2:-0} p args
	for p in /proc/[0-9]*; do
		[ -r "$p/stat" ] || continue
		read -r _ _ _ ppid _ 2>/dev/null < "$p/stat" || continue
		[ "$ppid" = "$IT_PID" ] || continue
		args=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
		case "$args" in
		*"-P $role -I $index "*)
			echo "${p#/proc/}"
			return 0 ;;
		esac
	done
	return 1
}

# it_children - pids of all processes whose parent is the daemon.
it_children() {
	local p
	for p in /proc/[0-9]*; do
		read -r _ _ _ ppid _ 2>/dev/null < "$p/stat" || continue
		[ "$ppid" = "$IT_PID" ] && echo "${p#/proc/}"
	done
	return 0
}

# it_http PATH - print the full HTTP response (headers and body).
it_http() {
	timeout 3 bash -c '
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n" "$2" >&3
		cat <&3' _ "$IT_HTTP" "$1" 2>/dev/null
}

# it_http_status PATH - just the status code.
it_http_status() {
	it_http "$1" | head -n 1 | awk '{print $2}'
}

# it_wait_health SECS [PATTERN] - wait for a 200 /health whose body
# matches PATTERN.
it_wait_health() {
	local deadline=$(( $(now_ms) + $1 * 1000 )) pat=${2:-}
	local out
	while :; do
		out=$(it_http /health)
		case "$out" in
		"HTTP/1."*" 200 "*)
			if [ -z "$pat" ] || printf '%s' "$out" | grep -q -- "$pat"
			then
				return 0
			fi ;;
		esac
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.01
	done
}

# it_stop - SIGTERM and wait; returns the daemon's exit status.
it_stop() {
	local rc
	kill -TERM "$IT_PID" || return 1
	it_wait_gone "$IT_PID" 20 || fail "daemon did not exit on SIGTERM"
	wait "$IT_PID"
	rc=$?
	IT_PID=
	return $rc
}

# it_ctl ARGS - mythmetactl against this test's daemon.
it_ctl() {
	"$MYTHMETACTL" -s "$IT_DIR/ctl.sock" "$@"
}
