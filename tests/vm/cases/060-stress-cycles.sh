# Short stress: 50 snapshot/verify cycles under concurrent writers on one
# device (take, keep writing, verify the snapshot against its instant with
# the block oracle, delete), then the origin must hold every write.
# Then 10 cycles that attach under the writers and take right after the
# first store add: writes that went down before the device had a store
# must be drained by that first take like any other.
# lvss-disks: 1x16M 1x64M
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

oracle_fill "$origin"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 16K >/dev/null
cycle=1
while [ "$cycle" -le 50 ]; do
	# Writers restart every cycle: their logs are complete only once they stop.
	oracle_writers_start "$origin"
	oracle_take "$origin"
	sleep 0.3
	oracle_writers_stop
	oracle_verify "$SNAP_DISKS" "$T1" "$T2" "cycle $cycle" "$origin"
	lvss snapshot delete "$SNAP_IDS" >/dev/null || fail "delete in cycle $cycle"
	cycle=$((cycle + 1))
done
oracle_verify_origin "$origin"

lvss detach "$origin" >/dev/null
cycle=1
while [ "$cycle" -le 10 ]; do
	oracle_writers_start "$origin"
	lvss attach "$origin" >/dev/null || fail "attach in first-take cycle $cycle"
	lvss store add "$origin" --device "$store" --chunk-size 16K >/dev/null ||
		fail "store add in first-take cycle $cycle"
	oracle_take "$origin"
	sleep 0.3
	oracle_writers_stop
	oracle_verify "$SNAP_DISKS" "$T1" "$T2" "first-take cycle $cycle" "$origin"
	lvss snapshot delete "$SNAP_IDS" >/dev/null || fail "delete in first-take cycle $cycle"
	lvss detach "$origin" >/dev/null || fail "detach in first-take cycle $cycle"
	cycle=$((cycle + 1))
done
oracle_verify_origin "$origin"
