# Fuzzed control input: lvss-nlfuzz (tests/fuzz) sends random and mutated
# lvss generic netlink requests (random commands, wrong types and lengths,
# bad nesting, missing attributes, edge values, lying headers, dumps with
# small receive buffers) from two processes, interleaved with valid
# sequences on two scratch disks (attach, memory and block-device stores,
# takes, deletes, CBT queries, writes to the origins, reads of the
# snapshots), for lvss_fuzz_seconds (default 60; `make fuzz-kernel` passes
# 600 on the kernel command line to the debug kernel). Then:
#  - the fuzzer ran: it sent requests, no worker hung or died, and the
#    valid sequences reached deep states (attach, store, take, delete and
#    a CBT dump each succeeded at least once);
#  - nothing is left behind, and the module still works: a disk the
#    fuzzer used is attached again, snapshotted under oracle writers, the
#    snapshot verified block by block, and the origin too.
# lvss_fuzz_failslab=PERCENT (`FUZZ_FAILSLAB=5 make fuzz-kernel`) also
# fails that share of the fuzzer workers' slab allocations (failslab,
# task-filter), so the handlers' error paths run; the case skips where the
# kernel has no failslab (Debian's), and fails if no failure was injected.
# Meanwhile a block-device store on two more disks (pin, pinstore) keeps
# lvss's bioset, and so its bio slab, alive: a failure injected into the
# kmem_cache_create() that the first bioset_init() makes would leak in
# 6.1's own error path (mm/slub.c sysfs_slab_add() returns without
# kobject_put()), which kmemleak blames on lvss.
# Any kernel report during the run fails the case (the harness).
# lvss-disks: 3x64M 2x16M
# lvss-timeout: 300
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh

need_disks 5
# shellcheck disable=SC2086 # one word per disk
set -- $LVSS_DISKS
d1=$1 d2=$2 store=$3 pin=$4 pinstore=$5
fuzz=/usr/local/bin/lvss-nlfuzz
[ -x "$fuzz" ] || fail "$fuzz is missing: build it with 'make -C tests/fuzz'"
fs=/sys/kernel/debug/failslab
failslab=${lvss_fuzz_failslab:-0}
failslab_off() {
	[ "$failslab" = 0 ] || { echo 0 >"$fs/probability"; } 2>/dev/null || :
}
cleanup() {
	failslab_off
	oracle_writers_stop 2>/dev/null || :
	delete_all_snapshots
	for d in $d1 $d2 $pin; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT

# The kernel command line hands lvss_fuzz_* to init, and so to the case.
seconds=${lvss_fuzz_seconds:-60}
seed=${lvss_fuzz_seed:-$(($(date +%s) % 1000000007))}
inject=
budget=100000000
if [ "$failslab" != 0 ]; then
	[ -d "$fs" ] || skip "lvss_fuzz_failslab needs failslab (CONFIG_FAILSLAB, debugfs): the debug kernel has it"
	lvss attach "$pin" >/dev/null || fail "attach $pin"
	lvss store add "$pin" --device "$pinstore" >/dev/null || fail "store add $pin --device $pinstore"
	echo "$failslab" >"$fs/probability"
	echo 1 >"$fs/interval"
	echo "$budget" >"$fs/times"
	echo 0 >"$fs/space"
	echo 0 >"$fs/verbose"
	echo Y >"$fs/task-filter"
	echo N >"$fs/ignore-gfp-wait"
	inject=--fail-slab
	echo "failslab: $failslab % of the workers' slab allocations fail"
fi
echo "fuzzing for $seconds s, seed $seed"
run "$fuzz" --duration "$seconds" --seed "$seed" --procs 2 \
	--disk "$d1" --disk "$d2" --store-dev "$store" $inject
if [ "$failslab" != 0 ]; then
	failslab_off
	injected=$((budget - $(cat "$fs/times")))
	echo "failslab: $injected allocations failed"
	[ "$injected" -gt 0 ] || fail "failslab was on, yet no allocation failed"
	lvss detach "$pin" >/dev/null || fail "detach $pin"
fi
expect_eq "$RC" 0 "lvss-nlfuzz exit status (seed $seed)"
result=$(echo "$OUT" | grep '^RESULT ') || fail "lvss-nlfuzz printed no RESULT line"
# field NAME: a number from the RESULT line.
field() {
	echo "$result" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
for f in sent answered valid_ok attach_ok store_ok take_ok delete_ok cbt_changes_ok; do
	v=$(field "$f")
	[ -n "$v" ] || fail "RESULT has no $f: $result"
	[ "$v" -gt 0 ] || fail "the fuzzer never got $f above 0 (seed $seed): it did not reach that state: $result"
done
expect_eq "$(field broken)" 0 "sockets the fuzzer lost"
[ "$(field sent)" -ge $((seconds * 2)) ] ||
	fail "only $(field sent) requests in $seconds s: the fuzzer was mostly waiting"

# Whatever the fuzzer attached (a snapshot disk, say) and left is detached
# here, by the path the module reports; then nothing may remain.
delete_all_snapshots
for p in $(lvss --json devices | tr '{' '\n' | sed -n 's/.*"device":"\([^"]*\)".*/\1/p'); do
	echo "left attached by the fuzzer: $p"
	lvss detach "$p" >/dev/null || fail "detach $p, left by the fuzzer"
done
run lvss status
expect_eq "$RC" 0 "lvss status after the fuzzer"
expect_contains "$OUT" "devices: 0" "devices after the cleanup"
expect_contains "$OUT" "snapshots: 0" "snapshots after the cleanup"

# The module still does its job on a disk the fuzzer used.
oracle_fill "$d1"
lvss attach "$d1" >/dev/null || fail "attach $d1 after the fuzzer"
lvss store add "$d1" --memory 80M >/dev/null || fail "store add after the fuzzer"
oracle_writers_start "$d1"
oracle_take "$d1"
snap=$SNAP_DISKS t1=$T1 t2=$T2
sleep 2
oracle_writers_stop
oracle_verify "$snap" "$t1" "$t2" "snapshot after the fuzzer"
oracle_verify_origin "$d1"
for id in $SNAP_IDS; do
	lvss snapshot delete "$id" >/dev/null || fail "delete snapshot $id"
done
lvss detach "$d1" >/dev/null || fail "detach $d1"
