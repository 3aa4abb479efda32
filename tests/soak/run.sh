#!/bin/bash
# make soak: the soak case (tests/soak/cases/010-soak.sh) in one guest boot
# per kernel, through the VM harness, then a summary per kernel: cycles,
# takes, oracle checks, bytes verified, mismatches (tests/soak/README.md).
# Exit 1 if a kernel's run failed or verified nothing.
set -eu -o pipefail

SOAK_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SOAK_DIR/../.." && pwd)
KVERS_DEFAULT="6.1.0-56-amd64 6.12.117+deb12-amd64"
# Seconds a cycle may take on the slowest kernel, plus a fixed margin.
SECONDS_PER_CYCLE=30

usage() {
	cat <<EOF
usage: tests/soak/run.sh [--cycles N] [--kver V]... [--debug | --kernel-root DIR] [--out DIR]
  --cycles N         snapshot/verify cycles per kernel (default 200)
  --kver V           kernel to run on (repeatable; default: $KVERS_DEFAULT)
  --debug            the debug kernel instead (KASAN, lockdep, kmemleak; built
                     or reused by tests/debug-kernel/build.sh), with its
                     timeout scale (5) and memory (2G) as make test-debug
  --kernel-root DIR  another kernel built outside the package manager
  --out DIR          where results go (default: tests/out/soak)
environment: as tests/vm/run.sh (LVSS_VM_TIMEOUT_SCALE, LVSS_VM_ACCEL, ...)
EOF
}

cycles=200
kvers=()
kroot=
debug=0
out=$ROOT/tests/out/soak
while [ "$#" -gt 0 ]; do
	case $1 in
	--cycles) cycles=${2:?--cycles needs a value} && shift 2 ;;
	--kver) kvers+=("${2:?--kver needs a value}") && shift 2 ;;
	--kernel-root) kroot=${2:?--kernel-root needs a value} && shift 2 ;;
	--debug) debug=1 && shift ;;
	--out) out=${2:?--out needs a value} && shift 2 ;;
	-h | --help) usage && exit 0 ;;
	*) usage >&2 && exit 2 ;;
	esac
done
[[ $cycles =~ ^[1-9][0-9]*$ ]] || { echo "soak: --cycles takes a positive number" >&2 && exit 2; }
if [ "$debug" = 1 ]; then
	kroot=$("$ROOT/tests/debug-kernel/build.sh")
	export LVSS_VM_TIMEOUT_SCALE=${LVSS_VM_TIMEOUT_SCALE:-5}
	export LVSS_VM_MEM=${LVSS_VM_MEM:-2G}
	export LVSS_VM_APPEND="kasan_multi_shot${LVSS_VM_APPEND:+ $LVSS_VM_APPEND}"
fi
# shellcheck disable=SC2206 # a list of words
[ -n "$kroot" ] || [ "${#kvers[@]}" -gt 0 ] || kvers=($KVERS_DEFAULT)
[ -z "$kroot" ] || kvers=("$(cat "$kroot/kver")")
mkdir -p "$out"
out=$(realpath "$out")

# The case, with this run's cycle count and a timeout to match.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/cases"
sed -e "s/^# lvss-timeout: .*/# lvss-timeout: $((60 + cycles * SECONDS_PER_CYCLE))/" \
	-e "s/^SOAK_CYCLES=.*/SOAK_CYCLES=$cycles/" \
	"$SOAK_DIR/cases/010-soak.sh" >"$stage/cases/010-soak.sh"

failed=()
summaries=()
t0=$SECONDS
for kver in "${kvers[@]}"; do
	vm=$out/$kver
	mkdir -p "$vm"
	echo "soak: $kver: $cycles cycles (log: $vm/run.log)" >&2
	args=(--cases "$stage/cases" --out "$vm")
	if [ -n "$kroot" ]; then
		args+=(--kernel-root "$kroot")
	else
		args+=(--kver "$kver")
	fi
	rc=0
	"$ROOT/tests/vm/run.sh" "${args[@]}" 2>&1 | tee "$vm/run.log" | sed 's/^/  /' >&2 || rc=$?
	log=$vm/logs/010-soak.log
	line=$(grep -h '^SOAK ' "$log" 2>/dev/null | tail -n 1 || :)
	verdict=passed
	if [ "$rc" -ne 0 ]; then
		verdict="FAILED (tests/vm/run.sh exit $rc; logs: $vm/)"
	elif [ -z "$line" ] || [[ $line =~ bytes_verified=0( |$) ]]; then
		verdict="FAILED (no summary, or nothing verified; logs: $vm/)"
		rc=1
	fi
	[ "$rc" -eq 0 ] || failed+=("$kver")
	summaries+=("$kver: ${line:-SOAK (no summary: the case did not run)} - $verdict")
	grep -h '^FAILED CHECK' "$log" 2>/dev/null | head -n 5 | sed "s/^/  $kver: /" >&2 || :
done

echo "soak summary ($((SECONDS - t0)) s):"
for s in "${summaries[@]}"; do
	echo "  $s"
done
if [ "${#failed[@]}" -gt 0 ]; then
	echo "soak: FAILED on ${failed[*]}"
	exit 1
fi
echo "soak: passed"
