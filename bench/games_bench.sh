#!/bin/bash
# games_bench.sh - the games' performance figures: mythmeta-bench(1)
# against a fresh mythmetad on 127.0.0.1, 1,000 clients in 10 rooms:
# (a) chat alone at GB_CHAT lines/s (the server CPU without games),
# (b) the same chat plus 100 hosted games each updated once a second:
# game-list update latency p50/p99/p99.9 (host 104 -> seen by a room
# member), updates sent and received, and the server CPU the games add,
# (c) results saturation: the hosts cycle 114, 111, 112 as fast as their
# "Game result recorded." lines come back (results stored/s).
# Medians of GB_RUNS runs; a summary table at the end.
#
# usage: games_bench.sh [builddir]    (environment: GB_USERS, GB_ROOMS,
#        GB_GAMES, GB_UPDATE, GB_CHAT, GB_SAT_CHAT, GB_PROCS, GB_DIALECT,
#        GB_SECS, GB_RUNS override the defaults)
# Every wait is bounded; the daemon is always stopped by pid.

MS_TOP_BUILDDIR=${1:-${MS_TOP_BUILDDIR:-$(pwd)}}
MS_TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
export MS_TOP_BUILDDIR MS_TOP_SRCDIR
. "$MS_TOP_SRCDIR/bench/bench_lib.sh"

USERS=${GB_USERS:-1000}
ROOMS=${GB_ROOMS:-10}
GAMES=${GB_GAMES:-100}
UPDATE=${GB_UPDATE:-1}		# 104s per second per game
CHAT=${GB_CHAT:-4600}		# half the players issue's saturation
SAT_CHAT=${GB_SAT_CHAT:-0}	# chat during (c)
PROCS=${GB_PROCS:-2}
DIALECT=${GB_DIALECT:-mix}
SECS=${GB_SECS:-5}
RUNS=${GB_RUNS:-3}
BENCH_TIMEOUT=120	# seconds, per mythmeta-bench run

# every run: USERS clients in ROOMS rooms for SECS s after 1 s of warm-up
BENCH_ARGS=(-n "$USERS" -R "$ROOMS" -d "$SECS" -w 1)
BENCH_NOTE_WIDTH=34

note() {
	printf 'cpu_s %s (bench %s) chat p99 %s list p99 %s upd/s %s ' \
	    "$(jnum "$1" cpu_s daemon)" "$(jnum "$1" bench_cpu_s)" \
	    "$(jnum "$1" p99 latency_ms)" "$(jnum "$1" p99 game_latency_ms)" \
	    "$(jnum "$1" game_updates_per_s)"
	printf 'seen/s %s res/s %s' "$(jnum "$1" game_changes_per_s)" \
	    "$(jnum "$1" results_per_s)"
}

# scenario_ab - chat alone, then chat and games, alternating on one
# daemon so both see the same database and process ages
scenario_ab() {
	local i j ca=() cb=() p50=() p99=() p999=() us=() ss=() ok=() \
	    la=() lb=()
	echo "(a, b) $USERS clients in $ROOMS rooms, chat $CHAT lines/s;" \
	    "(b) adds $GAMES games, $UPDATE updates/s each" >&2
	fresh
	for ((i = 0; i < RUNS; i++)); do
		j=$(bench -r "$CHAT") || fail "chat bench"
		ca+=("$(jnum "$j" cpu_s daemon)")
		la+=("$(jnum "$j" p99 latency_ms)")
		j=$(bench -r "$CHAT" -G "$GAMES" -u "$UPDATE") ||
		    fail "games bench"
		cb+=("$(jnum "$j" cpu_s daemon)")
		lb+=("$(jnum "$j" p99 latency_ms)")
		p50+=("$(jnum "$j" p50 game_latency_ms)")
		p99+=("$(jnum "$j" p99 game_latency_ms)")
		p999+=("$(jnum "$j" p999 game_latency_ms)")
		us+=("$(jnum "$j" game_updates_per_s)")
		ss+=("$(jnum "$j" game_changes_per_s)")
		ok+=("$(jnum "$j" game_delivery_ratio)")
	done
	A_CPU=$(median "${ca[@]}")
	B_CPU=$(median "${cb[@]}")
	A_CHAT99=$(median "${la[@]}")
	B_CHAT99=$(median "${lb[@]}")
	B_P50=$(median "${p50[@]}")
	B_P99=$(median "${p99[@]}")
	B_P999=$(median "${p999[@]}")
	B_UPD=$(median "${us[@]}")
	B_SEEN=$(median "${ss[@]}")
	B_RATIO=$(median "${ok[@]}")
	AB_INC=$(incidents | wc -l)
}

# scenario_c - results saturation on a fresh daemon (a fresh database)
scenario_c() {
	local i j r=() t=() p=()
	echo "(c) results saturation: $GAMES hosts cycling as fast as" \
	    "answered, chat $SAT_CHAT lines/s" >&2
	fresh
	for ((i = 0; i < RUNS; i++)); do
		j=$(bench -r "$SAT_CHAT" -G "$GAMES" -u 0 -S max) ||
		    fail "results bench"
		r+=("$(jnum "$j" results_per_s)")
		t+=("$(jnum "$j" result_timeouts)")
		p+=("$(jnum "$j" p99 score_cycle_ms)")
	done
	C_RES=$(median "${r[@]}")
	C_TMO=$(median "${t[@]}")
	C_P99=$(median "${p[@]}")
	C_INC=$(incidents | wc -l)
}

summary() {
	local extra
	extra=$(awk -v a="$A_CPU" -v b="$B_CPU" -v s="$SECS" \
	    'BEGIN { printf "%.3f", (b - a) / s }')
	echo
	echo "games bench: $USERS clients, $ROOMS rooms, $GAMES games," \
	    "dialect $DIALECT, $PROCS bench processes, medians of $RUNS" \
	    "runs of $SECS s"
	printf '%-48s %14s\n' "figure" "value"
	printf '%-48s %14s\n' "(a) server CPU, chat alone (s per run)" "$A_CPU"
	printf '%-48s %14s\n' "(b) server CPU, chat and games (s per run)" \
	    "$B_CPU"
	printf '%-48s %14s\n' "(b) extra server CPU of the games (cores)" \
	    "$extra"
	printf '%-48s %14s\n' "(a) chat latency p99 (ms)" "$A_CHAT99"
	printf '%-48s %14s\n' "(b) chat latency p99 (ms)" "$B_CHAT99"
	printf '%-48s %14s\n' "(b) game updates sent/s" "$B_UPD"
	printf '%-48s %14s\n' "(b) game changes received/s" "$B_SEEN"
	printf '%-48s %14s\n' "(b) changes received / expected" "$B_RATIO"
	printf '%-48s %14s\n' "(b) list update latency p50 (ms)" "$B_P50"
	printf '%-48s %14s\n' "(b) list update latency p99 (ms)" "$B_P99"
	printf '%-48s %14s\n' "(b) list update latency p99.9 (ms)" "$B_P999"
	printf '%-48s %14s\n' "(c) results stored/s at saturation" "$C_RES"
	printf '%-48s %14s\n' "(c) score cycles unanswered (per run)" "$C_TMO"
	printf '%-48s %14s\n' "(c) score cycle p99 (ms)" "$C_P99"
	printf '%-48s %14s\n' "daemon incidents in the log (a+b/c)" \
	    "$AB_INC/$C_INC"
}

it_need_fds 4096
bench_begin
scenario_ab
scenario_c
bench_end
