#!/bin/sh
# Host-side self-test of lvss-pattern: selftest.sh BIN UNIT_TEST_BIN
# Runs the unit tests, then drives the tool on a 64 MiB regular file used as
# the "device": fill, concurrent writers, a "snapshot" taken by copying the
# file while the writers are stopped, more writing, and verify - which must
# pass on the honest copy and fail, precisely, on every kind of damage.
# Prints TAP and ends with "N passed, N failed". No root needed.
set -u
P=$1
UNIT=$2
BS=4096

n=0 passed=0 failed=0
ok() { n=$((n + 1)) passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $1"
	for f in "$W/out" "$W/err"; do
		[ -s "$f" ] && head -n 20 "$f" | sed "s|^|# $(basename "$f"): |"
	done
	return 0
}
# COND; check $? DESC: one TAP line for the status of COND.
check() {
	if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi
}
# run CMD...: RC, and stdout/stderr in $W/out, $W/err.
run() {
	RC=0
	"$@" >"$W/out" 2>"$W/err" || RC=$?
}
has() { grep -q -e "$1" "$W/out" "$W/err"; }
# field KEY: the value of KEY=... on verify's RESULT line.
field() { sed -n "s/^RESULT .* $1=\([0-9]*\).*/\1/p" "$W/out"; }
# put_block FILE BLOCK SRCFILE SRCBLOCK
put_block() {
	dd if="$3" of="$1" bs=$BS skip="$4" seek="$2" count=1 conv=notrunc \
		2>/dev/null
}
# flip_byte FILE OFFSET: invert the lowest bit of one byte.
flip_byte() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf '%b' "\\0$(printf %o $((b ^ 1)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# --- unit tests ------------------------------------------------------------
echo "# unit tests: $UNIT"
uout=$("$UNIT" 2>&1)
urc=$?
printf '%s\n' "$uout" | grep -v '^1\.\.[0-9]*$'
up=$(printf '%s\n' "$uout" | grep -c '^ok ')
uf=$(printf '%s\n' "$uout" | grep -c '^not ok ')
n=$((up + uf)) passed=$up failed=$uf
if [ "$urc" -ne 0 ] && [ "$uf" -eq 0 ]; then
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - unit tests exited with status $urc"
fi

W=$(mktemp -d /var/tmp/lvss-pattern-selftest.XXXXXX 2>/dev/null ||
	mktemp -d /tmp/lvss-pattern-selftest.XXXXXX) || {
	echo "not ok $((n + 1)) - cannot create a work directory"
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
}
bgpid=
cleanup() {
	[ -n "$bgpid" ] && kill "$bgpid" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
echo "# lvss-pattern self-test in $W"
img=$W/img
L1=$W/w1.log L2=$W/w2.log L3=$W/w3.log

# --- usage and errors ------------------------------------------------------
run "$P"
[ "$RC" = 2 ]
check $? "no arguments: usage, exit 2"
run "$P" frobnicate
[ "$RC" = 2 ] && has "unknown command .frobnicate."
check $? "unknown command named, exit 2"
run "$P" write "$W/nothing" --seconds 1
[ "$RC" = 2 ] && has "\-\-log FILE is required"
check $? "write without --log: says so, exit 2"
run "$P" write "$W/nothing" --seconds 1 --log "$W/x" --threads abc
[ "$RC" = 2 ] && has "\-\-threads: .abc. is not"
check $? "bad number: names the option and the value"
run "$P" fill "$W/nothing"
[ "$RC" = 2 ] && has "nothing: No such file"
check $? "fill of a missing file: names it, exit 2"
run "$P" verify "$W/nothing"
[ "$RC" = 2 ] && has "t-start"
check $? "verify without a window: asks for --t-start/--t-end"
run "$P" verify "$W/nothing" --t-start 5 --t-end 3
[ "$RC" = 2 ] && has "is after"
check $? "verify with T1 > T2: refused"
run "$P" fill "$W/nothing" --block-size 1000
[ "$RC" = 2 ] && has "not a power of two"
check $? "bad block size: refused"

# --- now ---------------------------------------------------------------------
a=$("$P" now)
b=$("$P" now)
case $a$b in *[!0-9]*|"") false;; *) [ "$b" -ge "$a" ];; esac
check $? "now: two readings, monotonic"

