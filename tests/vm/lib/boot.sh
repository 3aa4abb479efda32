#!/bin/bash
# Usage: boot.sh BUDGET CONSOLE RESULTS QEMULOG QEMU-COMMAND...
# Run one guest boot under 'timeout BUDGET' and stream what the guest writes
# to its results port (ttyS1) to stdout as it arrives. The first line is
# 'QEMU-PID<TAB>pid' (so the caller can stop a stalled boot), the last one
# 'QEMU-EXIT<TAB>status<TAB>milliseconds'; 124 means the budget ran out.
# The console (ttyS0) is appended to CONSOLE.
set -eu -o pipefail

budget=$1
console=$2
results=$3
qlog=$4
shift 4

: >"$results"
start=$(date +%s%N)
timeout -k 10 "$budget" "$@" \
	-chardev "file,id=con,path=$console,append=on" -serial chardev:con \
	-chardev "file,id=res,path=$results" -serial chardev:res \
	</dev/null >"$qlog" 2>&1 &
qpid=$!
# timeout(1) runs qemu in its own process group, out of reach of the
# terminal's ^C: stop it ourselves whenever we go away.
trap 'kill "$qpid" 2>/dev/null || :' EXIT
trap 'exit 130' INT TERM
printf 'QEMU-PID\t%s\n' "$qpid"
# --pid: tail reads what is left once qemu is gone, then ends.
tail -n +1 -s 0.2 -F --pid="$qpid" "$results" 2>/dev/null || :
# tail also ends when our reader has gone away: then qemu must go too.
kill "$qpid" 2>/dev/null || :
rc=0
wait "$qpid" || rc=$?
trap - EXIT
end=$(date +%s%N)
printf 'QEMU-EXIT\t%s\t%s\n' "$rc" "$(((end - start) / 1000000))"
