# Quick benchmark (tests/bench/README.md): write throughput with an lvss
# snapshot and with a dm-snapshot against no snapshot, plus lvss and
# dm-snapshot take latency under a write load. Prints 'BENCH ...' records;
# tests/bench/bench-quick.sh turns them into ratios. Under TCG only ratios
# within one boot mean anything, and the host is shared: its load drifts.
#
# So every measurement is paired with a baseline measured at the same time:
# the baseline runs on a twin disk ($B, never attached, prefilled like the
# origin), in 2 s slices interleaved with the configuration's on the
# origin, in the order b x x b b x x b, which cancels a linear drift.
# Random slices use fio seeds with randrepeat=0: fio 3.33 ignores randseed
# under randrepeat=1. A 'null' pair (origin vs twin, nothing attached)
# shows how far the two disks and the interleaving can be trusted.
#
# Order: null; dm-snapshot (lvss not attached anywhere: no hook); then lvss
# is attached to the origin once, which registers the ftrace hook once
# (safe under multi-threaded TCG): tracking only, then with a store, the
# lvss pairs and takes; detach. About 15 minutes under TCG.
# lvss-disks: 3x2G
# lvss-timeout: 1500
# shellcheck source=../../vm/guest/case-lib.sh
. "$LVSS_LIB"

need_disks 3
O=$LVSS_DISK1 # the origin
S=$LVSS_DISK2 # the CoW store (lvss) / COW device (dm-snapshot)
B=$LVSS_DISK3 # the baseline's twin of the origin
T=2           # seconds of a slice (seq first writes stop earlier at their range's end)
TAKES=11      # snapshots taken under load, for lvss and for dm-snapshot
SEED=4242
DMO=lvssbench-origin
DMS=lvssbench-snap
FIO=/usr/bin/fio
DMSETUP=/usr/sbin/dmsetup
ERRORS=0

# Clean up after a failure (set -e applies in the trap too).
cleanup() {
	$DMSETUP remove "$DMS" >/dev/null 2>&1 || :
	$DMSETUP remove "$DMO" >/dev/null 2>&1 || :
	lvss detach "$O" >/dev/null 2>&1 || :
}
trap cleanup EXIT

# rec FIELD...: one result record for the host.
rec() {
	echo "BENCH $*"
}

# error WHAT: record a failure, go on with what does not depend on it.
error() {
	echo "FAIL: $*" >&2
	rec error "$*"
	ERRORS=$((ERRORS + 1))
}

# now_ns: CLOCK_MONOTONIC in ns into NOW, with shell builtins only (a fork
# costs milliseconds under TCG).
now_ns() {
	{
		read -r _
		read -r _
		read -r _ _ NOW _
	} </proc/timer_list
}

REGION=$(/usr/sbin/blockdev --getsize64 "$O")
[ "$(/usr/sbin/blockdev --getsize64 "$B")" = "$REGION" ] || fail "the twin disk differs in size"
ENGINE=libaio
$FIO --enghelp 2>/dev/null | grep -qw libaio || ENGINE=psync
rec setup engine "$ENGINE" origin_dev "$O" origin_bytes "$REGION" \
	store_dev "$S" store_bytes "$(/usr/sbin/blockdev --getsize64 "$S")" \
	twin_dev "$B" slice_s "$T" cpus "$(grep -c ^processor /proc/cpuinfo)" \
	kernel "$(uname -r)"

# job DEV RW FIO-OPTION...: one fio job (the warm-up); an error is recorded.
job() {
	_dev=$1 _rw=$2
	shift 2
	_bs=1M _qd=8
	case $_rw in randwrite) _bs=4k _qd=16 ;; esac
	$FIO --name=job --filename="$_dev" --rw="$_rw" --bs="$_bs" --iodepth="$_qd" \
		--direct=1 --ioengine="$ENGINE" --output-format=terse "$@" >/dev/null ||
		error "fio $_rw on $_dev $* failed"
}

