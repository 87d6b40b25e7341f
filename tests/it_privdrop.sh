#!/bin/bash
# it_privdrop.sh - started as root with supervisor.user set, the daemon
# binds its ports as root, then every worker runs as that user and group
# with no_new_privs set, while the supervisor keeps root.  Skipped (77)
# when not root or when the system has no "nobody" user.
. "$(dirname "$0")/it_lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "SKIP: not root"; exit 77; }
uid=$(id -u nobody 2>/dev/null) || { echo "SKIP: no nobody user"; exit 77; }
gid=$(id -g nobody)
# The workers must reach the runtime directory inside the test dir.
chmod 755 "$IT_DIR"

IT_EXTRA='user = "nobody";' IT_STORE="$IT_DIR/data/mythmeta.db" it_start
it_wait_health 3 || fail "/health not ready with privilege drop"
grep -q "^Uid:[[:space:]]*0[[:space:]]" "/proc/$IT_PID/status" ||
    fail "supervisor is no longer root"
for role in store game room gateway; do
	pid=$(it_worker_pid $role) || fail "no $role worker"
	grep -q "^Uid:[[:space:]]*$uid[[:space:]]*$uid[[:space:]]*$uid" \
	    "/proc/$pid/status" || fail "$role does not run as nobody"
	grep -q "^Gid:[[:space:]]*$gid[[:space:]]*$gid[[:space:]]*$gid" \
	    "/proc/$pid/status" || fail "$role does not run in nobody's group"
	grep -q "^NoNewPrivs:[[:space:]]*1" "/proc/$pid/status" ||
	    fail "$role lacks no_new_privs"
	grep -q "^Groups:[[:space:]]*$gid[[:space:]]*$" "/proc/$pid/status" ||
	    fail "$role kept supplementary groups"
done
ok "workers run as nobody with no_new_privs; supervisor keeps root"
[ "$(stat -c %U "$IT_DIR/run")" = nobody ] || fail "rundir not owned by nobody"
ok "runtime directory belongs to the service user"
[ "$(stat -c %U "$IT_DIR/data")" = nobody ] || fail "database directory not owned by nobody"
[ "$(stat -c %U "$IT_DIR/data/mythmeta.db")" = nobody ] ||
    fail "database not created by the store as nobody"
ok "database directory created for the service user"
it_stop || fail "daemon exit status $?"
