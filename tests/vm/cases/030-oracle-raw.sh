# The consistency oracle on a raw disk: every 4 KiB block is stamped with
# its offset, a generation and a checksum; direct and buffered writers keep
# overwriting random ranges while snapshots are taken; every block of each
# snapshot must hold exactly what the origin held at the snapshot's instant
# (0 mismatches), and the origin must end with every write it was given.
# Chunk sizes 4 KiB, 64 KiB and 1 MiB with copy-ahead (lvss.copy_ahead_kb)
# at its default; sequential writers with it at 8 MiB with 4 KiB and
# 64 KiB chunks; what copy-ahead copies, and its bound on copies no write
# reaches; then 8 stacked snapshots, at the default again.
# lvss-disks: 1x64M 1x768M
# lvss-timeout: 900
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh

need_disks 2
origin=$LVSS_DISK1
store=$LVSS_DISK2
cleanup() {
	oracle_writers_stop 2>/dev/null || :
	delete_all_snapshots
	lvss detach "$origin" >/dev/null 2>&1 || :
}
trap cleanup EXIT

ahead=/sys/module/lvss/parameters/copy_ahead_kb
# device_copies: chunks the attached device's engine copied so far.
device_copies() {
	lvss --json devices | sed -n 's/.*"copies":\([0-9]*\).*/\1/p'
}
default_kb=$(cat "$ahead")
for run in 4K 64K 1M 64K/seq 4K/seq; do
	chunk=${run%/seq}
	ORACLE_WRITER_ARGS=
	echo "$default_kb" >"$ahead"
	if [ "$chunk" != "$run" ]; then
		# Sequential writers, with the engine copying ahead of them.
		ORACLE_WRITER_ARGS="--sequential --max-blocks 64"
		echo 8192 >"$ahead"
	fi
	oracle_reset
	oracle_fill "$origin"
	lvss attach "$origin" >/dev/null
	lvss store add "$origin" --device "$store" --chunk-size "$chunk" >/dev/null ||
		fail "store add with chunk $chunk"
	oracle_writers_start "$origin"
	sleep 1
	oracle_take "$origin"
	disk=$SNAP_DISKS
	sleep 3
	oracle_writers_stop
	oracle_verify "$disk" "$T1" "$T2" "chunk $run"
	oracle_verify_origin "$origin"
	lvss snapshot delete "$SNAP_IDS" >/dev/null
	lvss detach "$origin" >/dev/null
done
ORACLE_WRITER_ARGS=

# Copy-ahead itself: 4 MiB of 1 MiB sequential writes on a fresh snapshot
# copy exactly their 64 chunks with it off, and chunks beyond them with it on.
for kb in 0 8192; do
	echo "$kb" >"$ahead"
	lvss attach "$origin" >/dev/null
	lvss store add "$origin" --device "$store" >/dev/null
	oracle_take "$origin"
	/usr/bin/dd if=/dev/zero of="$origin" bs=1M seek=16 count=4 oflag=direct \
		conv=notrunc 2>/dev/null || fail "dd onto $origin"
	sleep 1
	copies=$(device_copies)
	echo "copy_ahead_kb $kb: $copies chunks copied for 64 written"
	if [ "$kb" = 0 ]; then
		expect_eq "$copies" 64 "chunks copied without copy-ahead"
	else
		[ "$copies" -gt 64 ] || fail "copy-ahead on: only $copies chunks copied for 64 written"
	fi
	lvss snapshot delete "$SNAP_IDS" >/dev/null
	lvss detach "$origin" >/dev/null
done

# Streams that stop short leave copies behind; a snapshot loses at most 2
# windows to replaced streams, plus the window of each of the 4 streams
# followed. 20 bursts of two 1 MiB writes, 3 MiB apart, with a 1 MiB
# window (16 chunks of 64 KiB): each burst copies its 32 chunks and the
# 16 of the gap after it, so without the bound 960 copies, with it at
# most 640 + 6 * 16 = 736.
echo 1024 >"$ahead"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 64K >/dev/null
oracle_take "$origin"
burst=0
while [ "$burst" -lt 20 ]; do
	/usr/bin/dd if=/dev/zero of="$origin" bs=1M seek=$((burst * 3)) count=2 \
		oflag=direct conv=notrunc 2>/dev/null || fail "dd onto $origin"
	burst=$((burst + 1))
done
sleep 1
copies=$(device_copies)
echo "copy_ahead_kb 1024, 20 short streams: $copies chunks copied for 640 written"
[ "$copies" -gt 640 ] || fail "short streams: no copies made ahead ($copies for 640 written)"
[ "$copies" -le 736 ] || fail "short streams: $copies chunks copied, more than the bound of 736"
lvss snapshot delete "$SNAP_IDS" >/dev/null
lvss detach "$origin" >/dev/null
echo "$default_kb" >"$ahead"

# Eight snapshots taken while the writers run; each keeps its own instant.
oracle_reset
oracle_fill "$origin"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" >/dev/null
oracle_writers_start "$origin"
i=1
while [ "$i" -le 8 ]; do
	sleep 0.5
	oracle_take "$origin"
	eval "t1_$i=$T1 t2_$i=$T2 disk_$i=$SNAP_DISKS"
	i=$((i + 1))
done
sleep 2
oracle_writers_stop
i=1
while [ "$i" -le 8 ]; do
	eval "oracle_verify \$disk_$i \$t1_$i \$t2_$i 'stacked snapshot $i of 8'"
	i=$((i + 1))
done
oracle_verify_origin "$origin"
