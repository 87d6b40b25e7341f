#!/bin/bash
# it_config.sh - the command-line config checks: the shipped example
# passes -t, errors print as file:line with exit 1, and -n -v prints an
# effective config that itself passes -t.
. "$(dirname "$0")/it_lib.sh"

"$MYTHMETAD" -t -c "$MS_TOP_SRCDIR/conf/mythmetad.conf" ||
    fail "shipped conf/mythmetad.conf fails -t"
ok "conf/mythmetad.conf passes -t"

cat > "$IT_DIR/bad.conf" <<'EOC'
listen: {
	login_port = 70000;
	bogus = 1;
};
EOC
out=$("$MYTHMETAD" -t -c "$IT_DIR/bad.conf" 2>&1)
rc=$?
[ $rc -eq 1 ] || fail "bad config: exit $rc, want 1"
printf '%s\n' "$out" | grep -q "bad.conf:2: .*login_port" ||
    fail "no line-2 error for login_port: $out"
printf '%s\n' "$out" | grep -q "bad.conf:3: .*bogus" ||
    fail "no line-3 error for the unknown key: $out"
ok "bad config: every error with its line"

printf 'listen: { login_port = ; };\n' > "$IT_DIR/syntax.conf"
out=$("$MYTHMETAD" -t -c "$IT_DIR/syntax.conf" 2>&1) && fail "syntax ok?"
printf '%s\n' "$out" | grep -q "syntax.conf:1:" || fail "syntax: $out"
ok "syntax error with its line"

"$MYTHMETAD" -n -v -c "$MS_TOP_SRCDIR/conf/mythmetad.conf" \
    > "$IT_DIR/effective.conf" || fail "-n -v failed"
grep -q "login_port" "$IT_DIR/effective.conf" || fail "-n -v printed nothing"
"$MYTHMETAD" -t -c "$IT_DIR/effective.conf" || fail "printed config fails -t"
ok "-n -v prints a config that passes -t"

"$MYTHMETAD" -x >/dev/null 2>&1
[ $? -eq 64 ] || fail "bad option does not exit EX_USAGE"
ok "usage error exits 64"
