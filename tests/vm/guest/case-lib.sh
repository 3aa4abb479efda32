# Helpers for VM test cases: '. "$LVSS_LIB"' at the top of a case.
# Cases run as 'sh -eu case.sh' under busybox; exit 0 passes, 77 skips.
# shellcheck shell=sh

# fail MSG: the last FAIL line becomes the reason in the TAP output.
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# skip MSG: for a missing capability, never for a wrong result.
skip() {
	echo "SKIP: $*"
	exit 77
}

# run CMD...: run CMD without tripping 'set -e'; leaves its exit status in
# RC and its output in OUT and ERR, and logs all three for the failure report.
run() {
	echo "+ $*"
	RC=0
	"$@" >"$LVSS_TMP/.run.out" 2>"$LVSS_TMP/.run.err" || RC=$?
	OUT=$(cat "$LVSS_TMP/.run.out")
	ERR=$(cat "$LVSS_TMP/.run.err")
	[ -z "$OUT" ] || printf '%s\n' "$OUT" | sed 's/^/  out: /'
	[ -z "$ERR" ] || printf '%s\n' "$ERR" | sed 's/^/  err: /'
	echo "  exit: $RC"
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# expect_contains HAYSTACK NEEDLE WHAT
expect_contains() {
	case $1 in
	*"$2"*) ;;
	*) fail "$3: '$2' not found in: $1" ;;
	esac
}

# as_nobody CMD...: run CMD as uid/gid 65534 with no capabilities.
as_nobody() {
	/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# need_disks N: the case's lvss-disks header must give it N disks.
need_disks() {
	# shellcheck disable=SC2086 # one word per disk
	set -- "$1" $LVSS_DISKS
	[ "$(($# - 1))" -ge "$1" ] || fail "need $1 scratch disks, got $(($# - 1))"
}

# delete_all_snapshots: for cleanup traps; ignores every error.
delete_all_snapshots() {
	for id in $(lvss --json snapshots 2>/dev/null | tr '{' '\n' |
		sed -n 's/.*"id":\([0-9]*\).*/\1/p'); do
		lvss snapshot delete "$id" >/dev/null 2>&1 || :
	done
}
