# A userspace thaw aimed inside takes: ext4 on dm-delay (writes take 1 s),
# the filesystem on the first 96 MiB, and a raw O_DIRECT writer on the
# tail that keeps a slow write in flight, so each take waits for it with
# the filesystem frozen; 'fsfreeze -u' is retried all through four takes.
# Each take succeeds or fails with a clear error within its window, the
# filesystem is never left frozen, and each take's snapshot holds the
# files written (not synced) right before it: only the take's own freeze
# writes them back, so a take that did not freeze is caught.
# lvss-disks: 1x128M
# lvss-timeout: 300
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 1
slowdisk=$LVSS_DISK1
slow=/dev/mapper/lvss-race-slow
om=$LVSS_TMP/origin
sm=$LVSS_TMP/snap
mkdir -p "$om" "$sm"
fpids=
cleanup() {
	/usr/sbin/fsfreeze -u "$om" 2>/dev/null || :
	# shellcheck disable=SC2086
	[ -z "$fpids" ] || kill $fpids 2>/dev/null || :
	/usr/bin/umount "$sm" 2>/dev/null || :
	delete_all_snapshots
	/usr/bin/umount "$om" 2>/dev/null || :
	lvss detach "$slow" >/dev/null 2>&1 || :
	/usr/sbin/dmsetup remove lvss-race-slow 2>/dev/null || :
}
trap cleanup EXIT

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
	[ "$took" -le $((25 * ${LVSS_TIMEOUT_SCALE:-1})) ] || fail "take $a returned after $took s, past its 20 s window"
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
echo "a userspace thaw landed inside $inside of 4 takes"
[ "$inside" -gt 0 ] || fail "no userspace thaw landed inside a take: the case proved nothing"
kill "$fpids"
wait "$fpids" 2>/dev/null || :
fpids=
delete_all_snapshots
/usr/bin/umount "$om"
run lvss detach "$slow"
expect_eq "$RC" 0 "detach at the end"
/usr/sbin/dmsetup remove lvss-race-slow
