#!/bin/bash
# it_players.sh - the players integration tests: the real daemon on
# 127.0.0.1 with four rooms on two room workers and raised per-address
# and chat limits, accounts made with mythmetactl (password "pw-NAME"),
# then tests/it_players (cmocka; scenarios in tests/it_players*.c) with
# ports, pids and paths in its environment.  MSIT_FILTER picks scenarios
# (a cmocka pattern); MSIT_SAVE_LOG keeps the daemon log of a failure.
# The daemon is stopped by pid; every wait is bounded.
. "$(dirname "$0")/it_lib.sh"

ITP_ACCOUNTS="alder birch cedar dogwood elm fir gorse hazel"
IT_MAX_PACKET=8192

# it_write_conf - it_lib.sh's suite config (room ids 0-3, 1 ranked
# without guests), room 2 large, and a short keepalive.
it_write_conf() {
	it_write_suite_conf "keepalive_ms = 1000;" "" "Bulk Hall" \
	    "capacity = 1000;"
}

# 500 clients and the daemon's side of them, in this process tree.
it_need_fds 4096
it_run_suite it_players 170 "$ITP_ACCOUNTS"
