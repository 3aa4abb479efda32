# Userspace fsfreeze racing takes: for a bounded time one process freezes
# and thaws an ext4 origin filesystem (fsfreeze -f / -u at random points,
# so thaws also land inside takes) while another takes snapshot sets of
# that device and of a raw device, with oracle writers on the raw device
# and on a 16 MiB file in the filesystem. Every take either succeeds or
# fails with a clear error, and returns well within its freeze timeout;
# fsfreeze itself only ever fails cleanly (busy / not frozen). Afterwards
# the filesystem is not left frozen (a write completes), every set taken
# verifies exactly against the block oracle (the raw member) and, mounted,
# the file oracle (the ext4 member), and a final set does too.
# First, the thaw is aimed inside a take: with the filesystem on dm-delay
# (slow writes make the freeze last), 'fsfreeze -u' is retried while a
# take runs; the take succeeds or fails cleanly, the filesystem is not
# left frozen, and the snapshot's files are those written before it.
# lvss-disks: 1x256M 1x256M 1x64M 1x512M 1x128M
# lvss-timeout: 400
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/race-lib.sh
. /lvss/race-lib.sh

need_disks 5
set -- $LVSS_DISKS
ext=$1 extstore=$2 raw=$3 rawstore=$4 slowdisk=$5
slow=/dev/mapper/lvss-race-slow
RACE_SECONDS=${RACE_SECONDS:-30}
MAX_SETS=${MAX_SETS:-6}
om=$LVSS_TMP/origin
sm=$LVSS_TMP/snap
mkdir -p "$om" "$sm"
fpids=
cleanup() {
	race_stop
	/usr/sbin/fsfreeze -u "$om" 2>/dev/null || :
	# shellcheck disable=SC2086
	[ -z "$fpids" ] || kill $fpids 2>/dev/null || :
	oracle_writers_stop 2>/dev/null || :
	/usr/bin/umount "$sm" 2>/dev/null || :
	delete_all_snapshots
	/usr/bin/umount "$om" 2>/dev/null || :
	for d in $ext $raw $slow; do lvss detach "$d" >/dev/null 2>&1 || :; done
	/usr/sbin/dmsetup remove lvss-race-slow 2>/dev/null || :
}
trap cleanup EXIT

FILE_BLOCKS=4096
FLOGS=
nf=0
# file_writers_start: O_DIRECT and buffered writers on the file's halves.
file_writers_start() {
	half=$((FILE_BLOCKS / 2))
	fpids=
	for mode in --direct --buffered; do
		nf=$((nf + 1))
		log=$LVSS_TMP/f$nf.log
		region=0:$half
		[ "$mode" = --direct ] || region=$half:$half
		lvss-pattern write "$om/data" --until-signal --threads 2 "$mode" \
			--region "$region" --gen-base $((nf * 10000000)) \
			--writer-id $((nf + 100)) --log "$log" --ready "$log.ready" 2>"$log.err" &
		fpids="$fpids $!"
		FLOGS="$FLOGS $log"
		i=0
		while [ ! -e "$log.ready" ]; do
			[ "$i" -lt 300 ] || fail "file writer $log never got going: $(cat "$log.err")"
			sleep 0.1
			i=$((i + 1))
		done
	done
}
file_writers_stop() {
	# shellcheck disable=SC2086
	kill -TERM $fpids 2>/dev/null || :
	for p in $fpids; do
		wait "$p" || fail "a file writer failed: $(cat "$LVSS_TMP"/f*.err)"
	done
	fpids=
}
# verify_set EXTDISK RAWDISK T1 T2 WHAT
verify_set() {
	oracle_verify "$2" "$3" "$4" "$5 (raw member)" "$raw"
	/usr/bin/mount -t ext4 -o ro,noload "$1" "$sm" || fail "$5: mount $1"
	# shellcheck disable=SC2086 # one word per log
	res=$(lvss-pattern verify "$sm/data" --t-start "$3" --t-end "$4" $FLOGS 2>&1) || {
		/usr/bin/umount "$sm"
		fail "$5: the file in $1 is not the file at the set's instant: $(echo "$res" | tail -n 25)"
	}
	/usr/bin/umount "$sm"
	echo "$5 (ext4 member, file): $(echo "$res" | grep '^RESULT')"
}
# disks_of JSON: the members' disks, in order
disks_of() {
	echo "$1" | tr '{' '\n' | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\/dev\/\1/p'
}