# --- fill and verify the fill ------------------------------------------------
truncate -s 64M "$img"
run "$P" fill "$img" --gen 1 --seed 1
[ "$RC" = 0 ] && has "16384 blocks"
check $? "fill 64 MiB"
cp "$img" "$W/fill.img"
t=$("$P" now)
run "$P" verify "$img" --t-start "$t" --t-end "$t"
[ "$RC" = 0 ] && [ "$(field exact)" = 16384 ]
check $? "verify right after the fill: all 16384 blocks exact"
run "$P" verify "$img" --t-start "$t" --t-end "$t" --fill-seed 2
[ "$RC" = 1 ] && has "expected fill seed 2"
check $? "verify with a wrong --fill-seed fails"

# --- writers -----------------------------------------------------------------
run "$P" write "$img" --seconds 2 --threads 4 --buffered --log "$L1" --seed 11
[ "$RC" = 0 ] && has "writes, .* blocks" && [ -s "$L1" ]
check $? "write: 2 s, 4 buffered threads"
cp "$img" "$W/mid.img"
run "$P" write "$img" --seconds 1 --threads 2 --direct --max-blocks 32 \
	--log "$L2" --gen-base 2000000
[ "$RC" = 0 ] && [ -s "$L2" ]
check $? "write: 1 s, 2 O_DIRECT threads, up to 32 blocks"
run "$P" dump-log "$L1"
[ "$RC" = 0 ] && [ "$(grep -c "^[0-9]" "$W/out")" -gt 100 ]
check $? "dump-log prints the entries"
run "$P" verify "$img" --origin-final --log "$L1" --log "$L2"
[ "$RC" = 0 ] && [ "$(field mismatches)" = 0 ]
check $? "(a) origin after the writers: 0 mismatches"

# "Snapshot": the writers are stopped, so a copy is the state at T1..T2.
T1=$("$P" now)
cp "$img" "$W/snap.img"
T2=$("$P" now)
run "$P" write "$img" --seconds 1 --threads 4 --log "$L3" --gen-base 3000000 \
	--sequential --max-blocks 8
[ "$RC" = 0 ]
check $? "write after the snapshot (--sequential)"
# Sequential: each thread's next write starts where its last one ended,
# except where it wraps at the end of the device.
"$P" dump-log "$L3" | awk '!/^#/ {
		if (($6 in end) && $1 != end[$6] && end[$6] + 8 <= dev) bad++
		n++; end[$6] = $1 + $2
		if ($2 != 8) bad++
	}
	END { exit !(n > 10 && bad + 0 == 0) }' dev="$(($(stat -c %s "$img") / BS))"
check $? "write --sequential: 8-block writes, each where the last ended"
# vsnap FILE [ARGS]: verify FILE as the snapshot taken between T1 and T2.
vsnap() {
	f=$1
	shift
	run "$P" verify "$f" --t-start "$T1" --t-end "$T2" --log "$L1" \
		--log "$L2" --log "$L3" "$@"
}
vsnap "$W/snap.img"
[ "$RC" = 0 ] && [ "$(field mismatches)" = 0 ] && [ "$(field writes_after)" -gt 0 ] && [ "$(field checked)" = 16384 ]
check $? "(b) snapshot copy verifies: 0 mismatches, writes after T2 seen"
run "$P" verify "$W/snap.img" --t-start "$T1" --t-end "$T2" "$L1" "$L2" "$L3"
[ "$RC" = 0 ]
check $? "log files may also be given as plain arguments"
run "$P" verify "$img" --origin-final "$L1" "$L2" "$L3"
[ "$RC" = 0 ]
check $? "origin after all writers: 0 mismatches"
vsnap "$img"
[ "$RC" = 1 ] && [ "$(field wrong_gen)" -gt 1000 ] && has "after the snapshot was taken"
check $? "the origin, judged as the snapshot, fails: post-snapshot writes detected"

