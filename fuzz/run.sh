#!/bin/sh
# fuzz/run.sh - build every libFuzzer target (make fuzz) in BUILDDIR and
# run each for a bounded time (default 12 s, about a minute in all),
# seeded with tests/vectors/*.hex and replaying fuzz/regress/<target>*.
# Exits non-zero on any crash or sanitizer report; prints one summary
# line per target.  Without clang it says so and exits 0.
#
# usage: fuzz/run.sh BUILDDIR [SECONDS_PER_TARGET]

set -u

B=${1:?usage: fuzz/run.sh BUILDDIR [SECONDS_PER_TARGET]}
T=${2:-12}
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$B" && pwd) || exit 1

if ! grep -q '^CLANG = ..*' "$B/Makefile"; then
	echo "fuzz: clang not found by configure; nothing to fuzz"
	exit 0
fi

targets=$(make -s --no-print-directory -C "$B" print-fuzz-targets)
make -s -C "$B" fuzz || { echo "fuzz: build failed"; exit 1; }

# UBSan only reports and carries on unless told to stop.
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS ASAN_OPTIONS

work=$B/fuzz-work
rm -rf "$work/seeds" "$work/vec"
mkdir -p "$work/seeds" "$work/vec" "$work/corpus" "$work/artifacts" \
    "$work/logs"

hex2bin() {
	grep -v '^#' "$1" | tr -d ' \n' | xxd -r -p 2>/dev/null ||
	    grep -v '^#' "$1" | perl -ne 's/\s+//g; print pack("H*", $_)'
}

byte() {
	printf "\\$(printf '%03o' "$1")"
}

u8at() {
	od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '
}

# seed_packets VEC NAME - "type, variant, payload" for fuzz_packets
seed_packets() {
	v=0
	case $2 in *alephone*) v=1 ;; esac
	{ byte "$(u8at "$1" 3)"; byte $v; tail -c +9 "$1"; } \
	    > "$work/seeds/fuzz_packets/$2"
}

# seed_mclient VEC NAME - one server record in four session set-ups:
# A1 / Myth room (in the room) and A1 / Myth login (right after 100)
seed_mclient() {
	len=$(($(wc -c < "$1") - 8))
	for cfg in 47 46 33 36; do
		{ byte "$cfg"; byte "$(u8at "$1" 3)"; byte $((len / 256))
		  byte $((len % 256)); tail -c +9 "$1"; } \
		    > "$work/seeds/fuzz_mclient/$2-$cfg"
	done
}

# seed_cipher VEC NAME - key of the vectors' exchange, mode 0, ciphertext
seed_cipher() {
	{ printf '\340\016\130\177\245\016\320\157\000'; tail -c +9 "$1"; } \
	    > "$work/seeds/fuzz_mcipher/$2"
}

make_seeds() {
	for t in $targets fuzz_frame fuzz_packets fuzz_mclient fuzz_mcipher; do
		mkdir -p "$work/seeds/${t##*/}"
	done
	for f in "$top"/tests/vectors/*.hex; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .hex)
		hex2bin "$f" > "$work/vec/$n.bin" || continue
		cp "$work/vec/$n.bin" "$work/seeds/fuzz_frame/$n"
		case $n in
		cipher_*) seed_cipher "$work/vec/$n.bin" "$n" ;;
		*) seed_packets "$work/vec/$n.bin" "$n"
		   seed_mclient "$work/vec/$n.bin" "$n" ;;
		esac
	done
	cat "$work"/vec/*.bin > "$work/seeds/fuzz_frame/all" 2>/dev/null
}

# regress NAME BIN - the kept reproducers must all pass
regress() {
	set -- "$1" "$2" "$top"/fuzz/regress/"$1"*
	name=$1 bin=$2
	shift 2
	[ -f "${1:-}" ] || return 0
	"$bin" "$@" > "$work/logs/$name.regress" 2>&1
}

run_one() {
	name=${1##*/}
	bin=$B/$1
	log=$work/logs/$name.log
	mkdir -p "$work/corpus/$name"
	if ! regress "$name" "$bin"; then
		echo "$name: FAIL on fuzz/regress (see $work/logs/$name.regress)"
		return 1
	fi
	"$bin" -max_total_time="$T" -rss_limit_mb=2048 -timeout=10 \
	    -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" \
	    "$work/corpus/$name" "$work/seeds/$name" > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(sed -n 's/.*DONE *cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
	corp=$(ls "$work/corpus/$name" | wc -l)
	if [ $rc -ne 0 ] || grep -q -e 'runtime error' -e 'ERROR: ' "$log"
	then
		echo "$name: FAIL (exit $rc) after ${runs:-?} runs; see $log"
		ls "$work/artifacts/$name-"* 2>/dev/null | sed 's/^/  /'
		return 1
	fi
	echo "$name: ok, ${runs:-?} runs in ${T} s, cov ${cov:-?}," \
	    "corpus $corp"
}

make_seeds
fail=0
for t in $targets; do
	run_one "$t" || fail=1
done
exit $fail
