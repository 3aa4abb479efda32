#!/bin/bash
# Usage: tests/vm/selftest.sh [--kver V]
# Test the VM harness itself, without lvss: run.sh must fail a case that
# makes the kernel WARN, fail a case that outlives its timeout and go on,
# fail a failing case and show its output, skip a skipping case, pass the
# passing ones, split disks over boots, and neither hang on a guest that
# stops making progress nor wait out its budget when the guest panics.
# Prints TAP for these assertions and 'N passed, N failed'.
# shellcheck source-path=SCRIPTDIR
set -eu -o pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/tap.sh
. "$VM_DIR/lib/tap.sh"

kver=
case ${1:-} in
--kver) kver=${2:?--kver needs a value} ;;
'') ;;
*) die "usage: selftest.sh [--kver V]" ;;
esac
[ -n "$kver" ] || kver=$("$ROOT/scripts/default-kver.sh")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The WARN module, built out of tree against the guest kernel's headers.
mkdir -p "$tmp/warnmod"
cp "$VM_DIR/warnmod/lvss_test_warn.c" "$VM_DIR/warnmod/Kbuild" "$tmp/warnmod/"
if ! make -C "/lib/modules/$kver/build" M="$tmp/warnmod" modules >"$tmp/warnmod.log" 2>&1; then
	tap_result fail "selftest: build lvss_test_warn.ko for $kver"
	tap_diag <"$tmp/warnmod.log"
	tap_end
	exit 1
fi
tap_result pass "selftest: build lvss_test_warn.ko for $kver"

# run_harness NAME ARGS...: run.sh in the background; its TAP goes to
# $tmp/NAME.tap, its exit status and wall seconds to $tmp/NAME.rc/.secs.
run_harness() {
	local name=$1
	shift
	(
		start=$SECONDS
		rc=0
		"$VM_DIR/run.sh" --kver "$kver" --no-lvss --cases "$VM_DIR/selftest-cases" \
			--out "$tmp/out-$name" "$@" >"$tmp/$name.tap" 2>"$tmp/$name.err" || rc=$?
		echo "$rc" >"$tmp/$name.rc"
		echo $((SECONDS - start)) >"$tmp/$name.secs"
	) &
}

# Three runs in parallel: each guest is single-threaded TCG, and together
# they take about as long as the slowest (the hang, ~50 s).
LVSS_VM_MAX_DISKS=1 run_harness main --filter '[1-6]*' \
	--extra-ko "$tmp/warnmod/lvss_test_warn.ko"
run_harness hang --filter '8*' --timeout 40
run_harness crash --filter '9*'
wait

# expect NAME 'DESCRIPTION' EXTENDED-REGEX: a line of run NAME's TAP matches.
expect() {
	if grep -qE -- "$3" "$tmp/$1.tap"; then
		tap_result pass "selftest: $2"
	else
		tap_result fail "selftest: $2" "no line of the $1 run matches: $3"
		failed_runs+=" $1"
	fi
}

# expect_rc NAME: the run failed with status 1 (not 0, not a usage error).
expect_rc() {
	local rc
	rc=$(cat "$tmp/$1.rc")
	if [ "$rc" = 1 ]; then
		tap_result pass "selftest: $1 run exits 1"
	else
		tap_result fail "selftest: $1 run exits 1" "it exited $rc"
		failed_runs+=" $1"
	fi
}

# expect_fast NAME SECONDS: the run ended within SECONDS.
expect_fast() {
	local secs
	secs=$(cat "$tmp/$1.secs")
	if [ "$secs" -le "$2" ]; then
		tap_result pass "selftest: $1 run ends in time ($secs s <= $2 s)"
	else
		tap_result fail "selftest: $1 run ends in time" "it took $secs s, limit $2 s"
	fi
}

k=${kver//./\\.}
k=${k//+/\\+}
failed_runs=
expect_rc main
expect main "passing case is ok" "^ok [0-9]+ - $k 10-pass-disk$"
expect main "case in a second boot with its own disk is ok" "^ok [0-9]+ - $k 11-pass-disk$"
expect main "disks split over two boots" "^# boot 2/2: "
expect main "failing case is not ok" "^not ok [0-9]+ - $k 20-fail$"
expect main "failing case's output is shown" "^# selftest-visible-output$"
expect main "skipping case is a skip with its reason" \
	"^ok [0-9]+ - $k 30-skip # SKIP selftest deliberate skip$"
expect main "WARN during a case fails it" "^not ok [0-9]+ - $k 40-warn$"
expect main "the WARN is named" "^# kernel log: .*WARNING.*lvss_test_warn"
expect main "timed-out case is not ok" "^not ok [0-9]+ - $k 50-timeout$"
expect main "timeout is named" "^# timed out after 5 s$"
expect main "the boot goes on after a timeout" "^ok [0-9]+ - $k 60-pass$"
expect main "host log scan catches the WARN" "^not ok [0-9]+ - $k kernel log clean \(boot 2/2\)$"
expect main "clean boot's log passes" "^ok [0-9]+ - $k kernel log clean \(boot 1/2\)$"
expect main "summary line" "^4 passed, 4 failed, 1 skipped$"

expect_rc hang
expect hang "stalled boot is reported" "^not ok [0-9]+ - $k boot/run timed out"
expect hang "stalled case is not ok" "^not ok [0-9]+ - $k 80-hang$"
expect hang "case after the stall is not ok" "^not ok [0-9]+ - $k 81-after-hang$"
# Its qemu budget is 40 s; room on top for the build on a busy host.
expect_fast hang 100

expect_rc crash
expect crash "panicked boot is reported" "^not ok [0-9]+ - $k boot/run crashed"
expect crash "the crash is pinned on its case" "^# the guest crashed or hung while running it$"
expect crash "case after the crash is not ok" "^not ok [0-9]+ - $k 91-after-crash$"
# Far below its default budget (360 s): the panic ended the boot at once.
expect_fast crash 150

for r in $(tr ' ' '\n' <<<"$failed_runs" | sort -u); do
	tap_diag "--- output of the $r run:"
	tap_diag <"$tmp/$r.tap"
	tap_diag <"$tmp/$r.err"
done
tap_end
[ "$TAP_FAIL" -eq 0 ]
