# Filesystem level, ext4 and xfs: files checksummed before the snapshot
# are unchanged inside the mounted snapshot while the origin is being
# rewritten and those files deleted; the snapshot's filesystem passes
# e2fsck -fn / xfs_repair -n; a writer keeps the filesystem busy during
# the take (the freeze must make it consistent).
# lvss-disks: 2x512M 2x512M 1x512M
# lvss-timeout: 600
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 5
set -- $LVSS_DISKS
ext=$1 extstore=$2 xfs=$3 xfsstore=$4 scratch=$5
om=$LVSS_TMP/origin
sm=$LVSS_TMP/snap
mkdir -p "$om" "$sm"
busy_pid=
cleanup() {
	[ -z "$busy_pid" ] || kill "$busy_pid" 2>/dev/null || :
	/usr/bin/umount "$sm" 2>/dev/null || :
	delete_all_snapshots
	/usr/bin/umount "$om" 2>/dev/null || :
	lvss detach "$ext" >/dev/null 2>&1 || :
	lvss detach "$xfs" >/dev/null 2>&1 || :
}
trap cleanup EXIT

# check_fs TYPE DEV STORE MKFS SNAPOPTS SNAPFSCK ORIGINFSCK
check_fs() {
	type=$1 dev=$2 store=$3 mkfs=$4 opts=$5 fsck=$6 ofsck=$7
	$mkfs "$dev" >/dev/null
	/usr/bin/mount -t "$type" "$dev" "$om"
	mkdir "$om/keep" "$om/busy"
	i=0
	while [ "$i" -lt 40 ]; do
		/usr/bin/dd if=/dev/urandom of="$om/keep/f$i" bs=64K count=$((i % 7 + 1)) status=none
		i=$((i + 1))
	done
	sync
	(cd "$om/keep" && /usr/bin/sha256sum f*) >"$LVSS_TMP/sums"
	lvss attach "$dev" >/dev/null
	lvss store add "$dev" --device "$store" >/dev/null || fail "store add ($type)"
	# A writer that never stops creating, appending and removing files.
	(
		n=0
		while :; do
			/usr/bin/dd if=/dev/urandom of="$om/busy/b$((n % 20))" bs=16K count=$((n % 5 + 1)) conv=fsync status=none 2>/dev/null
			rm -f "$om/busy/b$(((n + 7) % 20))"
			n=$((n + 1))
		done
	) &
	busy_pid=$!
	sleep 1
	out=$(lvss --json snapshot take "$dev") || fail "take ($type): $out"
	disk=/dev/$(echo "$out" | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\1/p')
	id=$(echo "$out" | sed -n 's/.*"id":\([0-9]*\),.*/\1/p')
	# Rewrite and delete every kept file on the origin.
	for f in "$om"/keep/f*; do
		/usr/bin/dd if=/dev/urandom of="$f" bs=64K count=3 conv=notrunc status=none
	done
	rm -f "$om"/keep/f1*
	sync
	kill "$busy_pid"
	wait "$busy_pid" 2>/dev/null || :
	busy_pid=
	# shellcheck disable=SC2086 # options are words
	/usr/bin/mount -t "$type" -o $opts "$disk" "$sm" || fail "mount $disk ($type, $opts)"
	(cd "$sm/keep" && /usr/bin/sha256sum -c --quiet "$LVSS_TMP/sums") ||
		fail "files in the $type snapshot differ from before the take"
	/usr/bin/umount "$sm"
	$fsck "$disk" || fail "$fsck found problems in the $type snapshot"
	lvss snapshot delete "$id" >/dev/null
	/usr/bin/umount "$om"
	lvss detach "$dev" >/dev/null
	$ofsck "$dev" || fail "$ofsck found problems on the $type origin"
}

check_fs ext4 "$ext" "$extstore" "/usr/sbin/mkfs.ext4 -q -F" "ro,noload" "/usr/sbin/e2fsck -fn" "/usr/sbin/e2fsck -fn"
# A frozen xfs has a covered but not clean log, which 'xfs_repair -n'
# refuses to look past; as a restore would, copy the snapshot, let a mount
# replay the log, then check.
xfs_check_snapshot() {
	/usr/bin/dd if="$1" of="$scratch" bs=1M iflag=direct oflag=direct status=none
	/usr/bin/mount -t xfs -o nouuid "$scratch" "$sm" || return 1
	/usr/bin/umount "$sm"
	/usr/sbin/xfs_repair -n "$scratch"
}
check_fs xfs "$xfs" "$xfsstore" "/usr/sbin/mkfs.xfs -q -f" "ro,nouuid,norecovery" xfs_check_snapshot \
	"/usr/sbin/xfs_repair -n"