# The slices of a pair, in this order: side (b = the baseline on the twin,
# x = the configuration on the origin) and number. ABBA twice: a linear
# drift of the host cancels out. All slices of one phase run in one fio
# process (stonewall: one after the other), so they follow each other
# closely and fio's start-up (about a second under TCG) is paid once.
ORDER1="b1 x1 x2 b2 b3 x3 x4 b4"
ORDER2="b5 x5 x6 b6 b7 x7 x8 b8"
ORDER=$ORDER1
NS=4                      # slices per side and round
PART=$((REGION / NS / 1048576 * 1048576)) # a seq-first slice's own range
# range_of SIDE+N: the byte offset of slice n's range (round 2 reuses
# round 1's ranges, on a fresh snapshot), into OFF.
range_of() {
	OFF=$((((${1#?} - 1) % NS) * PART))
}
# rounds CMD...: CMD for slices 1-4, then again for slices 5-8. One
# round's 4 pairs left a median that one slow slice could move; 8 hold.
# lvss_run and dm_run take a fresh snapshot per round, so round 2
# first-writes round 1's ranges again.
rounds() {
	"$@"
	ORDER=$ORDER2
	"$@"
	ORDER=$ORDER1
}
# Rewrites run REWRITES passes per round over the chunks the round's first
# writes copied: their ratios sit next to 1, where a target of 0.95 needs
# more than 8 pairs (8 pairs of a run read 0.92-1.04 where a 24-pair A/B
# in one boot read 1.05). Slice n of pass p is named n + 8 (p - 1).
REWRITES=3
# pass_name SIDE+N P: the name of slice n in rewrite pass p, into NAME.
pass_name() {
	NAME=${1%%[0-9]*}$((${1#?} + 8 * ($2 - 1)))
}
# rewrites CFG DEV WORKLOAD RW SLICE [CHECK]: right after a first-write
# phase, REWRITES passes of WORKLOAD over what it wrote. Config slice n's
# KiB go to FKB_<n>; for each slice whose n wrote some (_kb), SLICE SIDE+N
# adds its options to ARGS after --name, --stonewall and --filename.
# CHECK CFG P runs after pass p.
rewrites() {
	for _o in $ORDER; do
		case $_o in x*) eval "FKB_${_o#?}=\$KB_$_o" ;; esac
	done
	_p=1
	while [ "$_p" -le "$REWRITES" ]; do
		ARGS=
		for _o in $ORDER; do
			dev_of "$_o" "$2"
			eval "_kb=\$FKB_${_o#?}"
			[ "$_kb" -gt 0 ] || continue
			pass_name "$_o" "$_p"
			ARGS="$ARGS --name=$NAME --stonewall --filename=$DEV"
			"$5" "$_o"
		done
		[ -n "$ARGS" ] || return 0
		phase "$1" "$3" "$4"
		[ -z "${6:-}" ] || "$6" "$1" "$_p"
		_p=$((_p + 1))
	done
}

# phase CFG WORKLOAD RW: run the slices given in ARGS (one '--name=SIDE+N
# ...' group each) in one fio process; record each as 'slice CFG WORKLOAD
# SIDE N KIB MS' and keep its KiB in KB_<side><n>. An error is recorded.
phase() {
	_c=$1 _w=$2 _rw=$3
	_bs=1M _qd=8
	case $_rw in randwrite) _bs=4k _qd=16 ;; esac
	case $_w in *-qd1) _qd=1 ;; esac
	for _a in $ARGS; do
		case $_a in --name=*) eval "KB_${_a#--name=}=0" ;; esac
	done
	# shellcheck disable=SC2086 # ARGS is a list of words without blanks
	if ! $FIO --rw="$_rw" --bs="$_bs" --iodepth="$_qd" --direct=1 \
		--ioengine="$ENGINE" --randrepeat=0 --output-format=terse \
		--terse-version=3 $ARGS >"$LVSS_TMP/fio.out" 2>"$LVSS_TMP/fio.err"; then
		cat "$LVSS_TMP/fio.err" >&2
		error "fio $_c $_w failed"
		return 0
	fi
	# terse v3: 3 job name, 5 error, 47 write KiB, 50 write runtime (ms)
	awk -F';' '{ print $3, $5, $47, $50 }' "$LVSS_TMP/fio.out" >"$LVSS_TMP/fio.res"
	while read -r _o _err _kb _ms; do
		if [ "$_err" != 0 ] || [ "$_ms" -le 0 ]; then
			error "fio $_c $_w slice $_o: error $_err, $_kb KiB in $_ms ms"
			continue
		fi
		eval "KB_$_o=$_kb"
		rec slice "$_c" "$_w" "${_o%%[0-9]*}" "${_o#?}" "$_kb" "$_ms"
	done <"$LVSS_TMP/fio.res"
}

# dev_of SIDE+N CONFIG-DEV: the device a slice runs on, into DEV.
dev_of() {
	case $1 in x*) DEV=$2 ;; *) DEV=$B ;; esac
}

# seq_pair CFG DEV: sequential 1 MiB writes. First writes: config slice n
# has range n of NS of the device to itself and stops at its end or after
# T s (never wraps: every write is a first write); the baseline's slices are
# time-based over the same ranges of the twin. Rewrites: each slice again
# over what the config's slice n covered, time-based.
seq_first_args() {
	ARGS=
	for _o in $ORDER; do
		dev_of "$_o" "$1"
		range_of "$_o"
		ARGS="$ARGS --name=$_o --stonewall --filename=$DEV --offset=$OFF --size=$PART --runtime=$T"
		case $_o in b*) ARGS="$ARGS --time_based" ;; esac
	done
}
seq_pair() {
	seq_first_args "$2"
	phase "$1" seq-first write
	rewrites "$1" "$2" seq-rewrite write seq_rewrite_slice
}
seq_rewrite_slice() {
	range_of "$1"
	ARGS="$ARGS --offset=$OFF --size=$((_kb * 1024)) --time_based --runtime=$T"
}

# seq1_pair CFG DEV: seq-first with one write in flight (latency-bound
# rather than bound by the host's I/O throughput), on a fresh snapshot.
seq1_pair() {
	seq_first_args "$2"
	phase "$1" seq-first-qd1 write
}

# rand_pair CFG DEV: random 4 KiB writes over the whole device, slice n of
# either side with seed SEED+n. A rewrite replays config slice n (seed and
# number of I/Os) on both sides: exactly the blocks its first write wrote,
# and the same work for the baseline.
rand_pair() {
	ARGS=
	for _o in $ORDER; do
		dev_of "$_o" "$2"
		ARGS="$ARGS --name=$_o --stonewall --filename=$DEV --randseed=$((SEED + ${_o#?})) --runtime=$T"
	done
	phase "$1" rand-first randwrite
	rewrites "$1" "$2" rand-rewrite randwrite rand_rewrite_slice rand_rewrite_check
}
rand_rewrite_slice() {
	ARGS="$ARGS --randseed=$((SEED + ${1#?})) --number_ios=$((_kb / 4)) --runtime=$((T * 5))"
}
# rand_rewrite_check CFG P: each slice of pass p wrote its first write's I/Os.
rand_rewrite_check() {
	for _o in $ORDER; do
		pass_name "$_o" "$2"
		_ios=0 _kb=0
		eval "_ios=\$((FKB_${_o#?} / 4)) _kb=\${KB_$NAME:-0}"
		[ "$_ios" -eq 0 ] || [ "$((_kb / 4))" = "$_ios" ] ||
			error "$1 rand-rewrite $NAME wrote $((_kb / 4)) of the first write's $_ios I/Os"
	done
}

# plain_pair CFG DEV: time-based sequential and random writes, no
# first/rewrite distinction (nothing to copy): null and tracking only,
# run in two rounds like the rest.
plain_pair() {
	ARGS=
	for _o in $ORDER; do
		dev_of "$_o" "$2"
		ARGS="$ARGS --name=$_o --stonewall --filename=$DEV --time_based --runtime=$T"
	done
	phase "$1" seq-first write
	ARGS=
	for _o in $ORDER; do
		dev_of "$_o" "$2"
		ARGS="$ARGS --name=$_o --stonewall --filename=$DEV --randseed=$((SEED + ${_o#?})) --runtime=$T"
	done
	phase "$1" rand-first randwrite
}

# ceil_pair: the I/O a first write costs, without any snapshot, as two
# references for seq-first ('ceil-mix', 'ceil-three'). Each x slice runs,
# on the raw disks, the streams copy-on-write adds up to: ceil-mix is 1 MiB
# reads and writes mixed half and half on the origin (a write costs a read
# of its old data: a store that is free); ceil-three runs three streams at
# once, origin reads, origin writes and store writes, and counts a third
# of their sum (a write costs a read, itself and a store write). Either
# is recorded like a configuration's write throughput, so its ratio to
# the baseline is the ceiling for seq-first on this host.
ceil_pair() {
	for _c in mix three; do
		ARGS=
		for _o in $ORDER; do
			_n=${_o#?}
			_run="--time_based --runtime=$T"
			case $_o$_c in
			b*) ARGS="$ARGS --name=$_o --stonewall --filename=$B --rw=write $_run" ;;
			x*mix) ARGS="$ARGS --name=$_o --stonewall --filename=$O --rw=rw --rwmixread=50 $_run" ;;
			x*three)
				ARGS="$ARGS --name=$_o --stonewall --filename=$O --rw=write --offset=0 --size=$PART $_run"
				ARGS="$ARGS --name=r$_o --filename=$O --rw=read --offset=$((2 * PART)) --size=$PART $_run"
				ARGS="$ARGS --name=s$_o --filename=$S --rw=write $_run" ;;
			esac
		done
		# shellcheck disable=SC2086 # ARGS is a list of words without blanks
		if ! $FIO --bs=1M --iodepth=8 --direct=1 --ioengine="$ENGINE" \
			--output-format=terse --terse-version=3 $ARGS >"$LVSS_TMP/fio.out" 2>"$LVSS_TMP/fio.err"; then
			cat "$LVSS_TMP/fio.err" >&2
			error "fio ceiling $_c failed"
			continue
		fi
		# terse v3: 3 name, 5 error, 6 read KiB, 47 write KiB, 50 write ms;
		# r<x> and s<x> add to slice x (three: a third of the sum).
		awk -F';' -v c="ceil-$_c" '
			$5 != 0 { bad = 1 }
			{ n = $3; kb = $6 + $47 }
			n ~ /^[bx][0-9]$/ { ms[n] = $50; tot[n] += c == "ceil-mix" && n ~ /^x/ ? $47 : kb; next }
			{ tot[substr(n, 2)] += kb }
			END {
				if (bad) exit 1
				for (n in ms) {
					k = tot[n]
					if (c == "ceil-three" && n ~ /^x/) k = int(k / 3)
					print "BENCH slice", c, "seq-first", substr(n, 1, 1), substr(n, 2), k, ms[n]
				}
			}' "$LVSS_TMP/fio.out" || error "fio ceiling $_c: an I/O error"
	done
}

