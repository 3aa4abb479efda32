#!/bin/bash
# Usage: tests/debug-kernel/run.sh [tests/vm/run.sh options, e.g. --filter 0*]
# make test-debug: build the debug kernel (KASAN, lockdep, kmemleak, ...)
# or reuse it from the cache, then run the VM suite under it. Prints TAP
# and 'N passed, N failed' like the other steps; see README.md here.
# Environment: as for build.sh and tests/vm/run.sh; LVSS_VM_TIMEOUT_SCALE
# (default 5) and LVSS_VM_MEM (default 2G) are set for the slow kernel.
set -eu -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

t0=$SECONDS
if ! kroot=$("$HERE/build.sh" 2> >(sed 's/^/# /' >&2)); then
	echo "not ok 1 - build the debug kernel"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "# debug kernel $(cat "$kroot/kver") ready in $((SECONDS - t0)) s: $kroot ($(cat "$kroot/complete"))"

# KASAN + lockdep under single-threaded TCG: every case runs 3-5x slower.
export LVSS_VM_TIMEOUT_SCALE=${LVSS_VM_TIMEOUT_SCALE:-5}
# The races get twice their time: a debug kernel makes fewer rounds a second.
export LVSS_VM_RACE_SCALE=${LVSS_VM_RACE_SCALE:-2}
# KASAN's shadow takes an eighth of memory, kmemleak's metadata more.
export LVSS_VM_MEM=${LVSS_VM_MEM:-2G}
# Report every KASAN bug of the run, not only the first one.
export LVSS_VM_APPEND="kasan_multi_shot${LVSS_VM_APPEND:+ $LVSS_VM_APPEND}"
exec "$ROOT/tests/vm/run.sh" --kernel-root "$kroot" "$@"
