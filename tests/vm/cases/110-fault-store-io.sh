# A CoW store that fails I/O. The store is a dm device over a scratch disk
# whose table is swapped for dm-error while the system runs.
# 1. Store writes fail while writers overwrite the origin and a reader reads
#    the snapshot: the snapshot goes FAILED naming the CoW store (EIO), its
#    reads fail, every origin write lands (pattern oracle), and the device
#    is deleted and detached cleanly.
# 2. Store reads fail (the copies were stored while the store worked, the
#    writers have stopped): the snapshot was exact before (oracle), reading
#    it now fails with EIO and it goes FAILED "reading from the CoW store
#    failed" -- and stays FAILED (reads still fail) once the store works again.
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
store=/dev/mapper/lvss-store
sectors=$(/usr/sbin/blockdev --getsz "$backing")
linear="0 $sectors linear $backing 0"
error="0 $sectors error"
cleanup() {
	oracle_writers_stop 2>/dev/null || :
	reader_stop 2>/dev/null || :
	delete_all_snapshots
	lvss detach "$origin" >/dev/null 2>&1 || :
	/usr/sbin/dmsetup remove lvss-store 2>/dev/null || :
}
trap cleanup EXIT

/usr/sbin/dmsetup create lvss-store --table "$linear" || fail "dmsetup create"

echo "== 1: store writes fail under writers and a reader"
oracle_fill "$origin"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 64K >/dev/null
oracle_take "$origin"
disk=$SNAP_DISKS id=$SNAP_IDS
oracle_writers_start "$origin"
reader_start "$disk"
sleep 1
expect_eq "$(snap_field "$disk" state)" active "state before the store fails"
copies=$(snap_field "$disk" copies)
[ "$copies" -gt 0 ] || fail "no chunk was copied before the store failed"
dm_swap lvss-store "$error"
sleep 3
oracle_writers_stop
reader_stop
expect_failed "$disk" 5 "CoW store" "store writes failing"
# Which error latches first depends on the race between the writers'
# copies and the reader's store reads; both name the store.
echo "reason: $(snap_field "$disk" error_msg)"
oracle_verify_origin "$origin"
run lvss snapshot delete "$id"
expect_eq "$RC" 0 "delete the failed snapshot"
run lvss detach "$origin"
expect_eq "$RC" 0 "detach with a failing store"

echo "== 2: store reads fail after the copies were stored"
oracle_reset
dm_swap lvss-store "$linear"
oracle_fill "$origin"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 64K >/dev/null
oracle_take "$origin"
disk=$SNAP_DISKS t1=$T1 t2=$T2
oracle_writers_start "$origin"
sleep 2
oracle_writers_stop
copies=$(snap_field "$disk" copies)
[ "$copies" -gt 0 ] || fail "no chunk was copied into the store"
oracle_verify "$disk" "$t1" "$t2" "snapshot before the store fails" "$origin"
dm_swap lvss-store "$error"
run /usr/bin/dd if="$disk" of=/dev/null bs=1M iflag=direct
[ "$RC" -ne 0 ] || fail "reading the snapshot through a failing store succeeded"
expect_failed "$disk" 5 "reading from the CoW store failed" "store reads failing"
dm_swap lvss-store "$linear"
run /usr/bin/dd if="$disk" of=/dev/null bs=1M iflag=direct
[ "$RC" -ne 0 ] || fail "a FAILED snapshot became readable again"
oracle_verify_origin "$origin"
delete_all_snapshots
run lvss detach "$origin"
expect_eq "$RC" 0 "detach"