# Blocks covered by the first writer (expected != fill) and by the last one.
b1=$("$P" dump-log "$L1" | awk '!/^#/ { print $1; exit }')
b3=$("$P" dump-log "$L3" | awk '!/^#/ { print $1; exit }')

# (c) one flipped byte
cp "$W/snap.img" "$W/c.img"
flip_byte "$W/c.img" $((100 * BS + 2000))
vsnap "$W/c.img"
[ "$RC" = 1 ] && [ "$(field mismatches)" = 1 ] && [ "$(field corrupt)" = 1 ] && has "block 100 (offset 409600): torn/corrupt"
check $? "(c) one flipped byte: exactly 1 mismatch, torn/corrupt, block 100"

# (d) a stale block: the fill's data where a pre-snapshot write landed
cp "$W/snap.img" "$W/d.img"
put_block "$W/d.img" "$b1" "$W/fill.img" "$b1"
vsnap "$W/d.img"
[ "$RC" = 1 ] && [ "$(field wrong_gen)" = 1 ] && [ "$(field mismatches)" = 1 ] && has "block $b1 .*shows gen 1,.*fill generation"
check $? "(d) stale (older generation) block $b1: 1 wrong gen, named as the fill"

# a block of an older write: from the copy taken between writers 1 and 2
# (a block where mid.img holds a write of writer 1, not the fill)
run "$P" compare "$W/mid.img" "$W/snap.img" --limit-report 1000
bm=$(sed -n 's/^lvss-pattern compare: block \([0-9]*\) .*mid.img has block [0-9]* gen [0-9][0-9].*/\1/p' "$W/out" | head -n 1)
cp "$W/snap.img" "$W/o.img"
put_block "$W/o.img" "${bm:-0}" "$W/mid.img" "${bm:-0}"
vsnap "$W/o.img"
[ -n "$bm" ] && [ "$RC" = 1 ] && [ "$(field wrong_gen)" = 1 ] && has "block $bm .*overwritten by a later write before T1"
check $? "(d) an older write's data in block ${bm:-?}: 1 wrong gen, said to be overwritten"

# a block from after the snapshot
cp "$W/snap.img" "$W/n.img"
put_block "$W/n.img" "$b3" "$img" "$b3"
vsnap "$W/n.img"
[ "$RC" = 1 ] && [ "$(field wrong_gen)" = 1 ] && has "block $b3 .*after the snapshot was taken"
check $? "a block written after T2 in the snapshot: 1 wrong gen, explained"

# misplaced, zeroed, torn
cp "$W/snap.img" "$W/m.img"
put_block "$W/m.img" 11 "$W/snap.img" 10
vsnap "$W/m.img"
[ "$RC" = 1 ] && [ "$(field misplaced)" = 1 ] && has "block 11 .*holds block 10"
check $? "block 10's data in block 11: misplaced"
cp "$W/snap.img" "$W/z.img"
dd if=/dev/zero of="$W/z.img" bs=$BS seek=12 count=1 conv=notrunc 2>/dev/null
vsnap "$W/z.img"
[ "$RC" = 1 ] && [ "$(field corrupt)" = 1 ] && has "block 12 .*all-zero"
check $? "a zeroed block: corrupt, said to be all zero"
cp "$W/snap.img" "$W/t.img"
dd if="$W/fill.img" of="$W/t.img" bs=512 skip=$((b1 * 8 + 1)) seek=$((b1 * 8 + 1)) \
	count=7 conv=notrunc 2>/dev/null
vsnap "$W/t.img"
[ "$RC" = 1 ] && [ "$(field corrupt)" = 1 ] && has "block $b1 .*sectors 1-7 (7 of 8)"
check $? "a torn block (new first sector, old rest): sectors 1-7 named"

