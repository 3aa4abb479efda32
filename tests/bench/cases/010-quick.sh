# Quick benchmark (tests/bench/README.md): write throughput on a raw disk
# with no snapshot, with an lvss snapshot and with a dm-snapshot, over the
# same two scratch disks, plus lvss and dm-snapshot take latency under a
# write load. Prints 'BENCH ...' records; tests/bench/bench-quick.sh turns
# them into ratios. Under TCG only ratios within this one boot mean anything.
#
# Order: no lvss at all (pure0); then a third disk is attached, which
# registers the ftrace hook once for the rest of the run (multi-threaded
# TCG is safe for that); base1, dm-snapshot, base2, tracking only and lvss,
# base3 (baseline = origin not attached); take latencies; the third disk
# is detached (hook removed) and pure1 closes. About 5 minutes under TCG.
# lvss-disks: 2x2G 1x64M
# lvss-timeout: 600
# shellcheck source=../../vm/guest/case-lib.sh
. "$LVSS_LIB"

need_disks 3
O=$LVSS_DISK1 # the origin
S=$LVSS_DISK2 # the CoW store (lvss) / COW device (dm-snapshot)
KEEP=$LVSS_DISK3 # stays attached: keeps the ftrace hook registered
T1=8     # seconds a first-write job may run
T2=5     # seconds of a sequential rewrite job
TAKES=11 # snapshots taken under load, for lvss and for dm-snapshot
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
	lvss detach "$KEEP" >/dev/null 2>&1 || :
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

DEV_MIB=$(($(/usr/sbin/blockdev --getsize64 "$O") / 1048576))
ENGINE=libaio
$FIO --enghelp 2>/dev/null | grep -qw libaio || ENGINE=psync
rec setup engine "$ENGINE" origin_dev "$O" origin_bytes "$(/usr/sbin/blockdev --getsize64 "$O")" \
	store_dev "$S" store_bytes "$(/usr/sbin/blockdev --getsize64 "$S")" t1 "$T1" t2 "$T2" \
	cpus "$(grep -c ^processor /proc/cpuinfo)" kernel "$(uname -r)"

# job CONFIG WORKLOAD DEV RW FIO-OPTION...: one fio job; leaves the KiB
# written in KB and the milliseconds it ran in MS, and records them.
job() {
	_cfg=$1 _wl=$2 _dev=$3 _rw=$4
	shift 4
	_bs=1M _qd=8
	case $_rw in randwrite) _bs=4k _qd=16 ;; esac
	KB=0 MS=0
	if ! $FIO --name="$_cfg-$_wl" --filename="$_dev" --rw="$_rw" --bs="$_bs" \
		--iodepth="$_qd" --direct=1 --ioengine="$ENGINE" --randrepeat=1 \
		--randseed="$SEED" --output-format=terse --terse-version=3 "$@" \
		>"$LVSS_TMP/fio.out" 2>"$LVSS_TMP/fio.err"; then
		cat "$LVSS_TMP/fio.err" >&2
		error "fio $_cfg $_wl failed"
		return 0
	fi
	# terse v3: 5 error, 47 write KiB, 50 write runtime (ms)
	set -- $(awk -F';' 'NR == 1 { print $5, $47, $50 }' "$LVSS_TMP/fio.out")
	if [ "${1:-x}" != 0 ] || [ "${3:-0}" -le 0 ]; then
		cat "$LVSS_TMP/fio.out" "$LVSS_TMP/fio.err" >&2
		error "fio $_cfg $_wl: error ${1:-?}, runtime ${3:-?} ms"
		return 0
	fi
	KB=$2 MS=$3
	rec fio "$_cfg" "$_wl" "$KB" "$MS"
}

# workloads CONFIG DEV [BEFORE-EACH AFTER-EACH]: the four jobs. A first
# write stops at the end of the region or after T1 seconds (time_based for
# the baseline, which has nothing to copy); a rewrite goes over what the
# first write covered: the same range for 'seq', the same random sequence
# (seed and count) for 'rand'.
workloads() {
	_c=$1 _d=$2 _pre=${3:-:} _post=${4:-:}
	_tb=
	case $_c in base* | pure*) _tb=--time_based ;; esac
	$_pre seq || return 0
	job "$_c" seq-first "$_d" write --runtime="$T1" $_tb
	_mib=$((KB / 1024))
	[ "$_mib" -le "$DEV_MIB" ] || _mib=$DEV_MIB # a time_based baseline wraps
	if [ "$_mib" -gt 0 ]; then
		job "$_c" seq-rewrite "$_d" write --size="${_mib}M" --time_based --runtime="$T2"
	fi
	$_post seq
	$_pre rand || return 0
	job "$_c" rand-first "$_d" randwrite --runtime="$T1"
	_ios=$((KB / 4))
	if [ "$_ios" -gt 0 ]; then
		job "$_c" rand-rewrite "$_d" randwrite --number_ios="$_ios" --runtime=$((T1 * 4))
		# The replay must be the first write's sequence, whole.
		[ "$((KB / 4))" = "$_ios" ] || error "$_c rand-rewrite wrote $((KB / 4)) of $_ios I/Os"
	fi
	$_post rand
}

