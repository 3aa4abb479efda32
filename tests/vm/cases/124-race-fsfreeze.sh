# Userspace fsfreeze racing takes: for a bounded time one process freezes
# and thaws an ext4 origin filesystem (fsfreeze -f / -u at random points,
# so thaws also land inside takes) while another takes snapshot sets of
# that device and of a raw device, with oracle writers on the raw device
# and on a 16 MiB file in the filesystem. Every take either succeeds or
# fails with a clear error, and returns well within its freeze timeout;
# fsfreeze itself only ever fails cleanly (busy / not frozen). Afterwards
# the filesystem is not left frozen (a write completes), every set taken
# verifies exactly against the block oracle (the raw member) and, mounted,
# the file oracle (the ext4 member), and a final set does too.
# 125-race-thaw-in-take aims the thaw inside a take.
# lvss-disks: 1x256M 1x256M 1x64M 1x512M
# lvss-timeout: 400
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/race-lib.sh
. /lvss/race-lib.sh

need_disks 4
set -- $LVSS_DISKS
ext=$1 extstore=$2 raw=$3 rawstore=$4
RACE_SECONDS=${RACE_SECONDS:-$(race_seconds 15)}
MAX_SETS=${MAX_SETS:-6}
om=$LVSS_TMP/origin
sm=$LVSS_TMP/snap
mkdir -p "$om" "$sm"
cleanup() {
	race_stop
	/usr/sbin/fsfreeze -u "$om" 2>/dev/null || :
	oracle_writers_stop 2>/dev/null || :
	/usr/bin/umount "$sm" 2>/dev/null || :
	delete_all_snapshots
	/usr/bin/umount "$om" 2>/dev/null || :
	for d in $ext $raw; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT

FILE_BLOCKS=4096
# verify_set EXTDISK RAWDISK T1 T2 WHAT
verify_set() {
	oracle_verify "$2" "$3" "$4" "$5 (raw member)" "$raw"
	/usr/bin/mount -t ext4 -o ro,noload "$1" "$sm" || fail "$5: mount $1"
	# shellcheck disable=SC2046 # one word per log
	res=$(lvss-pattern verify "$sm/data" --t-start "$3" --t-end "$4" $(oracle_logs "$om/data") 2>&1) || {
		/usr/bin/umount "$sm"
		fail "$5: the file in $1 is not the file at the set's instant: $(echo "$res" | tail -n 25)"
	}
	/usr/bin/umount "$sm"
	echo "$5 (ext4 member, file): $(echo "$res" | grep '^RESULT')"
}
# disks_of JSON: the members' disks, in order
disks_of() {
	echo "$1" | tr '{' '\n' | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\/dev\/\1/p'
}

freezer() { # worker: freeze and thaw the origin filesystem at random points
	n=0
	while race_on; do
		n=$((n + 1))
		race_try freeze /usr/sbin/fsfreeze -f "$om"
		sleep "0.$((n * 7 % 10))"
		race_try thaw /usr/sbin/fsfreeze -u "$om"
		sleep "0.$((n * 3 % 10))"
	done
	# Whatever happened, userspace's own freeze ends here.
	/usr/sbin/fsfreeze -u "$om" 2>/dev/null || :
}
taker() { # worker: sets of both devices, up to MAX_SETS kept
	: >"$LVSS_TMP/sets"
	n=0
	while race_on && [ "$n" -lt "$MAX_SETS" ]; do
		t0=$(date +%s)
		T1=$(lvss-pattern now)
		race_try take lvss --json snapshot take "$ext" "$raw" --timeout 3000
		T2=$(lvss-pattern now)
		[ $(($(date +%s) - t0)) -le $((15 * ${LVSS_TIMEOUT_SCALE:-1})) ] ||
			echo "a take returned after $(($(date +%s) - t0)) s" >>"$LVSS_TMP/slow"
		if [ "$RC" -eq 0 ]; then
			n=$((n + 1))
			echo "$(disks_of "$RACE_OUT" | tr '\n' ' ')$T1 $T2" >>"$LVSS_TMP/sets"
		fi
		sleep 0.7
	done
}

/usr/sbin/mkfs.ext4 -q -F "$ext"
/usr/bin/mount -t ext4 "$ext" "$om"
/usr/bin/dd if=/dev/zero of="$om/data" bs=1M count=16 status=none
lvss-pattern fill "$om/data" >/dev/null || fail "fill the oracle file"
sync
oracle_fill "$raw"
lvss attach "$ext" >/dev/null
lvss store add "$ext" --device "$extstore" >/dev/null
lvss attach "$raw" >/dev/null
lvss store add "$raw" --device "$rawstore" >/dev/null
oracle_writers_start "$raw"
oracle_writers_start "$om/data" "$FILE_BLOCKS"

race_deadline "$RACE_SECONDS"
race_need freeze 3
race_need thaw 3
race_need take 2
race_spawn freezer
race_spawn taker
race_join 60
/usr/sbin/fsfreeze -u "$om" 2>/dev/null && echo "note: the filesystem was still frozen by userspace; thawed"
# Not left frozen: with userspace's freeze gone, a write completes.
timeout 20 sh -c "echo thawed >'$om/probe' && sync" ||
	fail "the filesystem is still frozen after the race: $(dmesg | grep -i 'lvss\|freeze\|thaw' | tail -n 10 | tr '\n' '|')"
oracle_writers_stop
[ ! -e "$LVSS_TMP/slow" ] || fail "$(cat "$LVSS_TMP/slow")"
race_report 'Device or resource busy|Invalid argument|timed out|cannot freeze'
race_needs_met
n=0
while read -r de dr t1 t2; do
	n=$((n + 1))
	verify_set "$de" "$dr" "$t1" "$t2" "set $n"
done <"$LVSS_TMP/sets"
race_check_status
delete_all_snapshots

# A final set, no freezer: both members verify.
oracle_writers_start "$raw"
oracle_writers_start "$om/data" "$FILE_BLOCKS"
sleep 0.5
oracle_take "$ext" "$raw"
set -- $SNAP_DISKS
sleep 1
oracle_writers_stop
verify_set "$1" "$2" "$T1" "$T2" "final set"
oracle_verify_origin "$raw"
# shellcheck disable=SC2046 # one word per log
res=$(lvss-pattern verify "$om/data" --origin-final $(oracle_logs "$om/data") 2>&1) ||
	fail "the origin file lost writes: $(echo "$res" | tail -n 25)"
delete_all_snapshots
/usr/bin/umount "$om"
/usr/sbin/e2fsck -fn "$ext" >/dev/null || fail "e2fsck found problems on the origin"
for d in $ext $raw; do
	run lvss detach "$d"
	expect_eq "$RC" 0 "detach $d at the end"
done
