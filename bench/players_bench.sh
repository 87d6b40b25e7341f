#!/bin/bash
# players_bench.sh - the players' performance figures: mythmeta-bench(1)
# against a fresh mythmetad on 127.0.0.1 (1,000 clients in 10 rooms):
# (a) saturation (the chat rate ramped until deliveries/s stop growing:
# deliveries/s and server CPU per delivery), (b) p50/p99 delivery
# latency at half that rate, (c) guest logins/s, (d) RSS per connected
# idle client.  Medians of 3 runs; a summary table at the end.
#
# usage: players_bench.sh [builddir]    (environment: PB_USERS, PB_ROOMS,
#        PB_PROCS, PB_DIALECT, PB_SECS, PB_RUNS override the defaults)
# Every wait is bounded; the daemon is always stopped by pid.

MS_TOP_BUILDDIR=${1:-${MS_TOP_BUILDDIR:-$(pwd)}}
MS_TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
export MS_TOP_BUILDDIR MS_TOP_SRCDIR
. "$MS_TOP_SRCDIR/tests/it_lib.sh"

BENCH=${MYTHMETA_BENCH:-$MS_TOP_BUILDDIR/mythmeta-bench}
USERS=${PB_USERS:-1000}
ROOMS=${PB_ROOMS:-10}
PROCS=${PB_PROCS:-2}
DIALECT=${PB_DIALECT:-mix}
SECS=${PB_SECS:-3}
RUNS=${PB_RUNS:-3}
RAMP_START=1000		# lines/s, times 1.5 while deliveries/s grow
RAMP_STEPS=10		# at most: 1000 .. 38000 lines/s
GROWTH_PCT=10		# less growth than this = saturated
BENCH_TIMEOUT=120	# seconds, per mythmeta-bench run

# it_ports (it_lib.sh) spaces tests 10 ports apart; 10 rooms need more.
it_ports() {
	local seed=$(( ($$ * 7919 + RANDOM) % 20000 ))
	IT_BASE=$((20000 + seed / 20 * 20))
	IT_LOGIN=$IT_BASE
	IT_HTTP=$((IT_BASE + 1))
	IT_ROOM0=$((IT_BASE + 2))
	IT_IPC_BASE=$((IT_BASE + 2 + ROOMS))
}

# it_write_conf - it_lib.sh's pattern with the bench's knobs: ROOMS
# rooms that take everyone, and client limits above the bench's load.
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
	    -P "$PROCS" -D "$DIALECT" -f "$IT_DIR/mythmetad.pid" "$@") ||
	    rc=$?
	printf '%s\n' "$out"
	printf '  %-28s %s\n' "$*" "$(note "$out")" >&2
	[ -n "$out" ] && [ "$rc" -eq 0 ]
}

note() {
	printf 'deliv/s %s cpu_us %s p50 %s p99 %s logins/s %s err %s' \
	    "$(jnum "$1" deliveries_per_s)" "$(jnum "$1" cpu_us_per_op)" \
	    "$(jnum "$1" p50 latency_ms)" "$(jnum "$1" p99 latency_ms)" \
	    "$(jnum "$1" logins_per_s)" "$(errors "$1")"
}

errors() {
	local e=${1#*\"errors\":\{}
	e=${e%%\}*}
	printf '%s' "$e" | tr -d '"' | tr ',' ' '
}

chat_run() {
	bench -n "$USERS" -R "$ROOMS" -r "$1" -d "$SECS" -w 1
}

# ramp - raise the rate by half until deliveries/s grow less than
# GROWTH_PCT; the saturation rate is the one that delivered most
ramp() {
	local rate=$RAMP_START best=0 step d j
	SAT_RATE=$RAMP_START
	for ((step = 0; step < RAMP_STEPS; step++)); do
		j=$(chat_run "$rate") || fail "bench at $rate lines/s"
		d=$(jnum "$j" deliveries_per_s)
		d=${d%.*}
		if [ "$d" -le $((best + best * GROWTH_PCT / 100)) ]; then
			[ "$d" -gt "$best" ] && SAT_RATE=$rate
			break
		fi
		best=$d
		SAT_RATE=$rate
		rate=$((rate * 3 / 2))
	done
}

