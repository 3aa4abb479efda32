# Kernel allocation failures (failslab, fail_page_alloc), scoped to the
# test's own tasks; needs a kernel with their debugfs knobs (the debug
# kernel, tests/debug-kernel), skips elsewhere.
# 1. Control path: every lvss command (status, attach, store add of memory
#    and of a device, take, delete, detach) run by lvss-failnth once per N
#    with its Nth allocation failing (/proc/thread-self/fail-nth), until it
#    completes without reaching N: each time the command either fails with
#    an error and changed nothing, or succeeded and did what it says.
# 2. I/O path: writer threads and a snapshot reader run with make-it-fail
#    (10 % of their slab and page allocations fail) for a few seconds in
#    each of 3 rounds (slab, pages, both). Writes may fail with an error;
#    the snapshot either stays active and is exactly the origin at its
#    instant (pattern oracle) or is FAILED with a reason and reads EIO;
#    the origin holds every write that succeeded. The harness fails the
#    case on any report (KASAN, lockdep, ...) and the boot's kmemleak scan
#    on any leak of lvss.
# lvss-disks: 2x64M
# lvss-timeout: 600
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh
# shellcheck source=../guest/fault-lib.sh
. /lvss/fault-lib.sh

need_disks 2
origin=$LVSS_DISK1
store=$LVSS_DISK2
slab=/sys/kernel/debug/failslab
page=/sys/kernel/debug/fail_page_alloc
for f in "$slab/task-filter" "$page/task-filter" /proc/self/fail-nth /proc/self/make-it-fail; do
	[ -e "$f" ] || skip "$f is missing: $LVSS_KVER has no fault injection (run it under the debug kernel)"
done
tool=/usr/local/bin/lvss-failnth
[ -x "$tool" ] || fail "$tool is missing: build it with 'make -C tests/failnth'"

faults_off() {
	echo 0 >"$slab/probability"
	echo 0 >"$page/probability"
}
cleanup() {
	faults_off 2>/dev/null || :
	oracle_writers_stop 2>/dev/null || :
	reader_stop 2>/dev/null || :
	delete_all_snapshots
	lvss detach "$origin" >/dev/null 2>&1 || :
}
trap cleanup EXIT

# Only tasks with make-it-fail, or a fail-nth, ever see a fault; allocations
# that may sleep are failed too (by default only atomic ones are).
for d in "$slab" "$page"; do
	echo 0 >"$d/probability"
	echo 1 >"$d/interval"
	echo -1 >"$d/times"
	echo 0 >"$d/space"
	echo Y >"$d/task-filter"
	echo N >"$d/ignore-gfp-wait"
	echo 1 >"$d/verbose"
done
# User pages (highmem-capable) stay out: a failed page fault is an OOM kill.
echo Y >"$page/ignore-gfp-highmem"
echo 0 >"$page/min-order"

echo "== 1: every command with its Nth allocation failing"
failed=
for cmd in status "attach $origin" "store-mem $origin 262144" \
	"store-dev $origin $store" "take $origin" "delete $origin" \
	"detach $origin"; do
	# shellcheck disable=SC2086 # the command's words
	run "$tool" --max 3000 $cmd
	summary=$(echo "$OUT" | tail -n 1)
	echo "== $cmd: $summary"
	case $summary in
	*" 0 faults injected"*) fail "$cmd: no fault was injected: the sweep proved nothing" ;;
	*"stopped at --max"*) fail "$cmd: the sweep did not finish within --max" ;;
	*"faults injected"*) ;;
	*) fail "$cmd: the sweep broke off (exit $RC): $ERR" ;;
	esac
	[ "$RC" -eq 0 ] || failed="$failed
  $cmd: $(echo "$OUT" | grep '^not ok' | head -n 5)"
done
[ -z "$failed" ] || fail "commands left the module inconsistent under allocation failures:$failed"
delete_all_snapshots
lvss detach "$origin" >/dev/null 2>&1 || :
expect_eq "$(lvss status | sed -n 's/^devices: //p')" 0 "devices after the sweeps"

