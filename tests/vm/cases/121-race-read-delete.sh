# Snapshot reads racing the deletion of that snapshot, for a bounded
# time: readers with dd iflag=direct, buffered dd and the oracle's 4 MiB
# O_DIRECT reads run on a raw snapshot (half of it copied to the store by
# writers on the origin) when it is deleted; then a mounted ext4
# snapshot with a reader walking its files is deleted while mounted, or
# unmounted and then deleted. Each delete either succeeds or fails
# cleanly with EBUSY; every reader ends (with an error or not) soon after;
# the snapshot is gone (id, disk); the origin kept every write; status
# agrees with what exists; and a final take still verifies exactly
# against the block oracle. Under the debug kernel, KASAN/lockdep show
# any use-after-free (tests/debug-kernel/run.sh --filter '121*').
# lvss-disks: 2x64M 2x128M
# lvss-timeout: 400
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/race-lib.sh
. /lvss/race-lib.sh

need_disks 4
set -- $LVSS_DISKS
raw=$1 rawstore=$2 ext=$3 extstore=$4
RACE_SECONDS=${RACE_SECONDS:-$(race_seconds 20)}
sm=$LVSS_TMP/snap
om=$LVSS_TMP/origin
mkdir -p "$sm" "$om"
readers=
cleanup() {
	# shellcheck disable=SC2086
	[ -z "$readers" ] || kill $readers 2>/dev/null || :
	oracle_writers_stop 2>/dev/null || :
	/usr/bin/umount "$sm" 2>/dev/null || /usr/bin/umount -l "$sm" 2>/dev/null || :
	delete_all_snapshots
	/usr/bin/umount "$om" 2>/dev/null || :
	for d in $raw $ext; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT

take() { # take DEV: sets DISK and ID
	out=$(lvss --json snapshot take "$1") || fail "take $1: $out"
	DISK=/dev/$(echo "$out" | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\1/p')
	ID=$(echo "$out" | sed -n 's/.*"id":\([0-9]*\),.*/\1/p')
}
# Readers loop until their disk is gone; each is a worker of its own.
reader_loop() { # reader_loop NAME CMD...
	name=$1
	shift
	while [ -e "$DISK" ]; do
		"$@" >/dev/null 2>&1 || :
	done
	echo "$name" >>"$LVSS_TMP/readers-ended"
}
start_readers() {
	readers=
	: >"$LVSS_TMP/readers-ended"
	for r in "$@"; do
		case $r in
		direct) reader_loop direct /usr/bin/dd if="$DISK" of=/dev/null bs=64K iflag=direct status=none & ;;
		buffered) reader_loop buffered /usr/bin/dd if="$DISK" of=/dev/null bs=1M status=none & ;;
		oracle) reader_loop oracle lvss-pattern compare "$DISK" "$DISK" & ;;
		files) reader_loop files sh -c "find '$sm' -type f -exec /usr/bin/cat {} + ; /usr/bin/sha256sum '$sm'/keep/*" & ;;
		esac
		readers="$readers $!"
	done
}
# wait_readers WHAT: every reader ends within 30 s (times the run's
# timeout scale) of the delete.
wait_readers() {
	n=0
	lim=$((300 * ${LVSS_TIMEOUT_SCALE:-1}))
	for p in $readers; do
		while kill -0 "$p" 2>/dev/null; do
			[ "$n" -lt "$lim" ] || fail "$1: a reader of the deleted snapshot still runs after $((lim / 10)) s: $(ps -o pid,stat,args | grep -v '\[' | tail -n 15 | tr '\n' '|')"
			sleep 0.1
			n=$((n + 1))
		done
		wait "$p" 2>/dev/null || :
	done
	readers=
}
delete() { # delete ID WHAT: succeeds, or fails with EBUSY (then retried)
	race_try delete lvss snapshot delete "$1"
	while [ "$RC" -ne 0 ]; do
		case $(tail -n 1 "$RACE_LOG") in
		*busy*) sleep 0.2 ;;
		*) fail "$2: delete of snapshot $1 failed: $(tail -n 1 "$RACE_LOG")" ;;
		esac
		race_try delete lvss snapshot delete "$1"
	done
	[ ! -e "/sys/block/${DISK#/dev/}" ] || fail "$2: disk $DISK still exists after its delete"
	! lvss --json snapshots | grep -q "\"id\":$1," || fail "$2: snapshot $1 still listed after its delete"
}

