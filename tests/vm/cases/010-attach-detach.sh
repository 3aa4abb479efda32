# Attach and detach the filter on a raw disk and under a mounted ext4:
# writes are seen and counted, data passes through intact, a second attach
# and a detach of a device that is not attached are refused with clear
# messages, rmmod is refused while anything is attached, and only root
# may attach.
# lvss-disks: 2x64M
# lvss-timeout: 180
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 2
raw=$LVSS_DISK1
fsdev=$LVSS_DISK2
mnt=$LVSS_TMP/mnt
trap '/usr/bin/umount "$mnt" 2>/dev/null || :; lvss detach "$raw" 2>/dev/null || :; lvss detach "$fsdev" 2>/dev/null || :' EXIT

# devices_field DEV KEY: one figure of an attached device from the JSON list.
devices_field() {
	lvss --json devices | tr '{' '\n' | grep "\"device\":\"$1\"" |
		sed -n "s/.*\"$2\":\\([0-9]*\\).*/\\1/p"
}

run lvss attach "$raw"
expect_eq "$RC" 0 "attach $raw"
expect_eq "$OUT" "attached $raw" "attach output"
run lvss devices
expect_contains "$OUT" "$raw" "device list"
expect_eq "$(lvss status | sed -n 's/^devices: //p')" 1 "devices in status"

# Writes through the hook are counted and land intact.
before=$(devices_field "$raw" writes)
/usr/bin/dd if=/dev/urandom of="$LVSS_TMP/blob" bs=1M count=4 status=none
/usr/bin/dd if="$LVSS_TMP/blob" of="$raw" bs=1M oflag=direct status=none
after=$(devices_field "$raw" writes)
bytes=$(devices_field "$raw" write_bytes)
[ "$after" -gt "$before" ] || fail "writes not counted: $before -> $after"
[ "$bytes" -ge 4194304 ] || fail "write_bytes $bytes < 4 MiB written"
got=$(/usr/bin/dd if="$raw" bs=1M count=4 iflag=direct status=none | /usr/bin/sha256sum | cut -d' ' -f1)
expect_eq "$got" "$(/usr/bin/sha256sum "$LVSS_TMP/blob" | cut -d' ' -f1)" "data read back through the filter"

run lvss attach "$raw"
expect_eq "$RC" 1 "second attach"
expect_contains "$ERR" "already attached" "second attach message"

run as_nobody lvss attach "$fsdev"
expect_eq "$RC" 1 "attach as nobody"
expect_contains "$ERR" "CAP_SYS_ADMIN" "attach as nobody message"

run /sbin/rmmod lvss
[ "$RC" -ne 0 ] || fail "rmmod succeeded while $raw is attached"
/sbin/lsmod | grep -q '^lvss ' || fail "lvss is gone after a refused rmmod"

# Mounted ext4: attach under a live filesystem, keep writing, detach.
/usr/sbin/mkfs.ext4 -q -F "$fsdev"
mkdir -p "$mnt"
/usr/bin/mount -t ext4 "$fsdev" "$mnt"
/usr/bin/dd if=/dev/urandom of="$mnt/before" bs=1M count=2 status=none
run lvss attach "$fsdev"
expect_eq "$RC" 0 "attach mounted $fsdev"
/usr/bin/dd if=/dev/urandom of="$mnt/during" bs=1M count=8 conv=fsync status=none
sync
[ "$(devices_field "$fsdev" writes)" -gt 0 ] || fail "no writes seen under ext4"
sums=$(cd "$mnt" && /usr/bin/sha256sum before during)
run lvss detach "$fsdev"
expect_eq "$RC" 0 "detach mounted $fsdev"
/usr/bin/umount "$mnt"
/usr/sbin/e2fsck -fn "$fsdev" || fail "e2fsck after attach/detach under load"
/usr/bin/mount -t ext4 -o ro "$fsdev" "$mnt"
expect_eq "$(cd "$mnt" && /usr/bin/sha256sum before during)" "$sums" "files after detach and remount"
/usr/bin/umount "$mnt"

run lvss detach "$raw"
expect_eq "$RC" 0 "detach $raw"
run lvss detach "$raw"
expect_eq "$RC" 1 "detach of a detached device"
expect_contains "$ERR" "not attached" "detach of a detached device message"
expect_eq "$(lvss status | sed -n 's/^devices: //p')" 0 "devices in status after detach"

# Hook registered and removed again: attach/detach cycles under writes.
i=0
while [ "$i" -lt 5 ]; do
	/usr/bin/dd if=/dev/zero of="$raw" bs=64K count=64 oflag=direct status=none &
	lvss attach "$raw" >/dev/null
	wait
	lvss detach "$raw" >/dev/null
	i=$((i + 1))
done
