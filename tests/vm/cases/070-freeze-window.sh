# The freeze window is bounded and all-or-nothing: with writes stuck in
# flight (dm-delay) a take times out, nothing is taken and every held
# write goes on; a second take of a device already in a take is refused
# with EBUSY; killing the requestor inside the window aborts the set and
# leaves the filesystem thawed; a filesystem frozen from userspace
# (fsfreeze) can still be snapshotted and stays frozen until unfrozen.
# lvss-disks: 2x64M
# lvss-timeout: 300
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 2
disk=$LVSS_DISK1
store=$LVSS_DISK2
mnt=$LVSS_TMP/mnt
mkdir -p "$mnt"
slow=/dev/mapper/lvss-slow
cleanup() {
	/usr/sbin/fsfreeze -u "$mnt" 2>/dev/null || :
	delete_all_snapshots
	/usr/bin/umount "$mnt" 2>/dev/null || :
	lvss detach "$slow" >/dev/null 2>&1 || :
	/usr/sbin/dmsetup remove lvss-slow 2>/dev/null || :
}
trap cleanup EXIT
nsnaps() { lvss --json snapshots | grep -o '"id":' | wc -l; }

/sbin/modprobe dm-delay || skip "no dm-delay module"
sectors=$(/usr/sbin/blockdev --getsz "$disk")
# Reads immediate, writes take 500 ms each.
/usr/sbin/dmsetup create lvss-slow --table "0 $sectors delay $disk 0 0 $disk 0 500" ||
	fail "dmsetup create"
/usr/sbin/mkfs.ext4 -q -F "$slow"
/usr/bin/mount -t ext4 "$slow" "$mnt"
lvss attach "$slow" >/dev/null
lvss store add "$slow" --device "$store" >/dev/null

# 1. Timeout: freezing ext4 alone needs several 500 ms writes; a 300 ms
# window cannot hold.
/usr/bin/dd if=/dev/urandom of="$LVSS_TMP/blob" bs=64K count=1 status=none
/usr/bin/dd if="$LVSS_TMP/blob" of="$slow" bs=64K seek=900 oflag=direct status=none &
writer=$!
sleep 0.3
run lvss snapshot take "$slow" --timeout 300
expect_eq "$RC" 1 "take with a too short window"
expect_contains "$ERR" "timed out" "timeout message"
expect_eq "$(nsnaps)" 0 "snapshots after a timed-out take"
wait "$writer" || fail "the in-flight write failed after the aborted take"
got=$(/usr/bin/dd if="$slow" bs=64K skip=900 count=1 iflag=direct status=none | /usr/bin/sha256sum)
expect_eq "$got" "$(/usr/bin/sha256sum <"$LVSS_TMP/blob")" "the held write landed"
timeout 20 sh -c "echo thawed >'$mnt/after-timeout' && sync" ||
	fail "filesystem still frozen after a timed-out take"

# 2. EBUSY: while one take waits for a slow write, a second one is refused.
/usr/bin/dd if="$LVSS_TMP/blob" of="$slow" bs=64K seek=901 oflag=direct status=none &
writer=$!
sleep 0.3
lvss snapshot take "$slow" --timeout 30000 >"$LVSS_TMP/first.out" 2>&1 &
first=$!
sleep 0.5
run lvss snapshot take "$slow"
expect_eq "$RC" 1 "second take during a take"
expect_contains "$ERR" "another snapshot set is being taken" "EBUSY message"
wait "$first" || fail "the first take failed: $(cat "$LVSS_TMP/first.out")"
wait "$writer"
expect_eq "$(nsnaps)" 1 "snapshots after the first take"

# 3. Kill the requestor inside the window.
/usr/bin/dd if="$LVSS_TMP/blob" of="$slow" bs=64K seek=902 oflag=direct status=none &
writer=$!
sleep 0.3
lvss snapshot take "$slow" --timeout 30000 >/dev/null 2>&1 &
victim=$!
sleep 0.5
kill -9 "$victim"
wait "$victim" 2>/dev/null || :
wait "$writer"
expect_eq "$(nsnaps)" 1 "snapshots after the requestor was killed"
timeout 20 sh -c "echo thawed >'$mnt/after-kill' && sync" ||
	fail "filesystem still frozen after the requestor was killed"

# 4. Userspace fsfreeze around a take: nests, the take works, still frozen after.
/usr/sbin/fsfreeze -f "$mnt"
run lvss snapshot take "$slow" --timeout 20000
expect_eq "$RC" 0 "take of a filesystem frozen by fsfreeze"
# Still frozen: a second userspace freeze is refused (a write would block
# in an uninterruptible wait, and so would this test).
if /usr/sbin/fsfreeze -f "$mnt" 2>/dev/null; then
	fail "the take thawed a filesystem that userspace had frozen"
fi
/usr/sbin/fsfreeze -u "$mnt"
timeout 20 sh -c "echo thawed >'$mnt/after-unfreeze' && sync" ||
	fail "filesystem still frozen after fsfreeze -u"
expect_eq "$(nsnaps)" 2 "snapshots at the end"
