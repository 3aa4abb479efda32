# 'rmmod lvss' in a loop during activity. While a device is attached (with
# a snapshot being read, writers on its origin, and a second device being
# attached, given a store, snapshotted and detached over and over),
# every rmmod is refused and the snapshot still verifies against the
# block oracle. Then, with nothing attached for good, rmmod races the
# attach/store/take/delete/detach cycle itself: whenever it succeeds the
# module is loaded again (by modprobe, or by the lvss tool, which loads it
# on demand), and no command may crash or leave the kernel complaining.
# Finally, with everything detached, rmmod succeeds, modprobe works and so
# does a snapshot; the module is left loaded for the harness.
# lvss-disks: 2x64M
# lvss-timeout: 300
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/race-lib.sh
. /lvss/race-lib.sh

need_disks 2
set -- $LVSS_DISKS
d1=$1 d2=$2
RACE_SECONDS=${RACE_SECONDS:-$(race_seconds 15)}
reader=
cleanup() {
	race_stop
	[ -z "$reader" ] || kill "$reader" 2>/dev/null || :
	oracle_writers_stop 2>/dev/null || :
	[ -d /sys/module/lvss ] || /usr/sbin/modprobe lvss || :
	delete_all_snapshots
	for d in $d1 $d2; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT
loaded() { [ -d /sys/module/lvss ]; }

churn() { # worker: a device's whole life, over and over
	while race_on; do
		race_try churn lvss attach "$d2"
		race_try churn lvss store add "$d2" --memory 16M
		race_try churn lvss --json snapshot take "$d2"
		id=$(echo "$RACE_OUT" | sed -n 's/.*"id":\([0-9]*\),.*/\1/p')
		[ -z "$id" ] || race_try churn lvss snapshot delete "$id"
		race_try churn lvss detach "$d2"
	done
}
unloader() { # worker: rmmod; $1 = reload: load it again after a success
	while race_on; do
		race_try rmmod /usr/sbin/rmmod lvss
		if [ "$RC" -eq 0 ] && [ "$1" = reload ]; then
			sleep 0.2
			loaded || race_try modprobe /usr/sbin/modprobe lvss
		fi
	done
}
poller() { # worker: status, which also loads the module when it is gone
	while race_on; do
		race_try status lvss status
		sleep 0.1
	done
}

# Phase 1: d1 attached, a snapshot of it open and read, writers on it.
oracle_fill "$d1"
lvss attach "$d1" >/dev/null
lvss store add "$d1" --memory 80M --chunk-size 16K >/dev/null
oracle_writers_start "$d1"
oracle_take "$d1"
snap=$SNAP_DISKS
(while :; do /usr/bin/dd if="$snap" of=/dev/null bs=64K iflag=direct status=none 2>/dev/null || :; done) &
reader=$!
race_deadline "$RACE_SECONDS"
race_need churn 10
race_spawn churn
race_spawn unloader keep
race_spawn poller
race_join 60
kill "$reader"
wait "$reader" 2>/dev/null || :
reader=
oracle_writers_stop
loaded || fail "lvss was unloaded while a device was attached"
race_report 'in use|is busy|has snapshots|is not attached|is already attached|has no CoW store|another snapshot set'
n=$(race_successes rmmod)
expect_eq "$n" 0 "rmmod successes while a device was attached"
race_succeeded rmmod 0
race_needs_met
oracle_verify "$snap" "$T1" "$T2" "snapshot read during the rmmod attempts" "$d1"
oracle_verify_origin "$d1"
delete_all_snapshots
lvss detach "$d1" >/dev/null || fail "detach $d1 after phase 1"
race_check_status

# Phase 2: nothing stays attached; rmmod and the cycle race each other.
mv "$RACE_LOG" "$LVSS_TMP/race-phase1.log"
race_deadline "$RACE_SECONDS"
race_need churn 5
race_need rmmod 1
race_spawn churn
race_spawn unloader reload
race_spawn poller
race_join 60
race_report '.'
unloads=$(race_successes rmmod)
echo "phase 2: lvss was unloaded $unloads times"
[ "$unloads" -ge 1 ] || fail "rmmod never succeeded in phase 2: the race proved nothing"
race_needs_met

# The end: whatever the race left, clean up, then unload and load again.
loaded || /usr/sbin/modprobe lvss || fail "modprobe lvss after phase 2"
delete_all_snapshots
lvss detach "$d2" >/dev/null 2>&1 || :
race_check_status
expect_eq "$(lvss --json status | sed -n 's/.*"devices":\([0-9]*\).*"snapshots":\([0-9]*\).*/\1 \2/p')" "0 0" \
	"devices and snapshots before the final rmmod"
run /usr/sbin/rmmod lvss
expect_eq "$RC" 0 "rmmod with nothing attached"
loaded && fail "lvss is still loaded after rmmod"
run /usr/sbin/modprobe lvss
expect_eq "$RC" 0 "modprobe after rmmod"
oracle_reset
oracle_fill "$d1"
lvss attach "$d1" >/dev/null || fail "attach after the reload"
lvss store add "$d1" --memory 80M >/dev/null || fail "store add after the reload"
oracle_writers_start "$d1"
oracle_take "$d1"
sleep 1
oracle_writers_stop
oracle_verify "$SNAP_DISKS" "$T1" "$T2" "snapshot after the reload" "$d1"
delete_all_snapshots
lvss detach "$d1" >/dev/null || fail "detach at the end"
loaded || fail "lvss must stay loaded for the harness"
