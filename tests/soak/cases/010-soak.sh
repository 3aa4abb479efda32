# Soak: SOAK_CYCLES snapshot/verify cycles with mixed workloads
# (tests/soak/README.md). Cycles come in groups of 8; each group attaches
# the devices afresh with the next chunk size (4K, 16K, 64K, 256K, 1M)
# and refills the oracle. Cycle kinds, in turn:
#   0  a raw device alone, O_DIRECT + buffered oracle writers; the snapshot
#      is kept (up to 3 stacked) and every kept one is verified again;
#   1  a set of both raw devices under writers on both;
#   2  a set of an ext4 filesystem (oracle file, O_DIRECT + buffered
#      writers) and a raw device; the file is checked in the mounted
#      snapshot;
#   3  the same with xfs.
# Each group ends with the origins checked for lost writes. Prints one
# 'SOAK cycles= takes= checks= bytes_verified= mismatches= failed_checks='
# line at the end, whatever happened; fails on any mismatch or failed
# check. tests/soak/run.sh sets SOAK_CYCLES and the timeout below.
# lvss-disks: 2x64M 1x256M 1x512M 3x256M 1x512M
# lvss-timeout: 6060
# shellcheck source=../../vm/guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../../vm/guest/oracle-lib.sh
. /lvss/oracle-lib.sh