# timed NAME CMD...: run CMD (output discarded), record its wall time. Under
# TCG starting a process costs tens of ms or more, so each take is paired
# with a no-op run of the same tool ('lvss version', 'dmsetup version').
timed() {
	_n=$1
	shift
	now_ns
	_a=$NOW
	"$@" >/dev/null 2>&1 || :
	now_ns
	rec exec "$_n" $((NOW - _a))
}

# bg_start DEV / bg_stop: the random write load the takes run under.
bg_start() {
	$FIO --name=bg --filename="$1" --rw=randwrite --bs=4k --iodepth=16 --direct=1 \
		--ioengine="$ENGINE" --time_based --runtime=300 --output-format=terse \
		>/dev/null 2>&1 &
	BG=$!
	sleep 2
}
bg_stop() {
	kill "$BG" 2>/dev/null || :
	wait "$BG" 2>/dev/null || :
}

# --- lvss helpers ------------------------------------------------------------
SNAP=
COPIES0=0
# lvss_copies: the device's chunk copies so far into COPIES ('copies' in
# 'lvss snapshots' counts for the device's CoW engine, not per snapshot).
lvss_copies() {
	lvss --json snapshots >"$LVSS_TMP/snaps.out" 2>&1 || :
	COPIES=$(sed -n 's/.*"copies":\([0-9]*\).*/\1/p' "$LVSS_TMP/snaps.out" | head -n 1)
	STATE=$(sed -n 's/.*"state":"\([a-z]*\)".*/\1/p' "$LVSS_TMP/snaps.out" | head -n 1)
}
lvss_take() { # records the snapshot's id in SNAP; status 1 on failure
	SNAP=
	if ! lvss --json snapshot take "$O" >"$LVSS_TMP/take.out" 2>"$LVSS_TMP/take.err"; then
		cat "$LVSS_TMP/take.out" "$LVSS_TMP/take.err" >&2
		error "lvss snapshot take $O failed: $(cat "$LVSS_TMP/take.err")"
		return 1
	fi
	SNAP=$(sed -n 's/.*"snapshots":\[{"id":\([0-9]*\).*/\1/p' "$LVSS_TMP/take.out")
	[ -n "$SNAP" ] || {
		error "lvss snapshot take printed no id: $(cat "$LVSS_TMP/take.out")"
		return 1
	}
}
# lvss_run PAIR: a fresh snapshot, the pair, the copies it made, delete.
lvss_run() {
	lvss_take || return 0
	lvss_copies
	COPIES0=${COPIES:-0}
	"$1" lvss "$O"
	lvss_copies
	# chunks copied for this snapshot (= first writes into new chunks)
	rec copies lvss "${1%_pair}-first" $((${COPIES:-0} - COPIES0)) "${STATE:-?}"
	[ "$STATE" = active ] ||
		error "lvss snapshot $SNAP after $1: state '${STATE:-?}': $(cat "$LVSS_TMP/snaps.out")"
	lvss snapshot delete "$SNAP" >/dev/null || error "lvss snapshot delete $SNAP failed"
}

