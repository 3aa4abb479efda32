# Store space: a snapshot whose store fills up goes FAILED (its reads
# return EIO and status says why) while the origin keeps every write and a
# snapshot of another device is untouched; space appended to a live
# snapshot's store keeps it alive and correct.
# Overflow runs on two devices at once under concurrent writers, one with a
# memory store and one with a block-device store (a 1 MiB dm-linear slice
# of a scratch disk), while readers read both snapshots as they fail.
# lvss-disks: 3x64M 1x8M
# lvss-timeout: 400
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh

need_disks 4
# shellcheck disable=SC2086 # one word per disk
set -- $LVSS_DISKS
small=$1 other=$2 grow=$3 slice=$4
tiny=/dev/mapper/lvss-tiny-store
readers=
cleanup() {
	oracle_writers_stop 2>/dev/null || :
	# shellcheck disable=SC2086 # one word per pid
	[ -z "$readers" ] || kill $readers 2>/dev/null || :
	delete_all_snapshots
	for d in $small $other $grow; do lvss detach "$d" >/dev/null 2>&1 || :; done
	/usr/sbin/dmsetup remove lvss-tiny-store 2>/dev/null || :
}
trap cleanup EXIT
state_of() { # state_of DISK: active/failed and the message
	lvss --json snapshots | tr '{' '\n' | grep "\"disk\":\"${1#/dev/}\"" |
		sed -n 's/.*"state":"\([a-z]*\)".*/\1/p'
}

# Overflow: 1 MiB of store for a 64 MiB device under writers, in memory
# ($small) and on a block device ($grow, whose own round comes after).
oracle_fill "$small"
oracle_fill "$other"
oracle_fill "$grow"
lvss attach "$small" >/dev/null
lvss store add "$small" --memory 1M >/dev/null
/usr/sbin/dmsetup create lvss-tiny-store --table "0 2048 linear $slice 0" ||
	fail "dmsetup create"
lvss attach "$grow" >/dev/null
lvss store add "$grow" --device "$tiny" >/dev/null
lvss attach "$other" >/dev/null
lvss store add "$other" --memory 80M >/dev/null
oracle_take "$other"
other_disk=$SNAP_DISKS other_t1=$T1 other_t2=$T2
oracle_take "$small"
small_disk=$SNAP_DISKS
oracle_take "$grow"
tiny_disk=$SNAP_DISKS
for d in $small_disk $tiny_disk; do
	(while :; do /usr/bin/dd if="$d" of=/dev/null bs=64K iflag=direct status=none 2>/dev/null || :; done) &
	readers="$readers $!"
done
oracle_writers_start "$small"
oracle_writers_start "$grow"
oracle_writers_start "$other"
sleep 3
oracle_writers_stop
# shellcheck disable=SC2086 # one word per pid
kill $readers || fail "a snapshot reader died early"
readers=
for d in $small_disk $tiny_disk; do
	expect_eq "$(state_of "$d")" failed "state of the overflowed snapshot $d"
	expect_contains "$(lvss --json snapshots | tr '{' '\n' | grep "\"disk\":\"${d#/dev/}\"")" \
		'"error":28,"error_msg":"the CoW store is full"' "errno and reason of $d"
	run /usr/bin/dd if="$d" of=/dev/null bs=64K count=1 iflag=direct
	[ "$RC" -ne 0 ] || fail "reading the failed snapshot $d succeeded"
done
run lvss snapshots
expect_contains "$OUT" "store is full" "status names the reason"
oracle_verify_origin "$small"
oracle_verify_origin "$grow"
oracle_verify_origin "$other"
oracle_verify "$other_disk" "$other_t1" "$other_t2" "snapshot of the other device" "$other"

# Append: start with a store far too small, add space while it lives.
delete_all_snapshots
lvss detach "$grow" >/dev/null || fail "detach $grow"
oracle_reset
oracle_fill "$grow"
lvss attach "$grow" >/dev/null
lvss store add "$grow" --memory 2M >/dev/null
oracle_take "$grow"
grow_disk=$SNAP_DISKS grow_t1=$T1 grow_t2=$T2
lvss store add "$grow" --memory 70M >/dev/null || fail "append space to a live store"
run lvss --json devices
expect_contains "$OUT" '"store_total_bytes":75497472' "store total after appending"
# Far more than the first 2 MiB get copied now: only appended space holds them.
oracle_writers_start "$grow"
sleep 3
oracle_writers_stop
expect_eq "$(state_of "$grow_disk")" active "state after appending space"
oracle_verify "$grow_disk" "$grow_t1" "$grow_t2" "snapshot kept alive by appended space" "$grow"
oracle_verify_origin "$grow"
