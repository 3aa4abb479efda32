# Control commands racing each other: for a bounded time, several
# processes take snapshots (of one device, of the other, and sets of
# both), delete them, detach the devices (and attach them again with a
# fresh store), and read status and the device and snapshot lists, while
# oracle writers keep writing the first device. Afterwards: every command
# either succeeded or failed cleanly with an expected message, each kind
# of command succeeded at least once, status counts match what exists
# (devices, snapshots, their disks), no origin write was lost across the
# detaches, a final take verifies exactly against the block oracle, and
# everything can be deleted and detached.
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
RACE_SECONDS=${RACE_SECONDS:-$(race_seconds 20)}
cleanup() {
	race_stop
	oracle_writers_stop 2>/dev/null || :
	delete_all_snapshots
	for d in $d1 $d2; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT

# snapshot ids, optionally only those of device $1
ids_of() {
	lvss --json snapshots 2>/dev/null | tr '{' '\n' | grep "\"device\":\"${1:-}" |
		sed -n 's/.*"id":\([0-9]*\),.*/\1/p'
}
setup() { # setup DEV WORKER: attach with a 48 MiB memory store
	race_try "$2" lvss attach "$1"
	[ "$RC" -eq 0 ] || return 0
	race_try "$2" lvss store add "$1" --memory 48M --chunk-size 16K
}

# The detacher pauses new takes of the device it empties (a take already
# under way still races its detach), or the takers would never let it.
paused() { [ -e "$LVSS_TMP/pause-${1#/dev/}" ]; }
# A set needs both devices free of other takes at once: on a slow kernel
# the single takers can starve it, so in overtime they let it through.
set_starved() { race_overtime && [ "$(race_successes take-set)" -eq 0 ]; }
take_one() { # worker: takes of one device
	while race_on; do
		if paused "$1" || set_starved; then
			sleep 0.05
			continue
		fi
		race_try "take-$2" lvss snapshot take "$1" --timeout 5000
	done
}
take_set() { # worker: sets of both devices
	while race_on; do
		if paused "$d1" || paused "$d2"; then
			sleep 0.05
			continue
		fi
		race_try take-set lvss snapshot take "$d1" "$d2" --timeout 5000
		sleep 0.1
	done
}
deleter() { # worker: deletes what it finds, oldest first
	while race_on; do
		for id in $(ids_of | head -n 3); do
			race_try delete lvss snapshot delete "$id"
		done
		sleep 0.2
	done
}
detacher() { # worker: empties a device, detaches it, attaches it again
	n=0
	while race_on; do
		n=$((n + 1))
		d=$d1
		[ $((n % 2)) -eq 0 ] || d=$d2
		: >"$LVSS_TMP/pause-${d#/dev/}"
		for id in $(ids_of "$d"); do
			race_try delete-dev lvss snapshot delete "$id"
		done
		race_try detach lvss detach "$d"
		if [ "$RC" -eq 0 ]; then
			sleep 0.1
			setup "$d" reattach
		fi
		rm -f "$LVSS_TMP/pause-${d#/dev/}"
		sleep 0.5
	done
}
lister() { # worker: the read-only commands; they never fail
	while race_on; do
		race_try list lvss status
		race_try list lvss --json devices
		race_try list lvss --json snapshots
		race_try list lvss snapshots
	done
}

oracle_fill "$d1"
oracle_fill "$d2"
setup "$d1" setup
setup "$d2" setup
[ "$(lvss --json status | sed -n 's/.*"devices":\([0-9]*\).*/\1/p')" = 2 ] ||
	fail "setup: $(cat "$RACE_LOG")"
# Writers on the first device during the whole race: writes go through
# detaches, attaches, takes and deletes and none may be lost.
oracle_writers_start "$d1"

race_deadline "$RACE_SECONDS"
for w in take-1 take-2 take-set delete detach reattach list; do
	race_need "$w" 1
done
race_spawn take_one "$d1" 1
race_spawn take_one "$d2" 2
race_spawn take_set
race_spawn deleter
race_spawn detacher
race_spawn lister
race_join 60
oracle_writers_stop

race_report 'another snapshot set is being taken|is not attached|has no CoW store|device has snapshots|has the most snapshots|no snapshot [0-9]+:|is already attached'
race_needs_met
race_check_status
oracle_verify_origin "$d1"

# A final take of both devices, as a set, against the oracle, each device
# attached afresh with a store as large as itself: the race's 48 MiB
# stores may overflow (which the race allows), and how much the writers
# cover in the final window depends on the guest's speed.
delete_all_snapshots
for d in $d1 $d2; do
	if lvss --json devices | grep -q "\"device\":\"$d\""; then
		lvss detach "$d" >/dev/null || fail "final: detach $d"
	fi
	lvss attach "$d" >/dev/null || fail "final: attach $d"
	lvss store add "$d" --memory 64M --chunk-size 16K >/dev/null ||
		fail "final: store add $d"
done
oracle_reset
oracle_fill "$d1"
oracle_fill "$d2"
oracle_writers_start "$d1"
oracle_writers_start "$d2"
oracle_take "$d1" "$d2"
set -- $SNAP_DISKS
s1=$1 s2=$2
sleep 2
oracle_writers_stop
oracle_verify "$s1" "$T1" "$T2" "final take of $d1" "$d1"
oracle_verify "$s2" "$T1" "$T2" "final take of $d2" "$d2"
oracle_verify_origin "$d1"
oracle_verify_origin "$d2"
race_check_status

delete_all_snapshots
for d in $d1 $d2; do
	run lvss detach "$d"
	expect_eq "$RC" 0 "detach $d at the end"
done
race_check_status
expect_eq "$(lvss --json status | sed -n 's/.*"devices":\([0-9]*\).*"snapshots":\([0-9]*\).*/\1 \2/p')" "0 0" \
	"devices and snapshots at the end"
