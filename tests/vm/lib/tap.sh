# TAP output for the VM harness (sourced): numbered results, '#'
# diagnostics, the plan at the end and a one-line summary. TAP_QUIET=1
# (the demo) prints only failures and the summary.
# shellcheck shell=bash

TAP_QUIET=${TAP_QUIET:-0}

TAP_N=0
TAP_PASS=0
TAP_FAIL=0
TAP_SKIP=0

# tap_result pass|fail|skip NAME [REASON]
tap_result() {
	TAP_N=$((TAP_N + 1))
	case $1 in
	pass)
		TAP_PASS=$((TAP_PASS + 1))
		[ "$TAP_QUIET" = 1 ] || echo "ok $TAP_N - $2"
		;;
	skip)
		TAP_SKIP=$((TAP_SKIP + 1))
		[ "$TAP_QUIET" = 1 ] || echo "ok $TAP_N - $2 # SKIP ${3:-}"
		;;
	*)
		TAP_FAIL=$((TAP_FAIL + 1))
		echo "not ok $TAP_N - $2"
		[ -z "${3:-}" ] || tap_diag "$3"
		;;
	esac
}

# tap_diag LINE...: or, with no argument, every line of stdin.
tap_diag() {
	local l
	if [ "$#" -gt 0 ]; then
		for l in "$@"; do
			echo "# $l"
		done
	else
		while IFS= read -r l; do
			echo "# $l"
		done
	fi
}

tap_end() {
	[ "$TAP_QUIET" = 1 ] || echo "1..$TAP_N"
	if [ "$TAP_SKIP" -gt 0 ]; then
		echo "$TAP_PASS passed, $TAP_FAIL failed, $TAP_SKIP skipped"
	else
		echo "$TAP_PASS passed, $TAP_FAIL failed"
	fi
}
