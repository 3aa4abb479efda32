# CPU cost of copy-on-write (issue 3): first writes to a device with an
# lvss snapshot against the same writes to a twin device with nothing
# attached, in one boot, on null_blk without memory (every I/O completes
# in the submitter and costs nothing but CPU) in a guest whose clock
# counts executed instructions (qemu -icount, 1 CPU; bench-copy.sh): the
# figures are instructions, which the host's load cannot move, and show
# the engine's own cost per copied chunk with the disks taken away.
#
# Per workload and round, four slices: b (the twin), x (the origin, with
# a snapshot taken just before and deleted after, so every chunk is new
# to it), r (x's writes again with that snapshot still live: rewrites of
# preserved chunks) and t (the origin with its store but no live
# snapshot). The
# devices are 64 GiB, so a random 4 KiB write almost always lands in a
# chunk not yet copied and a sequential slice never wraps.
# Prints 'BENCH slice WORKLOAD ROUND b|x|r|t KIB MS',
# 'BENCH copies WORKLOAD ROUND N' and 'BENCH ios WORKLOAD ROUND LOADS
# STORES' (requests the origin read and the store wrote during x)
# records; copy.awk makes the report.
# lvss-timeout: 1500
# shellcheck source=../../vm/guest/case-lib.sh
. "$LVSS_LIB"

FIO=/usr/bin/fio
ROUNDS=4
T=1 # seconds of a slice (virtual: 10^9 instructions)
ERRORS=0

rec() {
	echo "BENCH $*"
}

error() {
	echo "FAIL: $*" >&2
	rec error "$*"
	ERRORS=$((ERRORS + 1))
}

O=/dev/nullb0 S=/dev/nullb1 B=/dev/nullb2
cleanup() {
	lvss detach "$O" >/dev/null 2>&1 || :
}
trap cleanup EXIT

/sbin/modprobe null_blk nr_devices=3 gb=64 bs=4096 irqmode=0 queue_mode=2 \
	memory_backed=0 || fail "modprobe null_blk"
for d in $O $S $B; do
	[ -b "$d" ] || fail "null_blk made no $d"
done
ENGINE=libaio
$FIO --enghelp 2>/dev/null | grep -qw libaio || ENGINE=psync
rec setup engine "$ENGINE" rounds "$ROUNDS" slice_s "$T" \
	cpus "$(grep -c ^processor /proc/cpuinfo)" kernel "$(uname -r)"

lvss attach "$O" >/dev/null || fail "attach $O"
lvss store add "$O" --device "$S" --chunk-size 64K >/dev/null || fail "store add"

# slice NAME WORKLOAD ROUND DEV RW BS QD: one fio run, its record.
# More fio arguments may follow (then they bound the slice, not $T); the
# slice's KiB go to KIB.
slice() {
	_name=$1 _w=$2 _r=$3 _dev=$4 _rw=$5 _bs=$6 _qd=$7
	shift 7
	[ "$#" -gt 0 ] || set -- --time_based --runtime="$T"
	KIB=0
	if ! $FIO --name="$_name" --filename="$_dev" --rw="$_rw" --bs="$_bs" --iodepth="$_qd" \
		--direct=1 --ioengine="$ENGINE" --randrepeat=0 --randseed=$((4242 + _r)) \
		"$@" --output-format=terse --terse-version=3 \
		>"$LVSS_TMP/fio.out" 2>"$LVSS_TMP/fio.err"; then
		cat "$LVSS_TMP/fio.err" >&2
		error "fio $_w round $_r slice $_name failed"
		return 0
	fi
	# terse v3: 5 error, 47 write KiB, 50 write ms
	awk -F';' -v w="$_w" -v r="$_r" -v o="$_name" 'NF >= 50 {
		if ($5 != 0 || $50 <= 0) { print "BENCH error", w, r, o, "fio error", $5; exit 1 }
		print "BENCH slice", w, r, o, $47, $50 }' "$LVSS_TMP/fio.out" ||
		ERRORS=$((ERRORS + 1))
	KIB=$(awk -F';' 'NF >= 50 { print $47 }' "$LVSS_TMP/fio.out")
}

copies() {
	lvss --json snapshots | sed -n 's/.*"copies":\([0-9]*\).*/\1/p' | head -n 1
}

# ios: the origin's read requests (the engine's loads: fio only writes)
# and the store's write requests, as "READS WRITES" (/sys/block/X/stat
# fields 1 and 5).
ios() {
	echo "$(awk '{ print $1 }' "/sys/block/${O#/dev/}/stat")" \
		"$(awk '{ print $5 }' "/sys/block/${S#/dev/}/stat")"
}

# Warm-up: TCG translates the paths on first use.
id=$(lvss --json snapshot take "$O" | sed -n 's/.*"snapshots":\[{"id":\([0-9]*\).*/\1/p')
[ -n "$id" ] || fail "snapshot take"
slice warm warm 0 "$O" randwrite 4k 16 >/dev/null
lvss snapshot delete "$id" >/dev/null || fail "snapshot delete"

r=1
while [ "$r" -le "$ROUNDS" ]; do
	for w in "seq-1m write 1M 8" "rand-4k randwrite 4k 16" "rand-4k-qd1 randwrite 4k 1"; do
		# shellcheck disable=SC2086 # four words
		set -- $w
		slice b "$1" "$r" "$B" "$2" "$3" "$4"
		id=$(lvss --json snapshot take "$O" | sed -n 's/.*"snapshots":\[{"id":\([0-9]*\).*/\1/p')
		[ -n "$id" ] || fail "snapshot take"
		c0=$(copies)
		# shellcheck disable=SC2046 # two numbers
		set -- "$@" $(ios)
		slice x "$1" "$r" "$O" "$2" "$3" "$4"
		c1=$(copies)
		# shellcheck disable=SC2046 # two numbers
		set -- "$@" $(ios)
		rec ios "$1" "$r" $(($7 - $5)) $(($8 - $6))
		# r: x's writes again, the snapshot still live: every chunk is
		# preserved (the same range, or the same random blocks).
		if [ "$2" = write ]; then
			slice r "$1" "$r" "$O" "$2" "$3" "$4" --size="${KIB}k" --time_based --runtime="$T"
		else
			slice r "$1" "$r" "$O" "$2" "$3" "$4" --number_ios=$((KIB / 4))
		fi
		c2=$(copies)
		[ "$c2" = "$c1" ] || error "$1 round $r: the rewrites copied $((c2 - c1)) chunk(s)"
		state=$(lvss --json snapshots | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p' | head -n 1)
		[ "$state" = active ] || error "$1 round $r: the snapshot is '$state', not active"
		rec copies "$1" "$r" $((c1 - c0))
		lvss snapshot delete "$id" >/dev/null || fail "snapshot delete"
		slice t "$1" "$r" "$O" "$2" "$3" "$4"
	done
	r=$((r + 1))
done
lvss detach "$O" >/dev/null || fail "detach $O"
[ "$ERRORS" -eq 0 ] || fail "$ERRORS error(s); see the BENCH error records"
