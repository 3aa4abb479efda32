#!/bin/bash
# Tracking-only overhead benchmark (issue 4), two guest boots per kernel
# (tracking/010-tracking.sh), the kernels side by side (each guest is one
# host thread). Prints the
# report on stdout and writes tests/out/bench/tracking-<kver>.txt; the
# harness's output goes to tests/out/bench/tracking-<kver>-{cpu,disk}-vm/. Exit 1 if
# a run failed; the figures are reported, never judged.
set -eu -o pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/../.." && pwd)
# shellcheck disable=SC2034 # read by args.sh
BENCH_ENV_HELP="  LVSS_BENCH_BOOTS='cpu disk' which boots to run (default both; 'cpu'
              alone gives the host-independent figures when the host is busy)"
# shellcheck source=args.sh
. "$BENCH_DIR/args.sh"
BOOTS=${LVSS_BENCH_BOOTS:-cpu disk}
for m in $BOOTS; do
	case $m in cpu | disk) ;; *)
		echo "bench-tracking: LVSS_BENCH_BOOTS: '$m' is not a boot; use cpu and/or disk" >&2
		exit 2
		;;
	esac
done
# Each x slice registers the ftrace hook anew: single-threaded TCG only
# (/work/shared/notes/vm-testing.md).
export LVSS_VM_TCG_THREAD=single

t0=$SECONDS
load0=$(cut -d' ' -f1 /proc/loadavg)
# Per kernel two boots, one after the other: 'cpu' counts instructions
# (qemu -icount; 6.1 hangs bringing up a second CPU under it, so one CPU),
# 'disk' runs in host time. The kernels run side by side.
boots() {
	local kver=$1 rc=0
	local vm=$out/tracking-$kver m
	for m in $BOOTS; do
		rm -rf "$vm-$m-vm"
		mkdir -p "$vm-$m-vm"
		if [ "$m" = cpu ]; then
			LVSS_VM_ICOUNT=1 LVSS_VM_APPEND="maxcpus=1 lvss_bench=cpu" \
				"$ROOT/tests/vm/run.sh" --kver "$kver" --cases "$BENCH_DIR/tracking" \
				--out "$vm-cpu-vm" >"$vm-cpu-vm/run.log" 2>&1 || rc=1
		else
			"$ROOT/tests/vm/run.sh" --kver "$kver" --cases "$BENCH_DIR/tracking" \
				--out "$vm-disk-vm" >"$vm-disk-vm/run.log" 2>&1 || rc=1
		fi
	done
	return "$rc"
}
pids=()
for kver in "${kvers[@]}"; do
	echo "bench-tracking: $kver: boots $BOOTS (logs: $out/tracking-$kver-{cpu,disk}-vm/)" >&2
	boots "$kver" &
	pids+=($!)
done
failed=()
for i in "${!kvers[@]}"; do
	rc=0
	wait "${pids[$i]}" || rc=$?
	kver=${kvers[$i]}
	logs=()
	for m in $BOOTS; do
		log=$out/tracking-$kver-$m-vm/logs/010-tracking.log
		[ ! -f "$log" ] || logs+=("$log")
	done
	load="$load0 / $(cut -d' ' -f1 /proc/loadavg) ($(nproc) CPUs)"
	{
		if [ "${#logs[@]}" -gt 0 ]; then
			awk -v kver="$kver" -v load="$load" -f "$BENCH_DIR/tracking.awk" "${logs[@]}"
		else
			echo "lvss tracking-only overhead, Linux $kver: no results (the case did not run)"
		fi
		if [ "$rc" -ne 0 ]; then
			echo
			echo "THE RUN FAILED; logs: $out/tracking-$kver-{cpu,disk}-vm/"
			cat "$out/tracking-$kver"-*-vm/run.log | grep -E '^not ok|^# ' | head -n 40 | sed 's/^/  /' || :
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