cp "$W/snap.img" "$W/many.img"
for k in 20 21 22 23 24; do
	dd if=/dev/zero of="$W/many.img" bs=$BS seek=$k count=1 conv=notrunc 2>/dev/null
done
vsnap "$W/many.img" --limit-report 2
[ "$RC" = 1 ] && [ "$(field mismatches)" = 5 ] && [ "$(grep -c ": block 2[0-4] " "$W/out")" = 2 ] && has "more problems"
check $? "--limit-report 2: 2 lines for 5 problems, all counted"

# --- read errors, size, logs --------------------------------------------------
LVSS_PATTERN_INJECT_EIO=$((200 * BS + 10))
export LVSS_PATTERN_INJECT_EIO
vsnap "$W/snap.img"
unset LVSS_PATTERN_INJECT_EIO
[ "$RC" = 1 ] && [ "$(field unreadable)" = 1 ] && [ "$(field checked)" = 16383 ] && has "block 200 (offset 819200): read error at offset 819200: Input/output error"
check $? "EIO while reading: the block and offset named, exit 1"
cp "$W/snap.img" "$W/half.img"
truncate -s 32M "$W/half.img"
vsnap "$W/half.img"
[ "$RC" = 1 ] && has "written to a device of 16384 blocks"
check $? "a device of another size than the logs': fails, says so"
run "$P" verify "$W/snap.img" --t-start "$T1" --t-end "$T2" --log "$L1" --log "$L1"
[ "$RC" = 2 ] && has "overlap"
check $? "the same gens in two logs: refused (--gen-base)"
head -c 1000 "$L1" >"$W/trunc.log"
run "$P" verify "$W/snap.img" --t-start "$T1" --t-end "$T2" --log "$W/trunc.log"
[ "$RC" = 2 ] && has "trunc.log: truncated"
check $? "a truncated log: refused, named"
vsnap "$W/snap.img" --block-size 8192
[ "$RC" = 2 ] && has "block size 4096"
check $? "--block-size other than the logs': refused"

# --- compare ------------------------------------------------------------------
cp "$W/snap.img" "$W/snap2.img"
run "$P" compare "$W/snap.img" "$W/snap2.img"
[ "$RC" = 0 ] && has "0 differ: identical"
check $? "compare: identical copies, exit 0"
run "$P" compare "$W/snap.img" "$W/c.img"
[ "$RC" = 1 ] && has "block 100 (offset 409600) differs" && has ", 1 differ"
check $? "compare: one flipped byte, 1 block differs, named"
run "$P" compare "$W/snap.img" "$W/many.img" --limit-report 1
[ "$RC" = 1 ] && has ", 5 differ" && has "4 more differing"
check $? "compare: 5 blocks differ, 1 reported"
run "$P" compare "$W/snap.img" "$W/half.img"
[ "$RC" = 1 ] && has "sizes differ"
check $? "compare: sizes differ"
LVSS_PATTERN_INJECT_EIO=$((300 * BS))
export LVSS_PATTERN_INJECT_EIO
run "$P" compare "$W/snap.img" "$W/snap2.img"
unset LVSS_PATTERN_INJECT_EIO
[ "$RC" = 1 ] && has "read error at offset 1228800 (block 300): Input/output error"
check $? "compare: EIO named with its offset"

# --- stopping by signal, readiness, regions -----------------------------------
rm -f "$W/ready"
"$P" write "$img" --until-signal --threads 3 --log "$W/sig.log" \
	--gen-base 4000000 --ready "$W/ready" 2>"$W/sig.err" &
bgpid=$!
i=0
while [ ! -e "$W/ready" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -e "$W/ready" ]
check $? "--ready: created once every thread has written"
sleep 0.3
kill -TERM "$bgpid"
RC=0
wait "$bgpid" || RC=$?
bgpid=
[ "$RC" = 0 ] && grep -q "stopped by SIGTERM" "$W/sig.err" && "$P" dump-log "$W/sig.log" | grep -q "stopped by signal"
check $? "SIGTERM: clean stop, exit 0, log written"
run "$P" write "$img" --seconds 0.5 --threads 2 --region 100:64 \
	--log "$W/reg.log" --gen-base 5000000