# --- dm-snapshot helpers ---------------------------------------------------------
# The origin as LVM has it: a linear device. A snapshot is made as
# lvcreate -s makes one (create the snapshot device, suspend the origin,
# load both tables, resume both) and dropped the same way; the COW device is
# the whole store disk, non-persistent, 64 KiB chunks.
SECTORS=$((REGION / 512))
DS0=0 DS1=0
dm_take() {
	$DMSETUP create "$DMS" --notable &&
		now_ns && DS0=$NOW &&
		$DMSETUP suspend "$DMO" &&
		$DMSETUP load "$DMS" --table "0 $SECTORS snapshot $O $S N 128" &&
		$DMSETUP load "$DMO" --table "0 $SECTORS snapshot-origin $O" &&
		$DMSETUP resume "$DMS" &&
		$DMSETUP resume "$DMO" &&
		now_ns && DS1=$NOW && return 0
	error "dm-snapshot creation failed"
	return 1
}
dm_drop() {
	$DMSETUP suspend "$DMO" &&
		$DMSETUP load "$DMO" --table "0 $SECTORS linear $O 0" &&
		$DMSETUP resume "$DMO" &&
		$DMSETUP remove "$DMS" && return 0
	error "dm-snapshot removal failed"
	return 1
}
# dm_run PAIR: a fresh snapshot, the pair, the copies it made, drop.
dm_run() {
	dm_take || return 0
	"$1" dm "/dev/mapper/$DMO"
	# status: <start> <len> snapshot <used>/<total> <metadata> (sectors)
	_u=$($DMSETUP status "$DMS" | awk '{ split($4, a, "/"); print int(a[1] / 128) }')
	rec copies dm "${1%_pair}-first" "${_u:-?}" active
	dm_drop || :
}

