#!/bin/sh
# make test: every test layer, in order, with one summary at the end.
#   userspace unit tests (plain, then ASan+UBSan) -> host fuzz targets over
#   their corpora -> static checks ->
#   DKMS builds -> KUnit (UML) -> VM harness self-test -> VM suite per kernel
#   -> a 5-cycle smoke of make soak
# Each step prints TAP and its own "N passed, N failed" line; a step that
# exits non-zero without counting a failure counts as one failure. The VM
# suites of the two kernels run side by side (one TCG vCPU thread each).
# LVSS_TEST_ONLY="step ..." runs a subset (names as printed below).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/tests/out
mkdir -p "$out"
total_pass=0 total_fail=0 total_skip=0 failed_steps=""

# step_start NAME COMMAND...: runs a step in the background, output to its log.
step_start() {
	name=$1
	shift
	case " ${LVSS_TEST_ONLY:-$name} " in *" $name "*) ;; *) return 0 ;; esac
	echo "=== $name: $*"
	"$@" >"$out/step-$name.log" 2>&1 &
	eval "pid_$(echo "$name" | tr -c 'a-zA-Z0-9\n' _)=\$!"
	eval "start_$(echo "$name" | tr -c 'a-zA-Z0-9\n' _)=$(date +%s)"
	started="$started $name"
}

# step_finish NAME: waits for the step, shows its log, adds up its counts.
step_finish() {
	name=$1
	case " $started " in *" $name "*) ;; *) return 0 ;; esac
	var=$(echo "$name" | tr -c 'a-zA-Z0-9\n' _)
	eval "pid=\$pid_$var start=\$start_$var"
	log=$out/step-$name.log
	rc=0
	wait "$pid" || rc=$?
	cat "$log"
	summary=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(echo "$summary" | sed -nE 's/.*\b([0-9]+) passed.*/\1/p')
	f=$(echo "$summary" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')
	s=$(echo "$summary" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	p=${p:-0} f=${f:-0} s=${s:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	if [ -z "$summary" ] && [ "$rc" -eq 0 ]; then
		p=1
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
	[ "$f" -eq 0 ] || failed_steps="$failed_steps $name"
	echo "=== $name: $p passed, $f failed, $s skipped ($(($(date +%s) - start)) s, exit $rc, log $log)"
}

run_step() { # run_step NAME COMMAND...: one step in the foreground
	step_start "$@"
	step_finish "$1"
}

started=
run_step user-unit make -s -C "$root/user" test
run_step user-unit-san make -s -C "$root/user" SAN=1 test
run_step tools-unit make -s -C "$root/tests/tools" test
run_step tools-unit-san make -s -C "$root/tests/tools" SAN=1 test
run_step nlcheck-unit make -s -C "$root/tests/nlcheck" test
# lvss-nlfuzz's generators offline, and the libFuzzer targets over their
# corpora (seconds; tests/fuzz/README.md).
run_step nlfuzz-unit make -s -C "$root/tests/fuzz" SAN=1 test
run_step fuzz-regress make -s -C "$root/tests/fuzz" regress
run_step check "$root/scripts/check.sh"
run_step dkms "$root/tests/dkms/run.sh"
run_step kunit "$root/tests/kunit/run.sh"
run_step vm-selftest "$root/tests/vm/selftest.sh"
# One qemu (single-threaded TCG) per core: both kernels at once.
kvers=$("$root/scripts/test-kvers.sh")
for kver in $kvers; do
	step_start "vm-$kver" "$root/tests/vm/run.sh" --kver "$kver"
done
for kver in $kvers; do
	step_finish "vm-$kver"
done
# A smoke of make soak (tests/soak/): 5 cycles on the first test kernel.
run_step soak-smoke "$root/tests/soak/run.sh" --cycles 5 --kver "$(echo "$kvers" | head -n 1)" \
	--out "$out/soak-smoke"

[ -z "$failed_steps" ] || echo "failed steps:$failed_steps"
if [ "$total_skip" -gt 0 ]; then
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
	echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" -eq 0 ]