# Raw device: writers keep copying chunks to the store, so reads go to
# the store, the origin and chunks being copied.
oracle_fill "$raw"
lvss attach "$raw" >/dev/null
lvss store add "$raw" --device "$rawstore" --chunk-size 32K >/dev/null
oracle_writers_start "$raw"
race_deadline "$RACE_SECONDS"
race_need delete 3
round=0
while race_on; do
	round=$((round + 1))
	take "$raw"
	start_readers direct buffered oracle direct
	# 0.1 .. 0.8 s into the reads
	sleep "0.$((round % 8 + 1))"
	delete "$ID" "raw round $round"
	wait_readers "raw round $round"
done
echo "raw: $round rounds"
[ "$round" -ge 3 ] || fail "only $round raw rounds: the race proved nothing"
oracle_writers_stop
oracle_verify_origin "$raw"

# Mounted ext4 snapshot: deleted while mounted and read (odd rounds), or
# unmounted under its reader and then deleted (even rounds).
/usr/sbin/mkfs.ext4 -q -F "$ext"
/usr/bin/mount -t ext4 "$ext" "$om"
mkdir "$om/keep"
i=0
while [ "$i" -lt 20 ]; do
	/usr/bin/dd if=/dev/urandom of="$om/keep/f$i" bs=64K count=$((i % 5 + 1)) status=none
	i=$((i + 1))
done
sync
lvss attach "$ext" >/dev/null
lvss store add "$ext" --device "$extstore" >/dev/null
race_deadline "$RACE_SECONDS"
race_need delete $(($(race_successes delete) + 2))
round=0
while race_on; do
	round=$((round + 1))
	take "$ext"
	# Files rewritten on the origin: the snapshot's reads go to the store.
	for f in "$om"/keep/f1*; do
		/usr/bin/dd if=/dev/urandom of="$f" bs=64K count=2 conv=notrunc status=none
	done
	sync
	/usr/bin/mount -t ext4 -o ro,noload "$DISK" "$sm" || fail "mount $DISK in round $round"
	start_readers files files direct
	sleep "0.$((round % 5 + 2))"
	if [ $((round % 2)) -eq 1 ]; then
		delete "$ID" "mounted round $round"
		wait_readers "mounted round $round"
		/usr/bin/umount "$sm" || fail "umount of a deleted snapshot in round $round"
	else
		run /usr/bin/umount "$sm"
		# Busy while a reader is in it: wait for the reader then.
		if [ "$RC" -ne 0 ]; then
			delete "$ID" "unmounted round $round"
			wait_readers "unmounted round $round"
			/usr/bin/umount "$sm" || fail "umount in round $round"
		else
			delete "$ID" "unmounted round $round"
			wait_readers "unmounted round $round"
		fi
	fi
done
echo "ext4: $round rounds"
[ "$round" -ge 2 ] || fail "only $round ext4 rounds: the race proved nothing"
race_report 'busy'
race_succeeded delete 5
race_check_status
/usr/bin/umount "$om"
/usr/sbin/e2fsck -fn "$ext" >/dev/null || fail "e2fsck found problems on the ext4 origin"

# The engine is still right: a final take of the raw device verifies.
oracle_reset
oracle_fill "$raw"
oracle_writers_start "$raw"
oracle_take "$raw"
sleep 2
oracle_writers_stop
oracle_verify "$SNAP_DISKS" "$T1" "$T2" "take after the races" "$raw"
oracle_verify_origin "$raw"
delete_all_snapshots
for d in $raw $ext; do
	run lvss detach "$d"
	expect_eq "$RC" 0 "detach $d at the end"
done
race_check_status
