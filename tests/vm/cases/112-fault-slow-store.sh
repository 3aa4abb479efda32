# A slow CoW store: the store is dm-delay over a scratch disk, 300 ms on
# every read and write. Under writers that keep overwriting the origin (and
# a reader reading the snapshot through the slow store) the origin writes
# go on -- the writers complete writes all along, and far more chunks are
# copied than if each first write waited for its store write; no task
# hangs -- and the snapshot is exactly the origin at its instant (pattern
# oracle); the origin holds every write.
# lvss-disks: 2x64M
# lvss-timeout: 400
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/fault-lib.sh
. /lvss/fault-lib.sh

need_disks 2
origin=$LVSS_DISK1
backing=$LVSS_DISK2
store=/dev/mapper/lvss-slow
delay_ms=300
cleanup() {
	oracle_writers_stop 2>/dev/null || :
	reader_stop 2>/dev/null || :
	delete_all_snapshots
	lvss detach "$origin" >/dev/null 2>&1 || :
	/usr/sbin/dmsetup remove lvss-slow 2>/dev/null || :
}
trap cleanup EXIT

sectors=$(/usr/sbin/blockdev --getsz "$backing")
/usr/sbin/dmsetup create lvss-slow --table "0 $sectors delay $backing 0 $delay_ms" ||
	fail "dmsetup create"
oracle_fill "$origin"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 64K >/dev/null
oracle_take "$origin"
disk=$SNAP_DISKS t1=$T1 t2=$T2
oracle_writers_start "$origin"
reader_start "$disk"
seconds=6
sleep "$seconds"
oracle_writers_stop
reader_stop
# Each writer completed writes all along: far more than one per store delay.
for err in "$LVSS_TMP"/oracle-*.log.err; do
	cat "$err"
	n=$(sed -n 's/.*: \([0-9]*\) writes, .*/\1/p' "$err")
	[ "${n:-0}" -gt $((seconds * 1000 / delay_ms)) ] ||
		fail "writer $err completed ${n:-0} writes in $seconds s: origin writes stalled on the slow store"
done
copies=$(snap_field "$disk" copies)
echo "copies into the slow store: $copies"
# Had each first write to a chunk waited for its store write, the 4 writer
# threads could have made at most 4 copies per store delay.
[ "$copies" -gt $((4 * seconds * 1000 / delay_ms)) ] ||
	fail "only $copies copies in $seconds s: first writes waited for the slow store"
oracle_verify "$disk" "$t1" "$t2" "snapshot on a slow store" "$origin"
oracle_verify_origin "$origin"
