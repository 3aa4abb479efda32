# Changed-block tracking: writes of known ranges between snapshots are
# listed exactly (4 KiB tracking blocks, 4 KiB-aligned writes: no false
# negatives, no false positives), for every pair of snapshots and up to
# now; MARK_DIRTY adds a range; the generation changes at attach, at a
# reset (which keeps the changes since the newest snapshot), at a module
# reload and when the device grows, and a reader holding an old one gets
# an error; and an
# incremental backup (the image of snapshot N plus the blocks listed as
# changed, read from snapshot M) equals snapshot M byte for byte, with
# writers running through both takes.
# lvss-disks: 2x64M 1x160M
# lvss-timeout: 600
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh

need_disks 3
set -- $LVSS_DISKS
dev=$1 img=$2 store=$3
LOOP=
cleanup() {
	oracle_writers_stop 2>/dev/null || :
	delete_all_snapshots
	lvss detach "$dev" >/dev/null 2>&1 || :
	[ -z "$LOOP" ] || lvss detach "$LOOP" >/dev/null 2>&1 || :
	[ -z "$LOOP" ] || /usr/sbin/losetup -d "$LOOP" 2>/dev/null || :
}
trap cleanup EXIT

BS=4096
BLOCKS=$(($(/usr/sbin/blockdev --getsize64 "$dev") / BS))

