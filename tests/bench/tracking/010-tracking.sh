# Tracking-only overhead (issue 4: <= 3 % of origin write throughput):
# writes to a device with lvss attached (no store, no snapshot: the hook,
# the registry lookup, the in-flight count and the changed-block marks)
# against the same device with nothing attached, in the same boot.
#
# Each pair is a slice without lvss (b) and one with the device attached
# (x), in the order b x x b, so a linear drift cancels; each x slice
# attaches before it and detaches after it (fio exec_prerun /
# exec_postrun, outside the slice's timing), so the ftrace hook itself is
# in the figure too. That re-registers the hook per slice, which is only
# safe under single-threaded TCG (bench-tracking.sh sets it).
#
# Two modes, one per boot (bench-tracking.sh):
# - 'lvss_bench=cpu' on the kernel command line: null_blk without memory
#   (every I/O completes in the submitter: nothing but CPU, the largest
#   share of a write our code can ever be), in a guest whose clock counts
#   executed instructions (qemu -icount), so the host's load cannot move
#   the figures: the ratio is one of instructions per write. 4 rounds.
# - otherwise: a virtio disk (the emulated disk of the other benchmarks),
#   in host time, so its noise is the host's; 16 rounds.
# Workloads: 1 MiB sequential writes (qd 8), 4 KiB random writes (qd 16)
# and 4 KiB random writes at qd 1 (per-I/O cost, nothing overlaps it);
# 4 KiB random reads at qd 1 (what the hook costs an untracked read).
# Prints 'BENCH pair DEV WORKLOAD N B_KIB B_MS X_KIB X_MS' records;
# tracking.awk turns them into ratios.
# lvss-disks: 1x1G
# lvss-timeout: 1500
# shellcheck source=../../vm/guest/case-lib.sh
. "$LVSS_LIB"

need_disks 1
FIO=/usr/bin/fio
MODE=disk
ROUNDS=16 # each gives two pairs (b x x b)
if grep -qw lvss_bench=cpu /proc/cmdline; then
	MODE=cpu
	ROUNDS=4
fi
T=1                            # seconds of a slice
ERRORS=0

rec() {
	echo "BENCH $*"
}

error() {
	echo "FAIL: $*" >&2
	rec error "$*"
	ERRORS=$((ERRORS + 1))
}

cleanup() {
	lvss detach "$DEV" >/dev/null 2>&1 || :
}
trap cleanup EXIT

/sbin/modprobe null_blk nr_devices=1 gb=2 bs=4096 irqmode=0 queue_mode=2 \
	memory_backed=0 || fail "modprobe null_blk"
NULLB=/dev/nullb0
[ -b "$NULLB" ] || fail "null_blk made no $NULLB"
ENGINE=libaio
$FIO --enghelp 2>/dev/null | grep -qw libaio || ENGINE=psync
rec setup mode "$MODE" engine "$ENGINE" rounds "$ROUNDS" slice_s "$T" \
	cpus "$(grep -c ^processor /proc/cpuinfo)" kernel "$(uname -r)"

# The attach and detach each x slice runs around itself; a failure shows
# as a missing mark file.
cat >"$LVSS_TMP/attach.sh" <<EOS
#!/bin/sh
lvss attach "\$1" >/dev/null && touch "$LVSS_TMP/attached.\$2"
EOS
cat >"$LVSS_TMP/detach.sh" <<EOS
#!/bin/sh
lvss detach "\$1" >/dev/null && touch "$LVSS_TMP/detached.\$2"
EOS
chmod +x "$LVSS_TMP/attach.sh" "$LVSS_TMP/detach.sh"

