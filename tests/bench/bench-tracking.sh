#!/bin/bash
# Tracking-only overhead benchmark (issue 4), one guest boot per kernel,
# the kernels side by side (each guest is one host thread). Prints the
# report on stdout and writes tests/out/bench/tracking-<kver>.txt; the
# harness's output goes to tests/out/bench/tracking-<kver>-vm/. Exit 1 if
# a run failed; the figures are reported, never judged.
set -eu -o pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/../.." && pwd)
KVERS_DEFAULT="6.1.0-56-amd64 6.12.117+deb12-amd64"

usage() {
	cat <<EOF
usage: tests/bench/bench-tracking.sh [--kver V]... [--out DIR]
  --kver V    kernel to run on (repeatable; default: $KVERS_DEFAULT)
  --out DIR   where results go (default: tests/out/bench)
EOF
}

kvers=()
out=$ROOT/tests/out/bench
while [ "$#" -gt 0 ]; do
	case $1 in
	--kver) kvers+=("${2:?--kver needs a value}") && shift 2 ;;
	--out) out=${2:?--out needs a value} && shift 2 ;;
	-h | --help) usage && exit 0 ;;
	*) usage >&2 && exit 2 ;;
	esac
done
# shellcheck disable=SC2206 # a list of words
[ "${#kvers[@]}" -gt 0 ] || kvers=($KVERS_DEFAULT)
mkdir -p "$out"
out=$(realpath "$out")
# Each x slice registers the ftrace hook anew: single-threaded TCG only
# (/work/shared/notes/vm-testing.md).
export LVSS_VM_TCG_THREAD=single

t0=$SECONDS
load0=$(cut -d' ' -f1 /proc/loadavg)
pids=()
for kver in "${kvers[@]}"; do
	vm=$out/tracking-$kver-vm
	mkdir -p "$vm"
	echo "bench-tracking: $kver: booting (log: $vm/run.log)" >&2
	"$ROOT/tests/vm/run.sh" --kver "$kver" --cases "$BENCH_DIR/tracking" --out "$vm" \
		>"$vm/run.log" 2>&1 &
	pids+=($!)
done
failed=()
for i in "${!kvers[@]}"; do
	rc=0
	wait "${pids[$i]}" || rc=$?
	kver=${kvers[$i]}
	vm=$out/tracking-$kver-vm
	log=$vm/logs/010-tracking.log
	load="$load0 / $(cut -d' ' -f1 /proc/loadavg) ($(nproc) CPUs)"
	{
		if [ -f "$log" ]; then
			awk -v kver="$kver" -v load="$load" -f "$BENCH_DIR/tracking.awk" "$log"
		else
			echo "lvss tracking-only overhead, Linux $kver: no results (the case did not run)"
		fi
		if [ "$rc" -ne 0 ]; then
			echo
			echo "THE RUN FAILED (tests/vm/run.sh exit $rc); logs: $vm/"
			grep -E '^not ok|^# ' "$vm/run.log" | head -n 40 | sed 's/^/  /' || :
		fi
	} >"$out/tracking-$kver.txt"
	[ "$rc" -eq 0 ] || failed+=("$kver")
	cat "$out/tracking-$kver.txt"
	echo
done
echo "bench-tracking: $((SECONDS - t0)) s; results in $out/tracking-<kver>.txt"
if [ "${#failed[@]}" -gt 0 ]; then
	echo "bench-tracking: FAILED on ${failed[*]}" >&2
	exit 1
fi
