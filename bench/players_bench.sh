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
. "$MS_TOP_SRCDIR/bench/bench_lib.sh"

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

bench_begin
scenario_a
scenario_b
scenario_c
scenario_d
bench_end