freezer() { # worker: freeze and thaw the origin filesystem at random points
	n=0
	while race_on; do
		n=$((n + 1))
		race_try freeze /usr/sbin/fsfreeze -f "$om"
		sleep "0.$((n * 7 % 10))"
		race_try thaw /usr/sbin/fsfreeze -u "$om"
		sleep "0.$((n * 3 % 10))"
	done
	# Whatever happened, userspace's own freeze ends here.
	/usr/sbin/fsfreeze -u "$om" 2>/dev/null || :
}
taker() { # worker: sets of both devices, up to MAX_SETS kept
	: >"$LVSS_TMP/sets"
	n=0
	while race_on && [ "$n" -lt "$MAX_SETS" ]; do
		t0=$(date +%s)
		T1=$(lvss-pattern now)
		race_try take lvss --json snapshot take "$ext" "$raw" --timeout 3000
		T2=$(lvss-pattern now)
		[ $(($(date +%s) - t0)) -le 15 ] ||
			echo "a take returned after $(($(date +%s) - t0)) s" >>"$LVSS_TMP/slow"
		if [ "$RC" -eq 0 ]; then
			n=$((n + 1))
			echo "$(disks_of "$RACE_OUT" | tr '\n' ' ')$T1 $T2" >>"$LVSS_TMP/sets"
		fi
		sleep 0.7
	done
}

# 1. Thaw aimed inside takes of an ext4 on dm-delay (writes take 1 s).
# The filesystem covers the first 96 MiB; a raw O_DIRECT writer on the
# tail keeps a slow write in flight, so each take waits for it with the
# filesystem frozen, and a userspace thaw has time to land there.
/sbin/modprobe dm-delay || skip "no dm-delay module"
/usr/sbin/mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$slowdisk" 96M
sectors=$(/usr/sbin/blockdev --getsz "$slowdisk")
/usr/sbin/dmsetup create lvss-race-slow --table "0 $sectors delay $slowdisk 0 0 $slowdisk 0 1000" ||
	fail "dmsetup create"
