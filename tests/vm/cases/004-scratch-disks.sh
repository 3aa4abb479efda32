# The harness gives this case two 64 MiB scratch disks of its own: fresh
# (all zeros), distinct, on one SCSI target in LUN order, and they keep
# data: mkfs.ext4 on one, write, remount, sha256 verify, fsck; a signature
# on the other survives all that.
# lvss-disks: 2x64M
# lvss-timeout: 120
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 2
d1=$LVSS_DISK1
d2=$LVSS_DISK2
mnt=$LVSS_TMP/mnt
trap '/usr/bin/umount "$mnt" 2>/dev/null || :' EXIT

[ "$d1" != "$d2" ] || fail "both scratch disks are $d1"
# scsi_addr DEV: H:C:T:L of a SCSI disk.
scsi_addr() {
	basename "$(readlink "/sys/block/${1#/dev/}/device")"
}
a1=$(scsi_addr "$d1")
a2=$(scsi_addr "$d2")
expect_eq "${a2%:*}" "${a1%:*}" "SCSI target of $d2 (one target per case)"
expect_eq "${a1##*:}:${a2##*:}" "0:1" "LUNs of $d1 and $d2"
for d in $d1 $d2; do
	[ -b "$d" ] || fail "$d is not a block device"
	expect_eq "$(/usr/sbin/blockdev --getsize64 "$d")" 67108864 "size of $d"
	/usr/bin/cmp -n 67108864 "$d" /dev/zero || fail "$d is not all zeros: someone wrote it"
done

sig="lvss $LVSS_CASE signature $$"
printf '%s' "$sig" | /usr/bin/dd of="$d2" bs=4096 seek=100 conv=notrunc,fsync status=none

/usr/sbin/mkfs.ext4 -q -F "$d1"
mkdir -p "$mnt"
/usr/bin/mount -t ext4 "$d1" "$mnt"
/usr/bin/dd if=/dev/urandom of="$mnt/data" bs=1M count=8 status=none
sum=$(/usr/bin/sha256sum "$mnt/data" | cut -d' ' -f1)
/usr/bin/umount "$mnt"
# Read back from the disk, not from the page cache.
echo 3 >/proc/sys/vm/drop_caches
/usr/bin/mount -t ext4 -o ro "$d1" "$mnt"
expect_eq "$(/usr/bin/sha256sum "$mnt/data" | cut -d' ' -f1)" "$sum" "sha256 of the file after remount"
/usr/bin/umount "$mnt"
/usr/sbin/e2fsck -fn "$d1" || fail "e2fsck found problems on $d1"

got=$(/usr/bin/dd if="$d2" bs=4096 skip=100 count=1 iflag=direct status=none | tr -d '\0')
expect_eq "$got" "$sig" "signature on $d2"
/usr/bin/cmp -n 409600 "$d2" /dev/zero || fail "$d2 changed outside its signature"
