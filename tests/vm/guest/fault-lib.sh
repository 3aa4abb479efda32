# Helpers for the fault-injection cases (11x-fault-*): '. /lvss/fault-lib.sh'
# after case-lib.sh. They read a snapshot's state from 'lvss --json
# snapshots' and check that a failed snapshot says so everywhere.
# shellcheck shell=sh

# snap_json DISK: the JSON object of the snapshot whose disk is DISK.
snap_json() {
	lvss --json snapshots | tr '{' '\n' | grep "\"disk\":\"${1#/dev/}\"" || :
}

# snap_field DISK KEY: a string or integer field of that snapshot.
snap_field() {
	snap_json "$1" | sed -n "s/.*\"$2\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p"
}

# expect_failed DISK ERRNO REASON WHAT: the snapshot is FAILED with error
# ERRNO and a message containing REASON, in JSON and in the text table,
# and reading it fails.
expect_failed() {
	expect_eq "$(snap_field "$1" state)" failed "$4: state"
	expect_eq "$(snap_field "$1" error)" "$2" "$4: errno"
	expect_contains "$(snap_field "$1" error_msg)" "$3" "$4: error_msg"
	run lvss snapshots
	expect_contains "$(echo "$OUT" | grep -w "${1#/dev/}")" "$3" "$4: 'lvss snapshots' row"
	run /usr/bin/dd if="$1" of=/dev/null bs=64K count=1 iflag=direct
	[ "$RC" -ne 0 ] || fail "$4: reading the failed snapshot $1 succeeded"
	expect_contains "$ERR" "Input/output error" "$4: read error"
}

# dm_swap NAME TABLE: replace a live dm device's table (suspend, reload,
# resume), as an admin swapping a disk's mapping under a running system.
dm_swap() {
	/usr/sbin/dmsetup suspend "$1" || fail "dmsetup suspend $1"
	/usr/sbin/dmsetup reload "$1" --table "$2" || fail "dmsetup reload $1: $2"
	/usr/sbin/dmsetup resume "$1" || fail "dmsetup resume $1"
}

# reader_start DEV: reads DEV in a loop (errors ignored) until reader_stop;
# fails the case if the reader died early (a read that hangs shows as a
# hung task and a timeout).
READER=
reader_start() {
	(while :; do
		/usr/bin/dd if="$1" of=/dev/null bs=64K iflag=direct status=none 2>/dev/null || :
	done) &
	READER=$!
}

reader_stop() {
	[ -n "$READER" ] || return 0
	kill "$READER" 2>/dev/null || fail "the snapshot reader died early"
	wait "$READER" 2>/dev/null || :
	READER=
}