scenario_a() {
	local i j d=() c=()
	echo "(a) saturation: $USERS clients in $ROOMS rooms, ramp" >&2
	fresh
	ramp
	echo "(a) $RUNS runs at $SAT_RATE lines/s" >&2
	for ((i = 0; i < RUNS; i++)); do
		j=$(chat_run "$SAT_RATE") || fail "bench at $SAT_RATE lines/s"
		d+=("$(jnum "$j" deliveries_per_s)")
		c+=("$(jnum "$j" cpu_us_per_op)")
	done
	A_DELIV=$(median "${d[@]}")
	A_CPU=$(median "${c[@]}")
	A_INC=$(incidents | wc -l)
}

# scenario_b - half the saturation throughput: the rate at which each
# room (USERS / ROOMS listeners) makes half of (a)'s deliveries/s
scenario_b() {
	local i j rate p50=() p99=()
	rate=$(awk -v d="$A_DELIV" -v u="$USERS" -v r="$ROOMS" \
	    'BEGIN { printf "%d", d / (u / r) / 2 }')
	echo "(b) latency at $rate lines/s (half of saturation)" >&2
	B_RATE=$rate
	fresh
	for ((i = 0; i < RUNS; i++)); do
		j=$(chat_run "$rate") || fail "bench at $rate lines/s"
		p50+=("$(jnum "$j" p50 latency_ms)")
		p99+=("$(jnum "$j" p99 latency_ms)")
	done
	B_P50=$(median "${p50[@]}")
	B_P99=$(median "${p99[@]}")
	B_INC=$(incidents | wc -l)
}

scenario_c() {
	local i j l=()
	echo "(c) guest logins, 50 in progress" >&2
	fresh
	for ((i = 0; i < RUNS; i++)); do
		j=$(bench -L -n 50 -d "$SECS" -w 0.5) || fail "login bench"
		l+=("$(jnum "$j" logins_per_s)")
	done
	C_LOGINS=$(median "${l[@]}")
	C_INC=$(incidents | wc -l)
}

# scenario_d - a fresh daemon per run: its RSS before the first login
# is the RSS with 0 clients
scenario_d() {
	local i j r=()
	echo "(d) RSS per idle client, $USERS clients" >&2
	D_INC=0
	for ((i = 0; i < RUNS; i++)); do
		fresh
		j=$(bench -I -n "$USERS" -R "$ROOMS" -d 1 -w 0) ||
		    fail "idle bench"
		r+=("$(jnum "$j" rss_per_client_kib)")
		D_INC=$((D_INC + $(incidents | wc -l)))
	done
	D_RSS=$(median "${r[@]}")
}

summary() {
	echo
	echo "players bench: $USERS clients, $ROOMS rooms, dialect $DIALECT," \
	    "$PROCS bench processes, medians of $RUNS runs of $SECS s"
	printf '%-44s %14s\n' "figure" "value"
	printf '%-44s %14s\n' "(a) saturation rate (lines/s asked)" "$SAT_RATE"
	printf '%-44s %14s\n' "(a) deliveries/s at saturation" "$A_DELIV"
	printf '%-44s %14s\n' "(a) lines/s that makes" "$(awk -v d="$A_DELIV" \
	    -v u="$USERS" -v r="$ROOMS" 'BEGIN { printf "%d", d / (u / r) }')"
	printf '%-44s %14s\n' "(a) server CPU per delivery (us)" "$A_CPU"
	printf '%-44s %14s\n' "(b) p50 latency at $B_RATE lines/s (ms)" "$B_P50"
	printf '%-44s %14s\n' "(b) p99 latency at $B_RATE lines/s (ms)" "$B_P99"
	printf '%-44s %14s\n' "(c) guest logins/s (50 in progress)" "$C_LOGINS"
	printf '%-44s %14s\n' "(d) RSS per idle client (KiB)" "$D_RSS"
	printf '%-44s %14s\n' "daemon incidents in the log (a/b/c/d)" \
	    "$A_INC/$B_INC/$C_INC/$D_INC"
}

[ -x "$BENCH" ] || fail "$BENCH: not built"
START=$(date +%s)
scenario_a
scenario_b
scenario_c
scenario_d
it_stop
summary
echo "(whole script: $(( $(date +%s) - START )) s)"