# take DEV: a snapshot; its id in ID, its seq in SEQ, its disk in DISK.
take() {
	out=$(lvss --json snapshot take "$1") || fail "snapshot take $1: $out"
	ID=$(echo "$out" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
	SEQ=$(echo "$out" | sed -n 's/.*"seq":\([0-9]*\).*/\1/p')
	DISK=/dev/$(echo "$out" | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\1/p')
}
# generation DEV: the device's changed-block generation.
generation() {
	lvss --json cbt info "$1" | sed -n 's/.*"generation":"\([0-9a-f-]*\)".*/\1/p'
}
# write_random N FILE: N writes of 1..16 blocks at random block offsets,
# logged to FILE as "FIRST COUNT"; the data is random.
write_random() {
	i=0
	while [ "$i" -lt "$1" ]; do
		n=$((1 + $(od -An -N1 -tu1 /dev/urandom) % 16))
		r=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
		first=$((r % (BLOCKS - n + 1)))
		/usr/bin/dd if=/dev/urandom of="$dev" bs=$BS seek="$first" count="$n" \
			oflag=direct conv=notrunc 2>/dev/null || fail "write at block $first"
		echo "$first $n" >>"$2"
		i=$((i + 1))
	done
}
# blocks_of_log FILE...: the blocks the logs wrote, one per line, sorted.
blocks_of_log() {
	cat "$@" | awk '{ for (b = $1; b < $1 + $2; b++) print b }' | sort -n -u
}
# blocks_of_changes ARGS...: the blocks 'lvss cbt changes ARGS' lists.
blocks_of_changes() {
	lvss cbt changes "$@" >"$LVSS_TMP/ch.out" 2>"$LVSS_TMP/ch.err" ||
		fail "lvss cbt changes $*: $(cat "$LVSS_TMP/ch.err")"
	awk -v bs=$BS '!/^#/ && NF == 2 {
		for (b = $1 / bs; b < ($1 + $2) / bs; b++) print b
	}' "$LVSS_TMP/ch.out" | sort -n -u
}
# expect_changes WHAT EXPECTED-FILE ARGS...: the listed blocks are exactly those.
expect_changes() {
	what=$1 want=$2
	shift 2
	blocks_of_changes "$@" >"$LVSS_TMP/got"
	if ! cmp -s "$want" "$LVSS_TMP/got"; then
		echo "expected $(wc -l <"$want") blocks, got $(wc -l <"$LVSS_TMP/got"):"
		diff "$want" "$LVSS_TMP/got" | head -n 20
		fail "changes $what: not exactly the blocks written"
	fi
	echo "changes $what: $(wc -l <"$want") blocks, exact"
}

# --- known ranges between snapshots ---------------------------------------
lvss attach "$dev" --cbt-block-size 4K >/dev/null
lvss store add "$dev" --memory 48M >/dev/null
run lvss --json cbt info "$dev"
expect_contains "$OUT" '"block_size":4096' "tracking block size"
expect_contains "$OUT" "\"blocks\":$BLOCKS" "tracking blocks"
gen=$(generation "$dev")
[ -n "$gen" ] || fail "no generation in: $OUT"
: >"$LVSS_TMP/a"
: >"$LVSS_TMP/b"
: >"$LVSS_TMP/c"
write_random 40 "$LVSS_TMP/a"
take "$dev"
s1=$SEQ id1=$ID
write_random 40 "$LVSS_TMP/b"
lvss cbt mark-dirty "$dev" 8192 4096 >/dev/null || fail "mark-dirty"
echo "2 1" >>"$LVSS_TMP/b"
take "$dev"
s2=$SEQ id2=$ID
# Nothing written since snapshot 2: every interval is exact.
blocks_of_log "$LVSS_TMP/a" "$LVSS_TMP/b" >"$LVSS_TMP/want-ab"
expect_changes "attach -> snapshot 2" "$LVSS_TMP/want-ab" "$dev" --from 0 --to "$s2"
blocks_of_log "$LVSS_TMP/b" >"$LVSS_TMP/want-b"
expect_changes "1 -> 2" "$LVSS_TMP/want-b" "$dev" --from "$s1" --to "$s2"
expect_changes "1 -> 2, by snapshot ids" "$LVSS_TMP/want-b" --snapshots "$id1" "$id2"
: >"$LVSS_TMP/empty"
expect_changes "2 -> now, nothing written" "$LVSS_TMP/empty" "$dev" --from "$s2"
write_random 40 "$LVSS_TMP/c"
blocks_of_log "$LVSS_TMP/c" >"$LVSS_TMP/want-c"
expect_changes "2 -> now" "$LVSS_TMP/want-c" "$dev" --from "$s2"
# Since 1: B and C. The list up to 2 is the same (documented superset:
# a block of B rewritten in C carries C's interval only).
blocks_of_log "$LVSS_TMP/b" "$LVSS_TMP/c" >"$LVSS_TMP/want-bc"
expect_changes "1 -> now" "$LVSS_TMP/want-bc" "$dev" --from "$s1"
expect_changes "1 -> 2 after more writes" "$LVSS_TMP/want-bc" "$dev" --from "$s1" --to "$s2"
run lvss --json cbt info "$dev"
expect_contains "$OUT" "\"seq\":$s2" "info names the newest snapshot"
changed=$(echo "$OUT" | sed -n 's/.*"changed":\([0-9]*\).*/\1/p')
expect_eq "$changed" "$(wc -l <"$LVSS_TMP/want-c")" "blocks changed since the newest snapshot"

# Bad requests: a wrong generation, sequence numbers outside the history.
run lvss cbt changes "$dev" --from "$s1" --generation 00000000-0000-0000-0000-000000000000
[ "$RC" -ne 0 ] || fail "changes with a wrong generation succeeded"
expect_contains "$ERR" "full backup" "a stale generation says what to do"
run lvss cbt changes "$dev" --from "$s1" --to $((s2 + 1))
[ "$RC" -ne 0 ] || fail "changes up to a snapshot not taken yet succeeded"

# A reset forgets history: a new generation based at the newest snapshot,
# keeping what was written since it (C), and FROM 1 is out of its range.
gen_before=$(generation "$dev")
lvss cbt reset "$dev" >/dev/null || fail "cbt reset"
gen_after=$(generation "$dev")
[ "$gen_after" != "$gen_before" ] || fail "generation unchanged by a reset"
expect_changes "2 -> now after a reset" "$LVSS_TMP/want-c" "$dev" --from "$s2"
run lvss cbt changes "$dev" --from "$s1"
[ "$RC" -ne 0 ] || fail "changes from before the reset succeeded"
run lvss cbt changes "$dev" --from "$s2" --generation "$gen_before"
[ "$RC" -ne 0 ] || fail "changes with the generation before the reset succeeded"

# --- generations --------------------------------------------------------------
lvss snapshot delete "$id1" >/dev/null
lvss snapshot delete "$id2" >/dev/null
lvss detach "$dev" >/dev/null
lvss attach "$dev" >/dev/null
gen2=$(generation "$dev")
[ -n "$gen2" ] && [ "$gen2" != "$gen" ] || fail "generation after re-attach: '$gen2' (was '$gen')"
run lvss cbt changes "$dev" --from 0 --generation "$gen"
[ "$RC" -ne 0 ] || fail "changes with the generation of the last attachment succeeded"
lvss detach "$dev" >/dev/null

# A module reload forgets everything: the next attach has a new generation.
/usr/sbin/rmmod lvss || fail "rmmod lvss with nothing attached"
/usr/sbin/modprobe lvss || fail "modprobe lvss"
lvss attach "$dev" >/dev/null
gen3=$(generation "$dev")
[ -n "$gen3" ] && [ "$gen3" != "$gen2" ] || fail "generation after a module reload: '$gen3' (was '$gen2')"
run lvss cbt changes "$dev" --from 0 --generation "$gen2"
[ "$RC" -ne 0 ] || fail "changes with a generation from before the reload succeeded"
lvss detach "$dev" >/dev/null

# A device that grows: the next take starts a new generation.
/usr/bin/truncate -s 16M /dev/shm/cbt.img
LOOP=$(/usr/sbin/losetup -f --show /dev/shm/cbt.img)
lvss attach "$LOOP" >/dev/null
lvss store add "$LOOP" --memory 8M >/dev/null
take "$LOOP"
g1=$(generation "$LOOP")
/usr/bin/truncate -s 32M /dev/shm/cbt.img
/usr/sbin/losetup -c "$LOOP"
/usr/bin/dd if=/dev/urandom of="$LOOP" bs=4096 seek=6000 count=1 oflag=direct conv=notrunc 2>/dev/null
take "$LOOP"
g2=$(generation "$LOOP")
[ "$g1" != "$g2" ] || fail "generation unchanged after the device grew"
run lvss --json cbt info "$LOOP"
expect_contains "$OUT" '"blocks":8192' "tracking blocks after growing to 32 MiB"
run lvss cbt changes "$LOOP" --from 1 --generation "$g1"
[ "$RC" -ne 0 ] || fail "changes across a resize succeeded"
delete_all_snapshots
lvss detach "$LOOP" >/dev/null
/usr/sbin/losetup -d "$LOOP"
LOOP=

# --- incremental backup under concurrent writes -------------------------------
oracle_fill "$dev"
lvss attach "$dev" >/dev/null
lvss store add "$dev" --device "$store" >/dev/null
# Small writes, so a good part of the device stays unchanged between the
# takes and a missed block would show.
ORACLE_WRITER_ARGS="--max-blocks 2"
oracle_writers_start "$dev"
sleep 1
take "$dev"
sn=$SEQ idn=$ID diskn=$DISK
# The full backup of snapshot N, while the writers go on.
/usr/bin/dd if="$diskn" of="$img" bs=1M iflag=direct oflag=direct 2>/dev/null ||
	fail "copy of snapshot $idn"
sleep 2
take "$dev"
sm=$SEQ idm=$ID diskm=$DISK
sleep 1
oracle_writers_stop
# The writers changed the device between the takes, so the test can fail.
cmp -s "$img" "$diskm" && fail "snapshots $idn and $idm are identical: nothing to prove"
# Incremental: the blocks changed from N to M, read from snapshot M.
lvss cbt changes "$dev" --from "$sn" --to "$sm" >"$LVSS_TMP/inc" ||
	fail "changes $sn -> $sm"
lvss-pattern copy-ranges "$diskm" "$img" "$LVSS_TMP/inc" >"$LVSS_TMP/copy.out" 2>&1 ||
	fail "applying the extents: $(cat "$LVSS_TMP/copy.out")"
n=$(sed -n 's/.*: \([0-9]*\) ranges, .*/\1/p' "$LVSS_TMP/copy.out")
bytes=$(sed -n 's/.* ranges, \([0-9]*\) bytes.*/\1/p' "$LVSS_TMP/copy.out")
echo "incremental: $n extents, $bytes bytes of $((BLOCKS * BS))"
[ "$n" -gt 0 ] || fail "no changes listed between two takes under writers"
[ "$bytes" -lt $((BLOCKS * BS * 9 / 10)) ] ||
	echo "note: $bytes of $((BLOCKS * BS)) bytes changed: a weak check"
cmp "$img" "$diskm" || fail "image of snapshot N + changes != snapshot M"
echo "image of snapshot $idn + the changes == snapshot $idm, byte for byte"
