# An origin that fails some I/O. lvss is attached to a dm device
# (/dev/mapper/lvss-origin) over a scratch disk (the backing).
# 1. One 4 KiB block of the origin is dm-error, at the end of a 64 KiB CoW
#    chunk; writers never write it, but a write to the rest of that chunk
#    makes the CoW engine read the whole chunk's old data, which fails.
#    The snapshot must go FAILED ("reading old data from the origin
#    failed", EIO; its reads fail), never serve a chunk it could not copy;
#    every writer's write succeeds and lands (pattern oracle, read through
#    the backing disk).
# 2. Where dm-flakey has error_reads (Linux >= 6.6): every read of the
#    origin fails, writes pass; same promises. Older kernels have no
#    read-only failure mode in dm-flakey (down means all I/O fails) and
#    run part 1 only.
# lvss-disks: 2x64M
# lvss-timeout: 400
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/fault-lib.sh
. /lvss/fault-lib.sh

need_disks 2
backing=$LVSS_DISK1
store=$LVSS_DISK2
origin=/dev/mapper/lvss-origin
sectors=$(/usr/sbin/blockdev --getsz "$backing")
nb=$((sectors / 8))
cleanup() {
	oracle_writers_stop 2>/dev/null || :
	reader_stop 2>/dev/null || :
	delete_all_snapshots
	lvss detach "$origin" >/dev/null 2>&1 || :
	/usr/sbin/dmsetup remove lvss-origin 2>/dev/null || :
	/usr/sbin/dmsetup remove lvss-probe 2>/dev/null || :
}
trap cleanup EXIT

# writer REGION: a direct-I/O oracle writer on blocks FIRST:COUNT of the
# origin, logged for verification of the origin (and of its backing).
writer() {
	oracle_n=$((oracle_n + 1))
	log=$LVSS_TMP/oracle-$oracle_n.log
	lvss-pattern write "$origin" --until-signal --threads 2 --direct \
		--region "$1" --gen-base $((oracle_n * 10000000)) \
		--writer-id "$oracle_n" --log "$log" --ready "$log.ready" \
		2>"$log.err" &
	ORACLE_PIDS="$ORACLE_PIDS $!"
	ORACLE_LOGS="$ORACLE_LOGS $log"
	echo "$origin $log" >>"$LVSS_TMP/oracle-logs"
	i=0
	while [ ! -e "$log.ready" ]; do
		[ "$i" -lt 300 ] || fail "writer $1 never got going: $(cat "$log.err")"
		sleep 0.1
		i=$((i + 1))
	done
}

# verify_backing: every logged write reached the backing disk.
verify_backing() {
	# shellcheck disable=SC2086 # one word per log
	res=$(lvss-pattern verify "$backing" --origin-final $ORACLE_LOGS 2>&1) ||
		fail "the backing disk lost or damaged origin writes: $(echo "$res" | tail -n 25)"
	echo "backing $backing: $(echo "$res" | grep '^RESULT')"
}

echo "== 1: the CoW read of one chunk fails"
bad=$((nb / 2 - 1)) # the last 4 KiB block of 64 KiB chunk nb/32 - 1
oracle_fill "$backing"
/usr/sbin/dmsetup create lvss-origin --table "0 $((bad * 8)) linear $backing 0
$((bad * 8)) 8 error
$(((bad + 1) * 8)) $((sectors - (bad + 1) * 8)) linear $backing $(((bad + 1) * 8))" ||
	fail "dmsetup create"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 64K >/dev/null
oracle_take "$origin"
disk=$SNAP_DISKS id=$SNAP_IDS
# Both sides of the bad block, and the bad block's chunk itself.
writer "0:$((bad - 15))"
writer "$((bad + 1)):$((nb - bad - 1))"
reader_start "$disk"
writer "$((bad - 15)):15"
sleep 2
oracle_writers_stop
reader_stop
expect_failed "$disk" 5 "reading old data from the origin failed" "CoW read failing"
verify_backing
run lvss snapshot delete "$id"
expect_eq "$RC" 0 "delete the failed snapshot"
run lvss detach "$origin"
expect_eq "$RC" 0 "detach"

echo "== 2: every origin read fails (dm-flakey error_reads)"
if ! /usr/sbin/dmsetup create lvss-probe --table "0 8 flakey $store 0 0 1 1 error_reads" 2>/dev/null; then
	echo "dm-flakey on $LVSS_KVER has no error_reads: part 2 not run"
	exit 0
fi
/usr/sbin/dmsetup remove lvss-probe
oracle_reset
oracle_fill "$backing"
dm_swap lvss-origin "0 $sectors linear $backing 0"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 64K >/dev/null
oracle_take "$origin"
disk=$SNAP_DISKS
# Up 0 s, down 1 s: always down; down, reads fail and writes pass.
dm_swap lvss-origin "0 $sectors flakey $backing 0 0 1 1 error_reads"
writer "0:$((nb / 2))"
writer "$((nb / 2)):$((nb / 2))"
sleep 2
oracle_writers_stop
expect_failed "$disk" 5 "reading old data from the origin failed" "origin reads failing"
dm_swap lvss-origin "0 $sectors linear $backing 0"
verify_backing
oracle_verify_origin "$origin"
delete_all_snapshots
run lvss detach "$origin"
expect_eq "$RC" 0 "detach"
