#!/bin/bash
# CPU cost of copy-on-write (issue 3): one guest boot per kernel under
# qemu -icount (copy/010-copy.sh), the kernels side by side (each guest
# is one host thread). Prints the report on stdout and writes
# tests/out/bench/copy-<kver>.txt; the harness's output goes to
# tests/out/bench/copy-<kver>-vm/. Exit 1 if a run failed; the figures
# are reported, never judged. The figures count instructions, so a busy
# host changes only how long this takes (about 10 minutes).
set -eu -o pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/../.." && pwd)
# shellcheck source=args.sh
. "$BENCH_DIR/args.sh"
# -icount wants single-threaded TCG; 6.1 hangs bringing up a second CPU
# under it, so one CPU.
export LVSS_VM_TCG_THREAD=single LVSS_VM_ICOUNT=1 LVSS_VM_APPEND="maxcpus=1"

t0=$SECONDS
load0=$(cut -d' ' -f1 /proc/loadavg)
pids=()
for kver in "${kvers[@]}"; do
	vm=$out/copy-$kver-vm
	rm -rf "$vm"
	mkdir -p "$vm"
	echo "bench-copy: $kver: booting (log: $vm/run.log)" >&2
	"$ROOT/tests/vm/run.sh" --kver "$kver" --cases "$BENCH_DIR/copy" --out "$vm" \
		>"$vm/run.log" 2>&1 &
	pids+=($!)
done
failed=()
for i in "${!kvers[@]}"; do
	rc=0
	wait "${pids[$i]}" || rc=$?
	kver=${kvers[$i]}
	vm=$out/copy-$kver-vm
	log=$vm/logs/010-copy.log
	load="$load0 / $(cut -d' ' -f1 /proc/loadavg) ($(nproc) CPUs)"
	{
		if [ -f "$log" ]; then
			awk -v kver="$kver" -v load="$load" -f "$BENCH_DIR/copy.awk" "$log"
		else
			echo "lvss copy-on-write CPU cost, Linux $kver: no results (the case did not run)"
		fi
		if [ "$rc" -ne 0 ]; then
			echo
			echo "THE RUN FAILED; logs: $vm/"
			grep -E '^not ok|^# ' "$vm/run.log" | head -n 40 | sed 's/^/  /' || :
		fi
	} >"$out/copy-$kver.txt"
	[ "$rc" -eq 0 ] || failed+=("$kver")
	cat "$out/copy-$kver.txt"
	echo
done
echo "bench-copy: $((SECONDS - t0)) s; results in $out/copy-<kver>.txt"
if [ "${#failed[@]}" -gt 0 ]; then
	echo "bench-copy: FAILED on ${failed[*]}" >&2
	exit 1
fi