# --- preparation -------------------------------------------------------------
# The disks are sparse files on the host: a guest write to a hole costs
# several times an overwrite. Write all three in full once, then warm up
# (TCG translates code on first use; the host writes the prefill back).
now_ns
t0=$NOW
$FIO --direct=1 --ioengine="$ENGINE" --bs=1M --iodepth=8 --rw=write --output-format=terse \
	--name=fill-o --filename="$O" --name=fill-s --filename="$S" --name=fill-b --filename="$B" \
	>/dev/null || fail "prefill failed"
now_ns
rec prefill-ms $(((NOW - t0) / 1000000))
job "$O" write --runtime=4 --time_based
job "$B" write --runtime=4 --time_based
# Touch most of the guest's free memory once. Under qemu the first touch
# of a guest page costs the host a page fault, which a real machine never
# pays; without this pass the first copy-on-write run of a boot was the
# slow one (tests/bench/README.md, "Warm-up").
_kb=$(awk '$1 == "MemAvailable:" { print int($2 * 0.8) }' /proc/meminfo)
dd if=/dev/zero of=/dev/null bs="${_kb}k" count=1 2>/dev/null ||
	error "touching ${_kb} KiB of memory failed"
rec touched-kb "$_kb"
job "$O" randwrite --runtime=3 --time_based --randseed=1

