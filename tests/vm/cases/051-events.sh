# Netlink events: 'lvss monitor' hears a store crossing its low-space
# threshold (once per crossing, again after space is added while still
# low, never with the threshold at 0) and a snapshot failing with the
# reason; listening needs privilege.
# lvss-disks: 2x64M
# lvss-timeout: 300
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 2
set -- $LVSS_DISKS
d1=$1 d2=$2
MON=
cleanup() {
	[ -z "$MON" ] || kill "$MON" 2>/dev/null || :
	delete_all_snapshots
	for d in $d1 $d2; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT

# monitor_start ARGS...: 'lvss --json monitor ARGS' in the background,
# output in $LVSS_TMP/ev.out; returns once it listens.
monitor_start() {
	: >"$LVSS_TMP/ev.out"
	: >"$LVSS_TMP/ev.err"
	lvss --json monitor "$@" >"$LVSS_TMP/ev.out" 2>"$LVSS_TMP/ev.err" &
	MON=$!
	i=0
	until grep -q 'listening for events' "$LVSS_TMP/ev.err"; do
		i=$((i + 1))
		[ "$i" -lt 300 ] || fail "lvss monitor did not start: $(cat "$LVSS_TMP/ev.err")"
		kill -0 "$MON" 2>/dev/null || fail "lvss monitor exited: $(cat "$LVSS_TMP/ev.err")"
		sleep 0.1
	done
}
# monitor_wait WHAT: wait for the monitor to exit; its status must be 0.
monitor_wait() {
	rc=0
	wait "$MON" || rc=$?
	MON=
	echo "events ($1):"
	sed 's/^/  /' "$LVSS_TMP/ev.out"
	[ "$rc" -eq 0 ] || fail "lvss monitor ($1) exited $rc: $(cat "$LVSS_TMP/ev.err")"
}
count() { # count PATTERN: lines of ev.out with it
	grep -c "$1" "$LVSS_TMP/ev.out" || :
}
# write_mib DISK FROM_MIB MIB: new data over MIB MiB (first writes).
write_mib() {
	/usr/bin/dd if=/dev/urandom of="$1" bs=1M seek="$2" count="$3" \
		oflag=direct conv=notrunc 2>/dev/null || fail "writing $1"
}
snapshot_id() {
	lvss --json snapshot take "$1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}

# Listening is for administrators only.
run as_nobody lvss monitor --timeout 1
[ "$RC" -ne 0 ] || fail "nobody could listen to lvss events"
expect_contains "$ERR" "CAP_" "the refusal names the capability"

# 1. A 4 MiB store (64 chunks) warned at 50 %: fill it until the snapshot
# fails. Expected: one store-low event, then the failure with its reason.
lvss attach "$d1" >/dev/null
lvss store add "$d1" --memory 4M --low-space 50 >/dev/null
run lvss --json devices
expect_contains "$OUT" '"low_space_percent":50' "threshold in the device list"
id=$(snapshot_id "$d1")
[ -n "$id" ] || fail "snapshot take printed no id"
monitor_start --count 2 --timeout 60
write_mib "$d1" 0 2  # 32 chunks: half the store, not below the threshold yet
write_mib "$d1" 2 8  # the store runs low, then full
monitor_wait "low, then failed"
expect_eq "$(count '"event":"store-low"')" 1 "store-low events"
expect_eq "$(count '"event":"snapshot-failed"')" 1 "snapshot-failed events"
head -n 1 "$LVSS_TMP/ev.out" | grep -q '"event":"store-low"' ||
	fail "store-low did not come before the failure"
low=$(grep '"store-low"' "$LVSS_TMP/ev.out")
expect_contains "$low" "\"device\":\"$d1\"" "store-low names the device"
expect_contains "$low" '"total_bytes":4194304' "store-low total"
used=$(echo "$low" | sed -n 's/.*"used_bytes":\([0-9]*\).*/\1/p')
# Fewer than 50 % free: more than 32 of the 64 chunks used, but not full.
[ "$used" -gt 2097152 ] && [ "$used" -lt 4194304 ] ||
	fail "store-low fired at $used bytes used, not at the threshold"
failed=$(grep '"snapshot-failed"' "$LVSS_TMP/ev.out")
expect_contains "$failed" "\"id\":$id," "failed event names the snapshot"
expect_contains "$failed" '"error":28' "failed event errno (ENOSPC)"
expect_contains "$failed" "the CoW store is full" "failed event reason"
lvss snapshot delete "$id" >/dev/null

# 2. Adding space while still low re-arms the warning: it fires again at
# the next copy, and only once.
lvss attach "$d2" >/dev/null
lvss store add "$d2" --memory 4M --low-space 50 >/dev/null
id2=$(snapshot_id "$d2")
monitor_start --timeout 15
write_mib "$d2" 0 3      # 48 of 64 chunks used: low
lvss store add "$d2" --memory 1M >/dev/null  # 48 of 80: 32 free < 40
write_mib "$d2" 3 1      # copies: fires again
write_mib "$d2" 4 1      # still low: no more events
monitor_wait "re-armed"
expect_eq "$(count '"event":"store-low"')" 2 "store-low events with space added while low"
expect_eq "$(count '"event":"snapshot-failed"')" 0 "snapshot-failed events while space lasts"
tail -n 1 "$LVSS_TMP/ev.out" | grep -q '"total_bytes":5242880' ||
	fail "the second warning does not show the appended space"

# 3. Threshold 0: no warning, even when the store fills; the failure is
# still reported.
lvss snapshot delete "$id2" >/dev/null
lvss detach "$d2" >/dev/null
lvss attach "$d2" >/dev/null
lvss store add "$d2" --memory 2M --low-space 0 >/dev/null
id3=$(snapshot_id "$d2")
monitor_start --count 1 --timeout 60
write_mib "$d2" 8 4
monitor_wait "threshold 0"
expect_eq "$(count '"event":"store-low"')" 0 "store-low events with the threshold at 0"
expect_contains "$(cat "$LVSS_TMP/ev.out")" "\"id\":$id3," "failure reported with the threshold at 0"

# Nothing was dropped on the way.
run lvss --json status
expect_contains "$OUT" '"events_dropped":0' "events dropped"