echo "== 2: the I/O path with allocations failing"
# fault_writer REGION ID: oracle writers on REGION, restarted every 0.5 s
# (a failed write ends a writer) until $LVSS_TMP/stop; their threads --
# not the main thread, which writes the log -- run with make-it-fail.
fault_writer() {
	k=0
	while [ ! -e "$LVSS_TMP/stop" ]; do
		k=$((k + 1))
		log=$LVSS_TMP/fw-$2-$round-$k.log
		lvss-pattern write "$origin" --until-signal --threads 2 --direct \
			--region "$1" --gen-base $((($2 * 1000 + round * 100 + k) * 1000000)) \
			--writer-id "$2" --log "$log" --ready "$log.ready" 2>"$log.err" &
		pid=$!
		i=0
		while [ ! -e "$log.ready" ] && [ "$i" -lt 300 ] && kill -0 "$pid" 2>/dev/null; do
			sleep 0.1
			i=$((i + 1))
		done
		for t in /proc/"$pid"/task/*; do
			[ "${t##*/}" = "$pid" ] || echo 1 >"$t/make-it-fail" 2>/dev/null || :
		done
		sleep 0.5
		kill -TERM "$pid" 2>/dev/null || :
		rc=0
		wait "$pid" || rc=$?
		echo "$origin $log" >>"$LVSS_TMP/oracle-logs"
		# 0, or 1 for a failed write (ENOMEM); anything else is a crash.
		[ "$rc" -le 1 ] || { echo "writer $log exit $rc: $(cat "$log.err")" >"$LVSS_TMP/writer-crash"; return; }
		[ "$rc" -eq 0 ] || echo "writer $log: $(tail -n 2 "$log.err")"
	done
}
fault_reader() {
	while [ ! -e "$LVSS_TMP/stop" ]; do
		/usr/bin/dd if="$1" of=/dev/null bs=4K iflag=direct status=none 2>/dev/null &
		# Once it runs: a fault in exec only kills the child.
		sleep 0.5
		echo 1 >"/proc/$!/make-it-fail" 2>/dev/null || :
		wait "$!" || :
	done
}

nb=$(($(/usr/sbin/blockdev --getsize64 "$origin") / 4096))
oracle_fill "$origin"
lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" --chunk-size 16K >/dev/null
injected_before=$(dmesg | grep -c 'FAULT_INJECTION: forcing a failure' || :)
round=0
for knobs in "$slab" "$page" "$slab $page"; do
	round=$((round + 1))
	oracle_take "$origin"
	disk=$SNAP_DISKS t1=$T1 t2=$T2
	rm -f "$LVSS_TMP/stop" "$LVSS_TMP/writer-crash"
	for d in $knobs; do echo 10 >"$d/probability"; done
	fault_writer "0:$((nb / 2))" 1 &
	w1=$!
	fault_writer "$((nb / 2)):$((nb / 2))" 2 &
	w2=$!
	fault_reader "$disk" &
	r=$!
	sleep 4
	touch "$LVSS_TMP/stop"
	wait "$w1" "$w2" "$r" || :
	faults_off
	[ ! -e "$LVSS_TMP/writer-crash" ] || fail "round $round: $(cat "$LVSS_TMP/writer-crash")"
	state=$(snap_field "$disk" state)
	echo "round $round ($knobs): snapshot $state $(snap_field "$disk" error_msg)"
	case $state in
	active) oracle_verify "$disk" "$t1" "$t2" "round $round: snapshot under allocation failures" "$origin" ;;
	failed)
		err=$(snap_field "$disk" error)
		[ "${err:-0}" -ne 0 ] || fail "round $round: failed without an errno"
		expect_failed "$disk" "$err" "$(snap_field "$disk" error_msg)" "round $round"
		[ -n "$(snap_field "$disk" error_msg)" ] || fail "round $round: failed without a reason"
		;;
	*) fail "round $round: snapshot state '$state'" ;;
	esac
	oracle_verify_origin "$origin"
	delete_all_snapshots
done
injected=$(($(dmesg | grep -c 'FAULT_INJECTION: forcing a failure' || :) - injected_before))
echo "I/O path: $injected fault injections logged (rate-limited)"
[ "$injected" -gt 0 ] || fail "no fault was injected in the I/O path: the test proved nothing"
run lvss detach "$origin"
expect_eq "$RC" 0 "detach after the faults"