# --- null: origin vs twin, no lvss --------------------------------------------
rounds plain_pair null "$O"

# --- ceilings: what copy-on-write of sequential 1 MiB writes can reach here ---
ceil_pair

# --- dm-snapshot -----------------------------------------------------------------
if $DMSETUP create "$DMO" --table "0 $SECTORS linear $O 0"; then
	rounds dm_run seq_pair
	dm_run seq1_pair
	rounds dm_run rand_pair

	bg_start "/dev/mapper/$DMO"
	i=0
	while [ "$i" -lt "$TAKES" ]; do
		now_ns
		a=$NOW
		dm_take || break
		now_ns
		# wall of the whole sequence; origin suspended (suspend..resume)
		rec take dm "$i" $((NOW - a)) $((DS1 - DS0))
		timed dmsetup $DMSETUP version
		sleep 1
		dm_drop || break
		i=$((i + 1))
	done
	bg_stop
	$DMSETUP remove "$DMO" || error "dmsetup remove $DMO failed"
else
	error "dmsetup create $DMO failed"
fi

# --- lvss: the hook is registered at this attach, removed at the detach ------
if lvss attach "$O" >/dev/null; then
	# Tracking only: attached, no store, no snapshot.
	rounds plain_pair track "$O"
	# The changed-block map's memory and block size, as status shows them.
	_j=$(lvss --json devices)
	rec cbt map_bytes "$(echo "$_j" | sed -n 's/.*"cbt_map_bytes":\([0-9]*\).*/\1/p')" \
		block_size "$(echo "$_j" | sed -n 's/.*"cbt_block_size":\([0-9]*\).*/\1/p')"
	if lvss store add "$O" --device "$S" --chunk-size 64K >/dev/null; then
		rounds lvss_run seq_pair
		lvss_run seq1_pair
		rounds lvss_run rand_pair

		bg_start "$O"
		i=0
		while [ "$i" -lt "$TAKES" ]; do
			now_ns
			a=$NOW
			lvss_take || break
			now_ns
			fz=$(sed -n 's/.*"frozen_ns":\([0-9]*\).*/\1/p' "$LVSS_TMP/take.out")
			rec take lvss "$i" $((NOW - a)) "${fz:-?}"
			timed lvss lvss version
			sleep 1
			lvss snapshot delete "$SNAP" >/dev/null || {
				error "lvss snapshot delete $SNAP failed"
				break
			}
			i=$((i + 1))
		done
		bg_stop
	else
		error "lvss store add $O --device $S failed"
	fi
	lvss detach "$O" >/dev/null || error "lvss detach $O failed"
else
	error "lvss attach $O failed"
fi

[ "$ERRORS" -eq 0 ] || fail "$ERRORS error(s); see the BENCH error records"
