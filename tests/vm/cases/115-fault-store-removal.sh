# Hot removal of the CoW store device (the SCSI disk is deleted) while
# writers overwrite the origin and a reader reads the snapshot: no oops,
# no hang, the snapshot goes FAILED naming the CoW store (EIO) and its reads
# fail, every origin write lands (pattern oracle), the snapshot is deleted
# and the origin detached cleanly (the harness then unloads the module).
# Hot removal of the origin itself is 080-hot-removal.
# lvss-disks: 2x64M
# lvss-timeout: 300
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/fault-lib.sh
. /lvss/fault-lib.sh

need_disks 2
origin=$LVSS_DISK1
store=$LVSS_DISK2
cleanup() {
	oracle_writers_stop 2>/dev/null || :
	reader_stop 2>/dev/null || :
	delete_all_snapshots
	lvss detach "$origin" >/dev/null 2>&1 || :
}
trap cleanup EXIT

oracle_fill "$origin"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 64K >/dev/null
oracle_take "$origin"
disk=$SNAP_DISKS id=$SNAP_IDS
oracle_writers_start "$origin"
reader_start "$disk"
sleep 1
copies=$(snap_field "$disk" copies)
[ "$copies" -gt 0 ] || fail "no chunk was stored before the store went away"
echo 1 >"/sys/block/${store#/dev/}/device/delete"
sleep 3
[ ! -e "/sys/block/${store#/dev/}" ] || fail "$store is still there after its deletion"
oracle_writers_stop
reader_stop
expect_failed "$disk" 5 "CoW store" "store removed"
echo "reason: $(snap_field "$disk" error_msg)"
oracle_verify_origin "$origin"
run lvss snapshot delete "$id"
expect_eq "$RC" 0 "delete the snapshot whose store was removed"
run lvss detach "$origin"
expect_eq "$RC" 0 "detach an origin whose store was removed"
expect_eq "$(lvss status | sed -n 's/^devices: //p')" 0 "devices after detach"