# --- helpers: lvss ------------------------------------------------------------

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
lvss_pre() { # WORKLOAD: a fresh snapshot before a first write
	lvss_take || return 1
	lvss_copies
	COPIES0=${COPIES:-0}
}
lvss_post() { # WORKLOAD: after its rewrite
	lvss_copies
	# chunks copied for this snapshot (= first writes into new chunks)
	rec copies lvss "$1-first" $((${COPIES:-0} - COPIES0)) "${STATE:-?}"
	[ "$STATE" = active ] ||
		error "lvss snapshot $SNAP after $1: state '${STATE:-?}': $(cat "$LVSS_TMP/snaps.out")"
	lvss snapshot delete "$SNAP" >/dev/null || error "lvss snapshot delete $SNAP failed"
}

# --- helpers: dm-snapshot -------------------------------------------------------
# The origin as LVM has it: a linear device. A snapshot is made as
# lvcreate -s makes one (create the snapshot device, suspend the origin,
# load both tables, resume both) and dropped the same way; the COW device is
# the whole store disk, non-persistent, 64 KiB chunks.
SECTORS=$(/usr/sbin/blockdev --getsz "$O")
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
dm_pre() { # WORKLOAD
	dm_take
}
dm_drop() {
	$DMSETUP suspend "$DMO" &&
		$DMSETUP load "$DMO" --table "0 $SECTORS linear $O 0" &&
		$DMSETUP resume "$DMO" &&
		$DMSETUP remove "$DMS" && return 0
	error "dm-snapshot removal failed"
	return 1
}
dm_post() { # WORKLOAD
	# status: <start> <len> snapshot <used>/<total> <metadata> (sectors)
	_u=$($DMSETUP status "$DMS" | awk '{ split($4, a, "/"); print int(a[1] / 128) }')
	rec copies dm "$1-first" "${_u:-?}" active
	dm_drop || :
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

# --- preparation -------------------------------------------------------------
# The disks are sparse files on the host: a guest write to a hole costs
# several times an overwrite. Write both disks in full once, then warm
# up (TCG translates code on first use).
now_ns
t0=$NOW
$FIO --direct=1 --ioengine="$ENGINE" --bs=1M --iodepth=8 --rw=write \
	--output-format=terse --name=fill-o --filename="$O" --name=fill-s --filename="$S" \
	>/dev/null || fail "prefill failed"
now_ns
rec prefill-ms $(((NOW - t0) / 1000000))
# The host writes the prefill back meanwhile: the warm-up also lets that pass.
job warm seq "$O" write --runtime=6 --time_based
job warm rand "$O" randwrite --runtime=4 --time_based

# --- no lvss at all ------------------------------------------------------------
workloads pure0 "$O"

# --- the hook is registered from here to the end: a third disk stays ---------
# attached, so attaching and detaching the origin never registers it again
# (once per boot: safe under multi-threaded TCG). Each configuration runs
# between two baseline runs (origin not attached) and is compared with
# their mean: the host is shared and its load drifts.
HOOK=0
if lvss attach "$KEEP" >/dev/null; then
	HOOK=1
else
	error "lvss attach $KEEP failed"
fi

workloads base1 "$O"

if $DMSETUP create "$DMO" --table "0 $SECTORS linear $O 0"; then
	workloads dm "/dev/mapper/$DMO" dm_pre dm_post
	$DMSETUP remove "$DMO" || error "dmsetup remove $DMO failed"
else
	error "dmsetup create $DMO failed"
fi

workloads base2 "$O"

if [ "$HOOK" = 1 ] && lvss attach "$O"; then
	# Tracking only: attached, no store, no snapshot.
	job track seq-first "$O" write --runtime="$T1" --time_based
	job track rand-first "$O" randwrite --runtime="$T1"
	if lvss store add "$O" --device "$S" --chunk-size 64K >/dev/null; then
		workloads lvss "$O" lvss_pre lvss_post
	else
		error "lvss store add $O --device $S failed"
	fi
	lvss detach "$O" >/dev/null || error "lvss detach $O failed"
else
	error "lvss attach $O failed"
fi

workloads base3 "$O"

# --- take latency under a 4K random write load, one snapshot at a time ---------
if $DMSETUP create "$DMO" --table "0 $SECTORS linear $O 0"; then
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

if [ "$HOOK" = 1 ] && lvss attach "$O" >/dev/null &&
	lvss store add "$O" --device "$S" --chunk-size 64K >/dev/null; then
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
	error "lvss attach/store add for the takes failed"
fi
lvss detach "$O" >/dev/null 2>&1 || :

# --- the hook goes; no lvss again ----------------------------------------------
[ "$HOOK" = 0 ] || lvss detach "$KEEP" >/dev/null || error "lvss detach $KEEP failed"
workloads pure1 "$O"

[ "$ERRORS" -eq 0 ] || fail "$ERRORS error(s); see the BENCH error records"
