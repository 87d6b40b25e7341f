# bench_lib.sh - what the bench scripts (players_bench.sh,
# games_bench.sh) share: tests/it_lib.sh's daemon handling with ports
# and a config for ROOMS bench rooms, a fresh daemon per scenario, its
# incidents, numbers out of mythmeta-bench's JSON, medians, and one
# bounded mythmeta-bench run.
# The caller sets MS_TOP_BUILDDIR, MS_TOP_SRCDIR, ROOMS, PROCS, DIALECT
# and BENCH_TIMEOUT, and defines note JSON (the run's one-line note);
# BENCH_ARGS (an array) go before each run's own arguments, and
# BENCH_NOTE_WIDTH is the width of the arguments in the notes.
# shellcheck shell=bash

. "$MS_TOP_SRCDIR/tests/it_lib.sh"

BENCH=${MYTHMETA_BENCH:-$MS_TOP_BUILDDIR/mythmeta-bench}
BENCH_ARGS=()
BENCH_NOTE_WIDTH=28

# it_ports (it_lib.sh) spaces tests 10 ports apart; 10 rooms need more.
it_ports() {
	local seed=$(( ($$ * 7919 + RANDOM) % 20000 ))
	IT_BASE=$((20000 + seed / 20 * 20))
	IT_LOGIN=$IT_BASE
	IT_HTTP=$((IT_BASE + 1))
	IT_ROOM0=$((IT_BASE + 2))
	# shellcheck disable=SC2153 # ROOMS is the caller's
	IT_IPC_BASE=$((IT_BASE + 2 + ROOMS))
}

# it_write_conf - it_lib.sh's pattern with the bench's knobs: ROOMS
# unranked rooms that take everyone, and client limits above the
# bench's load.
it_write_conf() {
	local i rooms="" sep=","
	for ((i = 0; i < ROOMS; i++)); do
		[ "$i" -eq $((ROOMS - 1)) ] && sep=""
		rooms="$rooms	{ id = $i; name = \"Bench $i\";"
		rooms="$rooms port = $((IT_ROOM0 + i)); capacity = 10000; }$sep
"
	done
	cat > "$IT_CONF" <<EOC
supervisor: {
	pidfile = "$IT_DIR/mythmetad.pid";
	control_socket = "$IT_DIR/ctl.sock";
	rundir = "$IT_DIR/run";
};
log: { facility = "daemon"; };
listen: {
	address = "127.0.0.1";
	login_port = $IT_LOGIN;
	http_port = $IT_HTTP;
	backlog = 1024;
};
ipc: { transport = "ipc"; tcp_base_port = $IT_IPC_BASE; };
gateway: {
	health_interval_ms = 0;
	max_clients = 100000;
	max_clients_per_ip = 100000;
	chat_rate = 1000;
	chat_burst = 1000;
};
store: { path = "$IT_DIR/mythmeta.db"; };
rooms = (
$rooms);
EOC
}

# fresh - a new daemon for the next scenario
fresh() {
	[ -n "$IT_PID" ] && it_stop
	# shellcheck disable=SC2119 # no extra daemon arguments
	it_start
	it_wait_health 10 || fail "daemon not healthy"
}

# incidents - daemon log lines that say a worker died or was killed
incidents() {
	grep -E 'killed by|exited|killing it|SIGKILL|parked|CRIT' \
	    "$IT_LOG" 2>/dev/null || true
}

# jnum JSON KEY [OBJECT] - a number from the bench's one-line JSON
jnum() {
	local j=$1
	if [ -n "${3:-}" ]; then
		j=${j#*\""$3"\":\{}
		j=${j%%\}*}
	fi
	printf '%s\n' "$j" |
	    sed -n "s/.*\"$2\":\(-\{0,1\}[0-9][0-9.e+-]*\).*/\1/p" | head -n 1
}

median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	    END { print (NR ? v[int((NR + 1) / 2)] : "-") }'
}

# bench ARGS - one run; its JSON on stdout, a one-line note on stderr.
# Runs in $(...), so a failure is returned, and the caller fails.
bench() {
	local out rc=0
	out=$(timeout "$BENCH_TIMEOUT" "$BENCH" -j -p "$IT_LOGIN" \
	    -P "$PROCS" -D "$DIALECT" -f "$IT_DIR/mythmetad.pid" \
	    ${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"} "$@") || rc=$?
	printf '%s\n' "$out"
	printf "  %-${BENCH_NOTE_WIDTH}s %s\n" "$*" "$(note "$out")" >&2
	[ -n "$out" ] && [ "$rc" -eq 0 ]
}

# bench_begin - refuse a bench that is not built; the start time
bench_begin() {
	[ -x "$BENCH" ] || fail "$BENCH: not built"
	START=$(date +%s)
}

# bench_end - stop the daemon, print the summary and the time taken
bench_end() {
	it_stop
	summary
	echo "(whole script: $(( $(date +%s) - START )) s)"
}
