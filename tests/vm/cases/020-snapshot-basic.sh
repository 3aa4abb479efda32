# A snapshot of a raw disk keeps the data of the instant it was taken:
# read it back after the origin was overwritten, for each store kind
# (memory, block device, file on ext4, file on xfs); take several
# snapshots of one device, delete them in the middle, and detach only
# after the last one is gone.
# lvss-disks: 2x64M 1x256M 1x512M
# lvss-timeout: 400
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 4
origin=$LVSS_DISK1
storedev=$LVSS_DISK2
fsdisk=$LVSS_DISK3
xfsdisk=$LVSS_DISK4
mnt=$LVSS_TMP/mnt
xmnt=$LVSS_TMP/xmnt
mkdir -p "$mnt" "$xmnt"
cleanup() {
	delete_all_snapshots
	lvss detach "$origin" >/dev/null 2>&1 || :
	/usr/bin/umount "$mnt" "$xmnt" 2>/dev/null || :
}
trap cleanup EXIT

sum() { /usr/bin/sha256sum | cut -d' ' -f1; }
# region_sum DEV: checksum of the first 8 MiB, read around the page cache.
region_sum() {
	/usr/bin/dd if="$1" bs=1M count=8 iflag=direct status=none | sum
}
# take DEV: takes a snapshot, prints "ID DISK".
take() {
	lvss --json snapshot take "$1" |
		sed -n 's/.*"id":\([0-9]*\),.*"disk":"\([a-z0-9]*\)".*/\1 \2/p'
}
# check_store KIND ARGS...: one store kind, one snapshot, overwrite, read back.
check_store() {
	kind=$1
	shift
	run lvss attach "$origin"
	expect_eq "$RC" 0 "attach ($kind)"
	run lvss store add "$origin" "$@"
	expect_eq "$RC" 0 "store add ($kind)"
	/usr/bin/dd if=/dev/urandom of="$origin" bs=1M count=8 oflag=direct status=none
	want=$(region_sum "$origin")
	# shellcheck disable=SC2046 # "ID DISK": two words on purpose
	set -- $(take "$origin")
	[ -n "${2:-}" ] || fail "snapshot take ($kind) printed no disk"
	id=$1 disk=/dev/$2
	[ -b "$disk" ] || fail "$disk does not exist ($kind)"
	/usr/bin/dd if=/dev/urandom of="$origin" bs=64K count=128 oflag=direct status=none
	[ "$(region_sum "$origin")" != "$want" ] || fail "origin did not change ($kind)"
	expect_eq "$(region_sum "$disk")" "$want" "snapshot contents ($kind, store in memory)"
	echo 3 >/proc/sys/vm/drop_caches
	expect_eq "$(region_sum "$disk")" "$want" "snapshot contents again ($kind)"
	expect_eq "$(/usr/sbin/blockdev --getsize64 "$disk")" \
		"$(/usr/sbin/blockdev --getsize64 "$origin")" "snapshot size ($kind)"
	run lvss snapshots
	expect_contains "$OUT" "active" "snapshot state ($kind)"
	run /usr/bin/dd if=/dev/zero of="$disk" bs=4K count=1 oflag=direct status=none
	[ "$RC" -ne 0 ] || fail "a write to the read-only snapshot $disk succeeded"
	run lvss detach "$origin"
	expect_eq "$RC" 1 "detach with a live snapshot ($kind)"
	expect_contains "$ERR" "snapshots" "detach refusal message"
	run lvss snapshot delete "$id"
	expect_eq "$RC" 0 "delete ($kind)"
	[ ! -b "$disk" ] || [ ! -e "/sys/block/${disk#/dev/}" ] || fail "$disk still there after delete"
	run lvss detach "$origin"
	expect_eq "$RC" 0 "detach ($kind)"
}

check_store memory --memory 32M
check_store blockdev --device "$storedev" --chunk-size 4K

/usr/sbin/mkfs.ext4 -q -F "$fsdisk"
/usr/bin/mount -t ext4 "$fsdisk" "$mnt"
check_store ext4-file --file "$mnt/cow.store" --size 32M --chunk-size 1M
/usr/sbin/mkfs.xfs -q -f "$xfsdisk"
/usr/bin/mount -t xfs "$xfsdisk" "$xmnt"
check_store xfs-file --file "$xmnt/cow.store" --size 32M

# Several snapshots of one device, each keeps its own instant.
run lvss attach "$origin"
run lvss store add "$origin" --memory 48M
expect_eq "$RC" 0 "store for the stack"
ids=
i=1
while [ "$i" -le 8 ]; do
	/usr/bin/dd if=/dev/urandom of="$origin" bs=64K count=16 seek=$((i * 7)) oflag=direct status=none
	eval "want_$i=$(region_sum "$origin")"
	# shellcheck disable=SC2046 # "ID DISK": two words on purpose
	set -- $(take "$origin")
	eval "disk_$i=/dev/$2"
	ids="$ids $1"
	i=$((i + 1))
done
/usr/bin/dd if=/dev/urandom of="$origin" bs=1M count=8 oflag=direct status=none
# Delete every other one, then check the rest.
set -- $ids
run lvss snapshot delete "$2" "$4" "$6"
expect_eq "$RC" 0 "delete three of eight"
for i in 1 3 5 7 8; do
	d='' w=''
	eval "d=\$disk_$i w=\$want_$i"
	expect_eq "$(region_sum "$d")" "$w" "snapshot $i of 8 after deleting 2, 4, 6"
done
run lvss devices
expect_contains "$OUT" "$origin" "devices lists the origin"
