#!/bin/bash
# Quick benchmark of lvss against no snapshot and dm-snapshot, one guest
# boot per kernel (tests/bench/README.md). Prints the summary on stdout and
# writes tests/out/bench/<kver>.{txt,tsv,json}; the harness's own output
# goes to tests/out/bench/<kver>-vm/. Exit 1 if a run failed (errors, a
# failed snapshot, a bad kernel log); the figures are reported, never judged.
set -eu -o pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/../.." && pwd)
BENCH_ENV_HELP="environment: LVSS_VM_TCG_THREAD (default here: multi), LVSS_VM_ACCEL"
# shellcheck source=args.sh
. "$BENCH_DIR/args.sh"

# The hook is registered once per boot, so multi-threaded TCG is safe here
# (/work/shared/notes/vm-testing.md) and twice as fast on 2 cores.
export LVSS_VM_TCG_THREAD=${LVSS_VM_TCG_THREAD:-multi}
patterns=$(grep -v -e '^#' -e '^$' "$ROOT/tests/vm/kernel-log-patterns")

# The three 2 GiB disks go on tmpfs where it has room for them (and some
# to spare): on the host's filesystem their writes pile up as dirty pages,
# and once the host's writeback throttles them the guest's "disk" is the
# host's real disk, shared and far from memory speed.
SHM_NEED_KB=$((8 * 1024 * 1024))
disk_args=()
backing="files on the host's filesystem ($out)"
if [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -ge "$SHM_NEED_KB" ] 2>/dev/null; then
	shm=$(mktemp -d /dev/shm/lvss-bench.XXXXXX)
	trap 'rm -rf "$shm"' EXIT
	disk_args=(--disk-dir "$shm")
	backing="files on tmpfs (/dev/shm)"
fi

failed=()
summaries=()
t0=$SECONDS
for kver in "${kvers[@]}"; do
	vm=$out/$kver-vm
	mkdir -p "$vm"
	echo "bench-quick: $kver: building and booting (about 15 minutes; log: $vm/run.log)" >&2
	rc=0
	load0=$(cut -d' ' -f1 /proc/loadavg)
	# Progress on stderr: the harness's TAP, which is short.
	"$ROOT/tests/vm/run.sh" --kver "$kver" --cases "$BENCH_DIR/cases" --out "$vm" \
		"${disk_args[@]}" 2>&1 |
		tee "$vm/run.log" | sed 's/^/  /' >&2 || rc=$?
	load="$load0 / $(cut -d' ' -f1 /proc/loadavg) ($(nproc) CPUs)"
	log=$vm/logs/010-quick.log
	txt=$out/$kver.txt
	rm -f "$out/$kver.tsv" "$out/$kver.json"
	{
		if [ -f "$log" ]; then
			awk -v kver="$kver" -v load="$load" -v backing="$backing" -v tsv="$out/$kver.tsv" -v json="$out/$kver.json" \
				-f "$BENCH_DIR/report.awk" "$log"
		else
			echo "lvss quick benchmark, Linux $kver: no results (the case did not run)"
		fi
		if [ "$rc" -ne 0 ]; then
			echo
			echo "THE RUN FAILED (tests/vm/run.sh exit $rc):"
			grep -E '^not ok|^# ' "$vm/run.log" | head -n 40 | sed 's/^/  /' || :
			if [ -f "$log" ] && grep '^kernel:' "$log" | grep -qE "$patterns"; then
				echo "  kernel log of the benchmark case (first report):"
				grep '^kernel:' "$log" | grep -E -A 30 "$patterns" | head -n 40 | sed 's/^/    /'
			fi
			echo "  logs: $vm/ (console.log, logs/010-quick.log)"
		fi
	} >"$txt"
	[ "$rc" -eq 0 ] || failed+=("$kver")
	summaries+=("$txt")
	echo "bench-quick: $kver done ($((SECONDS - t0)) s so far): $txt" >&2
done

first=1
for s in "${summaries[@]}"; do
	[ "$first" = 1 ] || echo
	first=0
	cat "$s"
done
echo
echo "bench-quick: $((SECONDS - t0)) s; results in $out/<kver>.{txt,tsv,json}"
if [ "${#failed[@]}" -gt 0 ]; then
	echo "bench-quick: FAILED on ${failed[*]}" >&2
	exit 1
fi
