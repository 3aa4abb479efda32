# Unmount and mount again the origin filesystem (ext4, then xfs) while
# the device is attached and snapshots of it exist, with writes in
# between. A 16 MiB oracle file on the filesystem is rewritten (O_DIRECT
# and buffered writers on its two halves) before every take; after each
# remount the new snapshot, mounted read-only, shows exactly the file's
# contents at its instant, and so do all earlier snapshots at the end.
# Then a take loop races an unmount/write/mount loop for a bounded time:
# each take succeeds or fails cleanly, and every snapshot it made shows
# the file at its instant (the newest 6 are kept and checked at the end,
# older ones deleted as it goes). The origin keeps every write and passes
# fsck.
# lvss-disks: 1x256M 3x512M
# lvss-timeout: 500
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/race-lib.sh
. /lvss/race-lib.sh

need_disks 4
set -- $LVSS_DISKS
ext=$1 extstore=$2 xfs=$3 xfsstore=$4
ROUNDS=${ROUNDS:-4}
RACE_SECONDS=${RACE_SECONDS:-$(race_seconds 15)}
om=$LVSS_TMP/origin
sm=$LVSS_TMP/snap
mkdir -p "$om" "$sm"
cleanup() {
	race_stop
	oracle_writers_stop 2>/dev/null || :
	/usr/bin/umount "$sm" 2>/dev/null || :
	delete_all_snapshots
	/usr/bin/umount "$om" 2>/dev/null || :
	for d in $ext $xfs; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT

FILE_BLOCKS=4096 # 16 MiB
# verify_snap DISK T1 T2 WHAT: mount it read-only, check the file.
verify_snap() {
	# shellcheck disable=SC2086 # options are words
	/usr/bin/mount -t "$TYPE" -o $SNAPOPTS "$1" "$sm" || fail "$4: mount $1"
	# shellcheck disable=SC2046 # one word per log
	res=$(lvss-pattern verify "$sm/data" --t-start "$2" --t-end "$3" $(oracle_logs "$om/data") 2>&1) || {
		/usr/bin/umount "$sm"
		fail "$4: the file in snapshot $1 is not the file at its instant: $(echo "$res" | tail -n 25)"
	}
	/usr/bin/umount "$sm" || fail "$4: umount $1"
	echo "$4: $(echo "$res" | grep '^RESULT')"
}
remount() {
	/usr/bin/umount "$om" || fail "umount the origin ($TYPE): $(/usr/bin/fuser -m "$om" 2>&1)"
	/usr/bin/mount -t "$TYPE" "$DEV" "$om" || fail "mount the origin again ($TYPE)"
}

# fs_case TYPE DEV STORE MKFS SNAPOPTS FSCK
fs_case() {
	TYPE=$1 DEV=$2 STORE=$3 SNAPOPTS=$5
	oracle_forget "$om/data"
	$4 "$DEV" >/dev/null
	/usr/bin/mount -t "$TYPE" "$DEV" "$om"
	/usr/bin/dd if=/dev/zero of="$om/data" bs=1M count=16 status=none
	lvss-pattern fill "$om/data" >/dev/null || fail "fill the oracle file ($TYPE)"
	sync
	lvss attach "$DEV" >/dev/null
	lvss store add "$DEV" --device "$STORE" --chunk-size 16K >/dev/null

	# Rounds: write, take, write, unmount, mount, check the new snapshot.
	snaps=
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		oracle_writers_start "$om/data" "$FILE_BLOCKS"
		sleep 0.5
		oracle_take "$DEV"
		snaps="$snaps $SNAP_DISKS:$T1:$T2"
		sleep 0.5
		oracle_writers_stop
		remount
		# Unmounted and mounted again with a snapshot mounted too.
		[ $((r % 2)) -eq 1 ] || {
			# shellcheck disable=SC2086
			/usr/bin/mount -t "$TYPE" -o $SNAPOPTS "$SNAP_DISKS" "$sm" || fail "mount snapshot ($TYPE)"
			remount
			/usr/bin/umount "$sm"
		}
		verify_snap "$SNAP_DISKS" "$T1" "$T2" "$TYPE round $r"
		r=$((r + 1))
	done
	for s in $snaps; do
		d=${s%%:*} t2=${s##*:}
		t1=${s#*:}
		t1=${t1%:*}
		verify_snap "$d" "$t1" "$t2" "$TYPE: $d after every remount"
	done
	delete_all_snapshots

	# Takes race unmount/write/mount cycles.
	: >"$RACE_LOG"
	: >"$LVSS_TMP/raced"
	race_deadline "$RACE_SECONDS"
	race_need take 3
	race_need delete 1
	(
		while race_on; do
			T1=$(lvss-pattern now)
			race_try take lvss --json snapshot take "$DEV" --timeout 5000
			T2=$(lvss-pattern now)
			disk=$(echo "$RACE_OUT" | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\1/p')
			id=$(echo "$RACE_OUT" | sed -n 's/.*"id":\([0-9]*\),.*/\1/p')
			[ -z "$disk" ] || echo "/dev/$disk $T1 $T2 $id" >>"$LVSS_TMP/raced"
			# The newest 6 are kept (and verified at the end): the
			# store holds them all.
			if [ "$(wc -l <"$LVSS_TMP/raced")" -gt 6 ]; then
				read -r _ _ _ old <"$LVSS_TMP/raced"
				race_try delete lvss snapshot delete "$old"
				sed -i 1d "$LVSS_TMP/raced"
			fi
			sleep 0.3
		done
	) &
	RACE_PIDS=$!
	c=0
	while race_on; do
		c=$((c + 1))
		oracle_new_log "$om/data"
		lvss-pattern write "$om/data" --seconds 0.3 --threads 2 --direct \
			--gen-base $((oracle_n * 10000000)) --writer-id "$oracle_n" \
			--log "$ORACLE_LOG" 2>"$ORACLE_LOG.err" ||
			fail "writer $oracle_n failed: $(cat "$ORACLE_LOG.err")"
		remount
	done
	race_join 60
	echo "$TYPE: $c unmount/mount cycles raced the takes"
	race_report 'cannot freeze|timed out'
	race_needs_met
	n=0
	while read -r d t1 t2 _; do
		n=$((n + 1))
		verify_snap "$d" "$t1" "$t2" "$TYPE raced take $n"
	done <"$LVSS_TMP/raced"
	# shellcheck disable=SC2046 # one word per log
	res=$(lvss-pattern verify "$om/data" --origin-final $(oracle_logs "$om/data") 2>&1) ||
		fail "the $TYPE origin file lost writes: $(echo "$res" | tail -n 25)"
	race_check_status
	delete_all_snapshots
	/usr/bin/umount "$om"
	lvss detach "$DEV" >/dev/null || fail "detach $DEV ($TYPE)"
	$6 "$DEV" >/dev/null || fail "$6 found problems on the $TYPE origin"
	: >"$RACE_LOG"
}

fs_case ext4 "$ext" "$extstore" "/usr/sbin/mkfs.ext4 -q -F" "ro,noload" "/usr/sbin/e2fsck -fn"
fs_case xfs "$xfs" "$xfsstore" "/usr/sbin/mkfs.xfs -q -f" "ro,nouuid,norecovery" "/usr/sbin/xfs_repair -n"
race_check_status
