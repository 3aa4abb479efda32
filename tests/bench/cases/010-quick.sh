# Quick benchmark (tests/bench/README.md): write throughput with an lvss
# snapshot and with a dm-snapshot against no snapshot, plus lvss and
# dm-snapshot take latency under a write load. Prints 'BENCH ...' records;
# tests/bench/bench-quick.sh turns them into ratios. Under TCG only ratios
# within one boot mean anything, and the host is shared: its load drifts.
#
# So every measurement is paired with a baseline measured at the same time:
# the baseline runs on a twin disk ($B, never attached, prefilled like the
# origin), in slices interleaved with the configuration's on the origin, in
# ABBA order (base, config, config, base), which cancels a linear drift.
# A 'null' pair (origin vs twin, no snapshot, no lvss) shows how equal the
# two disks are.
#
# Order: null; dm-snapshot (lvss not attached anywhere: no hook); then lvss
# is attached to the origin once, which registers the ftrace hook once
# (safe under multi-threaded TCG): tracking only, then with a store, the
# lvss pairs and takes; detach. About 5 minutes under TCG.
# lvss-disks: 3x2G
# lvss-timeout: 600
# shellcheck source=../../vm/guest/case-lib.sh
. "$LVSS_LIB"

need_disks 3
O=$LVSS_DISK1 # the origin
S=$LVSS_DISK2 # the CoW store (lvss) / COW device (dm-snapshot)
B=$LVSS_DISK3 # the baseline's twin of the origin
T=4           # seconds of a slice (first writes stop earlier at the region's end)
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

# job DEV RW FIO-OPTION...: one fio job; leaves the KiB written in KB and
# the milliseconds it ran in MS (both 0 after an error, which is recorded).
# Random jobs pass --randseed: with randrepeat=0 that seed alone fixes the
# sequence (fio 3.33 ignores randseed under randrepeat=1).
job() {
	_dev=$1 _rw=$2
	shift 2
	_bs=1M _qd=8
	case $_rw in randwrite) _bs=4k _qd=16 ;; esac
	KB=0 MS=0
	if ! $FIO --name=job --filename="$_dev" --rw="$_rw" --bs="$_bs" \
		--iodepth="$_qd" --direct=1 --ioengine="$ENGINE" --randrepeat=0 \
		--output-format=terse --terse-version=3 "$@" \
		>"$LVSS_TMP/fio.out" 2>"$LVSS_TMP/fio.err"; then
		cat "$LVSS_TMP/fio.err" >&2
		error "fio $_rw on $_dev $* failed"
		return 0
	fi
	# terse v3: 5 error, 47 write KiB, 50 write runtime (ms)
	# shellcheck disable=SC2046 # three numbers
	set -- $(awk -F';' 'NR == 1 { print $5, $47, $50 }' "$LVSS_TMP/fio.out")
	if [ "${1:-x}" != 0 ] || [ "${3:-0}" -le 0 ]; then
		cat "$LVSS_TMP/fio.out" "$LVSS_TMP/fio.err" >&2
		error "fio $_rw on $_dev: error ${1:-?}, runtime ${3:-?} ms"
		return 0
	fi
	KB=$2 MS=$3
}

# slice CFG WORKLOAD SIDE N DEV RW FIO-OPTION...: one slice of a pair,
# SIDE x (the configuration) or b (the baseline, on the twin).
slice() {
	_sc=$1 _sw=$2 _ss=$3 _sn=$4
	shift 4
	job "$@"
	[ "$MS" -eq 0 ] || rec slice "$_sc" "$_sw" "$_ss" "$_sn" "$KB" "$MS"
}

# The ABBA order of the slices of a pair: side and slice number.
ORDER="b1 x1 x2 b2"

# seq_pair CFG DEV: sequential 1 MiB writes. First writes: the config side
# goes on from where its last slice stopped and stops at the end of the
# device (never wraps); rewrites go over what its first writes covered.
# The baseline side writes the same way on the twin.
seq_pair() {
	_c=$1 _d=$2
	_xoff=0 _boff=0
	for _o in $ORDER; do
		case $_o in
		x*)
			[ "$_xoff" -lt "$REGION" ] || continue
			slice "$_c" seq-first x "${_o#x}" "$_d" write --offset="$_xoff" \
				--size=$((REGION - _xoff)) --runtime="$T"
			_xoff=$((_xoff + KB * 1024))
			;;
		b*)
			[ "$_boff" -lt "$REGION" ] || _boff=0
			slice "$_c" seq-first b "${_o#b}" "$B" write --offset="$_boff" \
				--size=$((REGION - _boff)) --runtime="$T"
			_boff=$((_boff + KB * 1024))
			;;
		esac
	done
	[ "$_xoff" -gt 0 ] || return 0
	for _o in $ORDER; do
		case $_o in
		x*) slice "$_c" seq-rewrite x "${_o#x}" "$_d" write --size="$_xoff" --time_based --runtime="$T" ;;
		b*) slice "$_c" seq-rewrite b "${_o#b}" "$B" write --size="$_xoff" --time_based --runtime="$T" ;;
		esac
	done
}

# rand_pair CFG DEV: random 4 KiB writes over the whole device. Slice n of
# either side uses seed SEED+n; a rewrite replays the same slice (seed and
# number of I/Os), so it writes exactly the blocks the first write did.
rand_pair() {
	_c=$1 _d=$2
	for _o in $ORDER; do
		_n=${_o#?}
		case $_o in x*) _dev=$_d ;; *) _dev=$B ;; esac
		slice "$_c" rand-first "${_o%?}" "$_n" "$_dev" randwrite \
			--randseed=$((SEED + _n)) --runtime="$T"
		eval "IOS_$_o=$((KB / 4))"
	done
	for _o in $ORDER; do
		_n=${_o#?}
		case $_o in x*) _dev=$_d ;; *) _dev=$B ;; esac
		_ios=0
		eval "_ios=\$IOS_$_o"
		[ "$_ios" -gt 0 ] || continue
		slice "$_c" rand-rewrite "${_o%?}" "$_n" "$_dev" randwrite \
			--randseed=$((SEED + _n)) --number_ios="$_ios" --runtime=$((T * 5))
		[ "$((KB / 4))" = "$_ios" ] ||
			error "$_c rand-rewrite $_o wrote $((KB / 4)) of the first write's $_ios I/Os"
	done
}

# plain_pair CFG DEV: time-based sequential and random writes, no
# first/rewrite distinction (nothing to copy): null and tracking only.
plain_pair() {
	_c=$1 _d=$2
	for _o in $ORDER; do
		case $_o in x*) _dev=$_d ;; *) _dev=$B ;; esac
		slice "$_c" seq-first "${_o%?}" "${_o#?}" "$_dev" write --time_based --runtime="$T"
	done
	for _o in $ORDER; do
		case $_o in x*) _dev=$_d ;; *) _dev=$B ;; esac
		slice "$_c" rand-first "${_o%?}" "${_o#?}" "$_dev" randwrite \
			--randseed=$((SEED + ${_o#?})) --runtime="$T"
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
job "$O" randwrite --runtime=3 --time_based --randseed=1

# --- null: origin vs twin, no lvss --------------------------------------------
plain_pair null "$O"

# --- dm-snapshot -----------------------------------------------------------------
if $DMSETUP create "$DMO" --table "0 $SECTORS linear $O 0"; then
	dm_run seq_pair
	dm_run rand_pair

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
	plain_pair track "$O"
	if lvss store add "$O" --device "$S" --chunk-size 64K >/dev/null; then
		lvss_run seq_pair
		lvss_run rand_pair

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
