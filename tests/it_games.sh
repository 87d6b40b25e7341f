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
IT_MAX_PACKET=8192

# it_write_conf - it_lib.sh's suite config with idle games dropped
# after 10 s.
it_write_conf() {
	it_write_suite_conf "" "game: { idle_timeout_s = 10; };" \
	    "Heron Weir" ""
}

it_need_fds 1024
it_run_suite it_games 110 "$ITG_ACCOUNTS"