/usr/bin/mount -t ext4 "$slow" "$om"
lvss attach "$slow" >/dev/null
lvss store add "$slow" --memory 64M >/dev/null
(while :; do
	/usr/bin/dd if=/dev/zero of="$slow" bs=4K count=1 seek=$((100 * 256)) oflag=direct status=none
done) &
fpids=$!
inside=0
a=1
while [ "$a" -le 4 ]; do
	# Dirty data the freeze must write back through the slow device.
	/usr/bin/dd if=/dev/urandom of="$om/before$a" bs=64K count=16 status=none
	(cd "$om" && /usr/bin/sha256sum before*) >"$LVSS_TMP/sums$a"
	t0=$(date +%s)
	lvss --json snapshot take "$slow" --timeout 20000 >"$LVSS_TMP/take$a.out" 2>&1 &
	tp=$!
	thawed=0
	while kill -0 "$tp" 2>/dev/null; do
		! /usr/sbin/fsfreeze -u "$om" 2>/dev/null || thawed=1
		sleep 0.05
	done
	rc=0
	wait "$tp" || rc=$?
	took=$(($(date +%s) - t0))
	echo "take $a: exit $rc after $took s; a userspace thaw inside it succeeded: $thawed; $(head -c 300 "$LVSS_TMP/take$a.out")"
	[ "$took" -le 25 ] || fail "take $a returned after $took s, past its 20 s window"
	[ "$thawed" = 0 ] || inside=$((inside + 1))
	if [ "$rc" -ne 0 ]; then
		grep -q 'cannot take a snapshot' "$LVSS_TMP/take$a.out" ||
			fail "take $a failed without a clear error: $(cat "$LVSS_TMP/take$a.out")"
	else
		disk=/dev/$(sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\1/p' "$LVSS_TMP/take$a.out")
		/usr/bin/mount -t ext4 -o ro,noload "$disk" "$sm" || fail "mount $disk after take $a"
		# Written but not synced: only the take's freeze puts them there.
		(cd "$sm" && /usr/bin/sha256sum -c --quiet "$LVSS_TMP/sums$a") || {
			[ "$inside" = 0 ] ||
				fail "take $a did not freeze the filesystem (files written before it are missing) after a userspace thaw landed inside an earlier take"
			fail "the files written before take $a differ in its snapshot"
		}
		/usr/bin/umount "$sm"
	fi
	/usr/sbin/fsfreeze -u "$om" 2>/dev/null && fail "userspace's own thaw found the filesystem frozen after take $a"
	timeout 20 sh -c "echo thawed >'$om/probe' && sync" ||
		fail "the filesystem is still frozen after take $a"
	a=$((a + 1))
done
echo "a userspace thaw landed inside $inside of 4 takes (only 6.1 lets it thaw lvss's freeze)"
kill "$fpids"
wait "$fpids" 2>/dev/null || :
fpids=
delete_all_snapshots
/usr/bin/umount "$om"
lvss detach "$slow" >/dev/null
/usr/sbin/dmsetup remove lvss-race-slow

# 2. Random freezes and thaws racing sets of a busy ext4 and a raw device.
/usr/sbin/mkfs.ext4 -q -F "$ext"
/usr/bin/mount -t ext4 "$ext" "$om"
/usr/bin/dd if=/dev/zero of="$om/data" bs=1M count=16 status=none
lvss-pattern fill "$om/data" >/dev/null || fail "fill the oracle file"
sync
oracle_fill "$raw"
lvss attach "$ext" >/dev/null
lvss store add "$ext" --device "$extstore" >/dev/null
lvss attach "$raw" >/dev/null
lvss store add "$raw" --device "$rawstore" >/dev/null
oracle_writers_start "$raw"
file_writers_start

race_deadline "$RACE_SECONDS"
race_spawn freezer
race_spawn taker
race_join 60
/usr/sbin/fsfreeze -u "$om" 2>/dev/null && echo "note: the filesystem was still frozen by userspace; thawed"
# Not left frozen: with userspace's freeze gone, a write completes.
timeout 20 sh -c "echo thawed >'$om/probe' && sync" ||
	fail "the filesystem is still frozen after the race: $(dmesg | grep -i 'lvss\|freeze\|thaw' | tail -n 10 | tr '\n' '|')"
file_writers_stop
oracle_writers_stop
[ ! -e "$LVSS_TMP/slow" ] || fail "$(cat "$LVSS_TMP/slow")"
race_report 'Device or resource busy|Invalid argument|timed out|cannot freeze'
race_succeeded freeze 3
race_succeeded thaw 3
race_succeeded take 2
n=0
while read -r de dr t1 t2; do
	n=$((n + 1))
	verify_set "$de" "$dr" "$t1" "$t2" "set $n"
done <"$LVSS_TMP/sets"
race_check_status
delete_all_snapshots

# A final set, no freezer: both members verify.
oracle_writers_start "$raw"
file_writers_start
sleep 0.5
oracle_take "$ext" "$raw"
set -- $SNAP_DISKS
sleep 1
file_writers_stop
oracle_writers_stop
verify_set "$1" "$2" "$T1" "$T2" "final set"
oracle_verify_origin "$raw"
# shellcheck disable=SC2086
res=$(lvss-pattern verify "$om/data" --origin-final $FLOGS 2>&1) ||
	fail "the origin file lost writes: $(echo "$res" | tail -n 25)"
delete_all_snapshots
/usr/bin/umount "$om"
/usr/sbin/e2fsck -fn "$ext" >/dev/null || fail "e2fsck found problems on the origin"
for d in $ext $raw; do
	run lvss detach "$d"
	expect_eq "$RC" 0 "detach $d at the end"
done