# measure DEV NAME WORKLOAD RW BS QD: ROUNDS rounds of b x x b in one fio
# process (stonewall: one slice after the other).
measure() {
	_dev=$1 _name=$2 _w=$3 _rw=$4 _bs=$5 _qd=$6
	rm -f "$LVSS_TMP"/attached.* "$LVSS_TMP"/detached.*
	_args=
	_r=1
	while [ "$_r" -le "$ROUNDS" ]; do
		_a=$((2 * _r - 1)) _b=$((2 * _r))
		for _o in b$_a x$_a x$_b b$_b; do
			_args="$_args --name=$_o --stonewall --filename=$_dev --time_based --runtime=$T"
			_args="$_args --randseed=$((4242 + _r))"
			case $_o in x*)
				_args="$_args --exec_prerun=$LVSS_TMP/attach.sh\\ $_dev\\ $_o"
				_args="$_args --exec_postrun=$LVSS_TMP/detach.sh\\ $_dev\\ $_o"
				;;
			esac
		done
		_r=$((_r + 1))
	done
	# shellcheck disable=SC2086 # a list of words; '\ ' keeps a command whole
	if ! eval "$FIO --rw=$_rw --bs=$_bs --iodepth=$_qd --direct=1 --ioengine=$ENGINE \
		--randrepeat=0 --output-format=terse --terse-version=3 $_args" \
		>"$LVSS_TMP/fio.out" 2>"$LVSS_TMP/fio.err"; then
		cat "$LVSS_TMP/fio.err" >&2
		error "fio $_name $_w failed"
		return 0
	fi
	_n=$(find "$LVSS_TMP" -name 'attached.*' | wc -l)
	_m=$(find "$LVSS_TMP" -name 'detached.*' | wc -l)
	if [ "$_n" -ne $((2 * ROUNDS)) ] || [ "$_m" -ne $((2 * ROUNDS)) ]; then
		error "$_name $_w: $_n attaches and $_m detaches of $((2 * ROUNDS)) worked"
		return 0
	fi
	# terse v3: 3 job name, 5 error, 6/9 read KiB/ms, 47/50 write KiB/ms
	case $_rw in
	*read) awk -F';' 'NF >= 50 { print $3, $5, $6, $9 }' "$LVSS_TMP/fio.out" ;;
	*) awk -F';' 'NF >= 50 { print $3, $5, $47, $50 }' "$LVSS_TMP/fio.out" ;;
	esac >"$LVSS_TMP/fio.res"
	while read -r _o _err _kb _ms; do
		if [ "$_err" != 0 ] || [ "$_ms" -le 0 ]; then
			error "$_name $_w slice $_o: error $_err, $_kb KiB in $_ms ms"
			continue
		fi
		eval "KB_$_o=$_kb MS_$_o=$_ms"
	done <"$LVSS_TMP/fio.res"
	_p=1
	while [ "$_p" -le $((2 * ROUNDS)) ]; do
		eval "rec pair $_name $_w $_p \$KB_b$_p \$MS_b$_p \$KB_x$_p \$MS_x$_p"
		_p=$((_p + 1))
	done
}

# Warm-up: TCG translates the paths on first use, attached and not.
$FIO --name=warm --filename="$NULLB" --rw=randwrite --bs=4k --direct=1 \
	--time_based --runtime=2 --output-format=terse >/dev/null || fail "warm-up"
lvss attach "$NULLB" >/dev/null || fail "attach $NULLB"
$FIO --name=warm --filename="$NULLB" --rw=randwrite --bs=4k --direct=1 \
	--time_based --runtime=2 --output-format=terse >/dev/null || fail "warm-up"
lvss detach "$NULLB" >/dev/null || fail "detach $NULLB"

target="$LVSS_DISK1 virtio"
[ "$MODE" = disk ] || target="$NULLB nullb"
# shellcheck disable=SC2086 # two words
set -- $target
DEV=$1
measure "$1" "$2" seq-1m write 1M 8
measure "$1" "$2" rand-4k randwrite 4k 16
measure "$1" "$2" rand-4k-qd1 randwrite 4k 1
# Reads are not tracked: this is what the hook costs them.
measure "$1" "$2" read-4k-qd1 randread 4k 1

lvss attach "$NULLB" >/dev/null || fail "attach $NULLB"
_j=$(lvss --json devices)
rec cbt map_bytes "$(echo "$_j" | sed -n 's/.*"cbt_map_bytes":\([0-9]*\).*/\1/p')" \
	block_size "$(echo "$_j" | sed -n 's/.*"cbt_block_size":\([0-9]*\).*/\1/p')" \
	device_bytes "$(($(cat /sys/block/nullb0/size) * 512))"
lvss detach "$NULLB" >/dev/null || fail "detach $NULLB"
[ "$ERRORS" -eq 0 ] || fail "$ERRORS error(s); see the BENCH error records"