SOAK_CYCLES=200
need_disks 8
set -- $LVSS_DISKS
r1=$1 r2=$2 ext=$3 xfs=$4 s1=$5 s2=$6 sext=$7 sxfs=$8
em=$LVSS_TMP/ext
xm=$LVSS_TMP/xfs
sm=$LVSS_TMP/snap
mkdir -p "$em" "$xm" "$sm"
CYCLES=0 TAKES=0 CHECKS=0 BYTES=0 MISMATCHES=0 FAILED=0
FILE_BLOCKS=4096 # the oracle file: 16 MiB
summary() {
	echo "SOAK cycles=$CYCLES takes=$TAKES checks=$CHECKS bytes_verified=$BYTES mismatches=$MISMATCHES failed_checks=$FAILED"
}
cleanup() {
	summary
	oracle_writers_stop 2>/dev/null || :
	/usr/bin/umount "$sm" 2>/dev/null || :
	delete_all_snapshots
	/usr/bin/umount "$em" 2>/dev/null || :
	/usr/bin/umount "$xm" 2>/dev/null || :
	for d in $r1 $r2 $ext $xfs; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT

# check TARGET WHAT VERIFY-ARGS...: one oracle check, counted; a failure
# is reported and counted, and the soak goes on (it stops after 3).
check() {
	target=$1 what=$2
	shift 2
	rc=0
	res=$(lvss-pattern verify "$target" "$@" 2>&1) || rc=$?
	line=$(echo "$res" | grep '^RESULT' || :)
	checked=$(echo "$line" | sed -n 's/.* checked=\([0-9]*\).*/\1/p')
	mism=$(echo "$line" | sed -n 's/.* mismatches=\([0-9]*\).*/\1/p')
	CHECKS=$((CHECKS + 1))
	BYTES=$((BYTES + ${checked:-0} * 4096))
	MISMATCHES=$((MISMATCHES + ${mism:-0}))
	if [ "$rc" -ne 0 ]; then
		FAILED=$((FAILED + 1))
		echo "FAILED CHECK (cycle $CYCLES): $what: $(echo "$res" | tail -n 25)"
		[ "$FAILED" -lt 3 ] || fail "3 failed checks: stopping"
	fi
}
# state DISK: active/failed
state() {
	lvss --json snapshots | tr '{' '\n' | grep "\"disk\":\"${1#/dev/}\"" |
		sed -n 's/.*"state":"\([a-z]*\)".*/\1/p'
}
# check_snap DISK T1 T2 WHAT ORIGIN: a raw snapshot against its instant
check_snap() {
	st=$(state "$1")
	if [ "$st" != active ]; then
		CHECKS=$((CHECKS + 1)) FAILED=$((FAILED + 1))
		echo "FAILED CHECK (cycle $CYCLES): $4: snapshot $1 is '$st': $(lvss snapshots)"
		[ "$FAILED" -lt 3 ] || fail "3 failed checks: stopping"
		return 0
	fi
	# shellcheck disable=SC2046 # one word per log
	check "$1" "$4" --t-start "$2" --t-end "$3" $(oracle_logs "$5")
}


# take DEV...: T1/T2 around one set; SNAP_DISKS, SNAP_IDS
take() {
	oracle_take "$@"
	TAKES=$((TAKES + 1))
}
delete_ids() {
	# shellcheck disable=SC2086
	[ -z "$*" ] || lvss snapshot delete "$@" >/dev/null || fail "delete $*"
}

# Group start: everything detached and refilled, chunk size $1.
kept=
group_start() {
	delete_all_snapshots
	kept=
	for d in $r1 $r2 $ext $xfs; do lvss detach "$d" >/dev/null 2>&1 || :; done
	oracle_reset
	oracle_fill "$r1"
	oracle_fill "$r2"
	for m in "$em" "$xm"; do
		lvss-pattern fill "$m/data" >/dev/null || fail "fill $m/data"
	done
	sync
	for pair in "$r1 $s1" "$r2 $s2" "$ext $sext" "$xfs $sxfs"; do
		set -- $pair
		lvss attach "$1" >/dev/null || fail "attach $1"
		lvss store add "$1" --device "$2" --chunk-size "$CS" >/dev/null ||
			fail "store add $1 --chunk-size $CS"
	done
}
group_end() {
	delete_all_snapshots
	kept=
	check "$r1" "origin $r1 keeps every write" --origin-final $(oracle_logs "$r1")
	check "$r2" "origin $r2 keeps every write" --origin-final $(oracle_logs "$r2")
	for m in "$em" "$xm"; do
		# shellcheck disable=SC2046
		check "$m/data" "origin file $m/data keeps every write" --origin-final $(oracle_logs "$m/data")
	done
}

# fs_cycle TYPE MNT DEV SNAPOPTS: a set of the filesystem and r2
fs_cycle() {
	oracle_writers_start "$2/data" "$FILE_BLOCKS"
	oracle_writers_start "$r2"
	sleep 0.3
	take "$3" "$r2"
	set -- "$@" $SNAP_DISKS
	ids=$SNAP_IDS
	sleep 0.3
	oracle_writers_stop
	check_snap "$6" "$T1" "$T2" "cycle $CYCLES: $r2 in a set with $1" "$r2"
	# shellcheck disable=SC2086 # options are words
	if /usr/bin/mount -t "$1" -o $4 "$5" "$sm"; then
		# shellcheck disable=SC2046
		check "$sm/data" "cycle $CYCLES: the $1 file in the snapshot" \
			--t-start "$T1" --t-end "$T2" $(oracle_logs "$2/data")
		/usr/bin/umount "$sm"
	else
		CHECKS=$((CHECKS + 1)) FAILED=$((FAILED + 1))
		echo "FAILED CHECK (cycle $CYCLES): cannot mount the $1 snapshot $5"
	fi
	# shellcheck disable=SC2086
	delete_ids $ids
}

/usr/sbin/mkfs.ext4 -q -F "$ext"
/usr/sbin/mkfs.xfs -q -f "$xfs"
/usr/bin/mount -t ext4 "$ext" "$em"
/usr/bin/mount -t xfs "$xfs" "$xm"
for m in "$em" "$xm"; do
	/usr/bin/dd if=/dev/zero of="$m/data" bs=1M count=16 status=none
done
sync

group=0
while [ "$CYCLES" -lt "$SOAK_CYCLES" ]; do
	set -- 4K 16K 64K 256K 1M
	shift $((group % 5))
	CS=$1
	group=$((group + 1))
	echo "group $group: chunk size $CS"
	group_start
	k=0
	while [ "$k" -lt 8 ] && [ "$CYCLES" -lt "$SOAK_CYCLES" ]; do
		CYCLES=$((CYCLES + 1))
		case $((CYCLES % 4)) in
		1)
			oracle_writers_start "$r1"
			take "$r1"
			kept="$kept $SNAP_DISKS:$SNAP_IDS:$T1:$T2"
			sleep 0.3
			oracle_writers_stop
			# Stacked: at most 3 kept; every kept one still shows its instant.
			set -- $kept
			if [ "$#" -gt 3 ]; then
				old=$1
				shift
				kept="$*"
				old=${old#*:}
				delete_ids "${old%%:*}"
			fi
			for s in $kept; do
				d=${s%%:*} rest=${s#*:}
				rest=${rest#*:}
				check_snap "$d" "${rest%%:*}" "${rest#*:}" "cycle $CYCLES: stacked snapshot $d of $r1" "$r1"
			done
			;;
		2)
			oracle_writers_start "$r1"
			oracle_writers_start "$r2"
			take "$r1" "$r2"
			set -- $SNAP_DISKS
			a=$1 b=$2
			ids=$SNAP_IDS
			sleep 0.3
			oracle_writers_stop
			check_snap "$a" "$T1" "$T2" "cycle $CYCLES: $r1 in a set" "$r1"
			check_snap "$b" "$T1" "$T2" "cycle $CYCLES: $r2 in a set" "$r2"
			# shellcheck disable=SC2086
			delete_ids $ids
			# The older stacked snapshots are not re-read here: writers ran.
			;;
		3) fs_cycle ext4 "$em" "$ext" ro,noload ;;
		0) fs_cycle xfs "$xm" "$xfs" ro,nouuid,norecovery ;;
		esac
		k=$((k + 1))
	done
	group_end
done
[ "$MISMATCHES" -eq 0 ] && [ "$FAILED" -eq 0 ] ||
	fail "$MISMATCHES mismatches, $FAILED failed checks in $CYCLES cycles"
