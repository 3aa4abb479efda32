# The lvss demo: 'make demo' boots the test VM and runs this script in it
# (tests/vm/run.sh --demo), showing its output live. Every step prints the
# command it runs ('$ ...'); any failing command fails the demo.
# Today: a live ext4 is snapshotted while it is being written, and the
# snapshot is mounted and checked. Later steps will add: backup -> restore
# -> verify.
# lvss-disks: 1x256M 1x256M
# lvss-timeout: 300
# shellcheck shell=sh source-path=SCRIPTDIR source=guest/case-lib.sh
. "$LVSS_LIB"

say() {
	printf '\n%s\n' "# $*"
}

show() {
	printf '$ %s\n' "$*"
	"$@"
}

say "lvss.ko $(cat /sys/module/lvss/version) is loaded in a VM running Linux $(uname -r)"
show lvss version
say "module-wide figures: no device is filtered yet"
show lvss status
say "the same as JSON, for scripts"
show lvss --json status

need_disks 2
dev=$LVSS_DISK1
store=$LVSS_DISK2
mnt=$LVSS_TMP/live
snapmnt=$LVSS_TMP/snapshot
mkdir -p "$mnt" "$snapmnt"

say "a live ext4 filesystem on $dev with some files"
/usr/sbin/mkfs.ext4 -q -F "$dev"
show /usr/bin/mount -t ext4 "$dev" "$mnt"
for f in alpha beta gamma; do
	/usr/bin/dd if=/dev/urandom of="$mnt/$f" bs=1M count=4 status=none
done
sync
show sh -c "cd $mnt && /usr/bin/sha256sum alpha beta gamma | tee $LVSS_TMP/sums"

say "attach lvss to the mounted device (no unmount, no LVM) and give it a CoW store"
show lvss attach "$dev"
show lvss store add "$dev" --device "$store"

say "take a snapshot while a writer keeps changing the filesystem"
(while :; do /usr/bin/dd if=/dev/urandom of="$mnt/busy" bs=1M count=4 conv=fsync status=none 2>/dev/null || :; done) &
writer=$!
sleep 1
show lvss snapshot take "$dev"
disk=/dev/$(lvss --json snapshots | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\1/p' | head -n 1)
sleep 1
kill "$writer"
wait "$writer" 2>/dev/null || :
show lvss snapshots
show lvss devices

say "the origin moves on: alpha is overwritten, beta deleted"
/usr/bin/dd if=/dev/urandom of="$mnt/alpha" bs=1M count=4 conv=notrunc,fsync status=none
rm "$mnt/beta"
show sh -c "cd $mnt && /usr/bin/sha256sum -c $LVSS_TMP/sums 2>/dev/null || true"

say "the snapshot still holds the instant it was taken: mount it read-only"
show /usr/bin/mount -t ext4 -o ro,noload "$disk" "$snapmnt"
show sh -c "cd $snapmnt && /usr/bin/sha256sum -c $LVSS_TMP/sums"
show /usr/bin/umount "$snapmnt"
show /usr/sbin/e2fsck -fn "$disk"

say "clean up: delete the snapshot, detach"
show lvss snapshot delete "$(lvss --json snapshots | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)"
show /usr/bin/umount "$mnt"
show lvss detach "$dev"
show lvss status
