#!/bin/sh
# make fuzz-kernel: the netlink fuzzer case (tests/vm/cases/130-netlink-fuzz.sh)
# for FUZZ_SECONDS (default 600) under the debug kernel (KASAN, lockdep,
# kmemleak after rmmod: tests/debug-kernel/README.md), with seed FUZZ_SEED
# (default: the time) and FUZZ_FAILSLAB percent of the workers' slab
# allocations failing (default 0: none). Extra arguments go to
# tests/vm/run.sh. Prints TAP
# and "N passed, N failed" like the other VM runs.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${FUZZ_SECONDS:-600}
case $seconds in '' | *[!0-9]*) echo "FUZZ_SECONDS must be whole seconds" >&2; exit 2 ;; esac
# The case's own timeout (300 s) times the scale must hold the fuzzing and
# the checks after it on a kernel 5x slower than Debian's.
scale=$(((seconds + 900) / 300 + 1))
[ "$scale" -ge 5 ] || scale=5
export LVSS_VM_TIMEOUT_SCALE="${LVSS_VM_TIMEOUT_SCALE:-$scale}"
export LVSS_VM_APPEND="lvss_fuzz_seconds=$seconds${FUZZ_SEED:+ lvss_fuzz_seed=$FUZZ_SEED}${FUZZ_FAILSLAB:+ lvss_fuzz_failslab=$FUZZ_FAILSLAB}${LVSS_VM_APPEND:+ $LVSS_VM_APPEND}"
exec "$root/tests/debug-kernel/run.sh" --filter 130-netlink-fuzz "$@"