[ "$RC" = 0 ] && "$P" dump-log "$W/reg.log" | awk "!/^#/ { n++; if (\$1 < 100 || \$1 + \$2 > 164) bad++ } END { exit !(n > 0 && !bad) }"
check $? "--region 100:64: every write inside blocks 100..163"
LVSS_PATTERN_INJECT_WRITE_EIO=$((8 * BS + 100))
export LVSS_PATTERN_INJECT_WRITE_EIO
run "$P" write "$img" --seconds 5 --threads 2 --region 0:16 \
	--log "$W/fail.log" --gen-base 6000000
unset LVSS_PATTERN_INJECT_WRITE_EIO
[ "$RC" = 1 ] && has "write error at offset 32768 (block 8): Input/output error" &&
	has "WRITE ERRORS" && "$P" dump-log "$W/fail.log" | grep -q " never "
check $? "a failed write: offset named, exit 1, logged as never completed"
all="$L1 $L2 $L3 $W/sig.log $W/reg.log $W/fail.log"
# shellcheck disable=SC2086 # $all: one word per log
run "$P" verify "$img" --origin-final $all
[ "$RC" = 0 ] && has "recorded failed writes"
check $? "origin after six writer runs, one failed: 0 mismatches"
run "$P" verify "$img" --origin-final "$L1" "$L2" "$L3" "$W/reg.log" "$W/fail.log"
[ "$RC" = 1 ] && [ "$(field wrong_gen)" -gt 0 ]
check $? "origin with one log left out: fails"

# O_DIRECT where the file system may refuse it: falls back, still correct.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=$(mktemp /dev/shm/lvss-pattern-selftest.XXXXXX)
	truncate -s 4M "$shm"
	"$P" fill "$shm" 2>/dev/null
	run "$P" write "$shm" --seconds 0.3 --threads 2 --direct --log "$W/shm.log"
	rc1=$RC
	run "$P" verify "$shm" --origin-final "$W/shm.log"
	rm -f "$shm"
	[ "$rc1" = 0 ] && [ "$RC" = 0 ]
	check $? "write --direct on tmpfs: works (O_DIRECT or fallback), verifies"
else
	n=$((n + 1)) passed=$((passed + 1))
	echo "ok $n - # SKIP no writable /dev/shm"
fi

# --- copy-ranges ---------------------------------------------------------------
truncate -s 1M "$W/cr-src.img" "$W/cr-dst.img"
"$P" fill "$W/cr-src.img" >/dev/null 2>&1
cp "$W/cr-dst.img" "$W/cr-want.img"
dd if="$W/cr-src.img" of="$W/cr-want.img" bs=4096 skip=1 seek=1 count=2 conv=notrunc 2>/dev/null
dd if="$W/cr-src.img" of="$W/cr-want.img" bs=4096 skip=10 seek=10 count=1 conv=notrunc 2>/dev/null
printf '# a header\n4096 8192\n40960 4096\n' >"$W/cr-ranges"
run "$P" copy-ranges "$W/cr-src.img" "$W/cr-dst.img" "$W/cr-ranges"
[ "$RC" = 0 ] && has "2 ranges, 12288 bytes" && cmp -s "$W/cr-dst.img" "$W/cr-want.img"
check $? "copy-ranges: exactly the listed ranges, at the same offsets"
printf '1044480 8192\n' >"$W/cr-bad"
run "$P" copy-ranges "$W/cr-src.img" "$W/cr-dst.img" "$W/cr-bad"
[ "$RC" = 2 ] && grep -q "inside both devices" "$W/err"
check $? "copy-ranges: a range past the end is refused, exit 2"

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
