#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# Boot a Debian kernel (or, with --kernel-root, one built elsewhere, such as
# tests/debug-kernel's) under qemu, run the VM test cases in it and report
# TAP on stdout; exit 1 if anything failed. tests/vm/README.md explains
# the design; 'run.sh --help' lists the options.
set -eu -o pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/tap.sh
. "$VM_DIR/lib/tap.sh"
# A harness bug must not pass for a quiet, truncated run.
set -E
trap 'echo "vm: run.sh: internal error at line $LINENO: $BASH_COMMAND" >&2' ERR

# A debug kernel (KASAN, lockdep) under TCG runs everything several times
# slower: LVSS_VM_TIMEOUT_SCALE multiplies every timeout below and the cases'.
SCALE=${LVSS_VM_TIMEOUT_SCALE:-1}
[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "LVSS_VM_TIMEOUT_SCALE must be a positive whole number"
# How long the race cases race: their base time (15-20 s a phase) times this.
RACE_SCALE=${LVSS_VM_RACE_SCALE:-1}
[[ $RACE_SCALE =~ ^[1-9][0-9]*$ ]] || die "LVSS_VM_RACE_SCALE must be a positive whole number"
BOOT_MARGIN=$((120 * SCALE)) # seconds a boot may spend outside cases (TCG: ~10 s)
STALL_GRACE=$((60 * SCALE))  # seconds past a case's own timeout before the host gives up
MEM=${LVSS_VM_MEM:-1G}
[[ $MEM =~ ^[1-9][0-9]*[MG]$ ]] || die "LVSS_VM_MEM must be a size such as 1G or 2048M"
MAX_DISKS=${LVSS_VM_MAX_DISKS:-64}
[[ $MAX_DISKS =~ ^[1-9][0-9]*$ ]] || die "LVSS_VM_MAX_DISKS must be a positive number"
DIAG_LINES=60   # case output lines shown for a failure (all are in logs/)

usage() {
	cat <<EOF
usage: tests/vm/run.sh [--kver V | --kernel-root DIR] [--cases DIR] [--filter GLOB]
                       [--out DIR] [--disk-dir DIR] [--timeout SECONDS]
                       [--extra-ko PATH]...
                       [--no-lvss] [--demo]
  --kver V           kernel to boot (default: scripts/default-kver.sh)
  --kernel-root DIR  boot a kernel built outside the package manager, laid out
                     as tests/debug-kernel/build.sh prints: DIR/kver (release),
                     DIR/bzImage, DIR/modules/lib/modules/<kver>/, DIR/build (KDIR)
  --cases DIR        directory of *.sh cases (default: tests/vm/cases)
  --filter GLOB      only cases whose name (file name without .sh) matches;
                     repeat it for several (a case matching any runs)
  --out DIR          logs, console and scratch disks (default: tests/out/<kver>)
  --disk-dir DIR     put the scratch disks in DIR instead (an existing
                     directory, e.g. on tmpfs: guest I/O then never waits
                     for the host's own disk)
  --timeout SECONDS  budget of each boot (default: its case timeouts + $BOOT_MARGIN)
  --extra-ko PATH    also install this module in the guest's extra/ (repeatable)
  --no-lvss          do not build, load or unload lvss.ko, nor ship the tools
  --demo             run tests/vm/demo.sh on the default kernel, output live
environment: LVSS_VM_ACCEL=auto|tcg|kvm  LVSS_VM_MAX_DISKS (per boot, default 64)
             LVSS_VM_TCG_THREAD=single|multi (default single; multi: benchmarks)
             LVSS_VM_ICOUNT=1 (guest time = executed instructions; benchmarks)
             LVSS_VM_TIMEOUT_SCALE=N (multiplies every timeout; default 1)
             LVSS_VM_RACE_SCALE=N (multiplies the race cases' racing time)
             LVSS_VM_MEM (guest memory, default 1G)  LVSS_VM_APPEND (more
             kernel arguments)
             LVSS_CACHE_DIR (default \${XDG_CACHE_HOME:-\$HOME/.cache}/lvss)
EOF
}

kver=
kroot=
cases_dir=$VM_DIR/cases
filters=()
out=
disk_dir=
budget=
demo=0
lvss=1
kos=()
while [ "$#" -gt 0 ]; do
	case $1 in
	--kver) kver=${2:?--kver needs a value} && shift 2 ;;
	--kernel-root) kroot=$(realpath "${2:?--kernel-root needs a value}") && shift 2 ;;
	--cases) cases_dir=${2:?--cases needs a value} && shift 2 ;;
	--filter) filters+=("${2:?--filter needs a value}") && shift 2 ;;
	--out) out=${2:?--out needs a value} && shift 2 ;;
	--disk-dir) disk_dir=${2:?--disk-dir needs a value} && shift 2 ;;
	--timeout) budget=${2:?--timeout needs a value} && shift 2 ;;
	--extra-ko) kos+=("$(realpath "${2:?--extra-ko needs a value}")") && shift 2 ;;
	--no-lvss) lvss=0 && shift ;;
	--demo) demo=1 && TAP_QUIET=1 && shift ;;
	-h | --help) usage && exit 0 ;;
	*) usage >&2 && exit 2 ;;
	esac
done

image=
kmake=()
if [ -n "$kroot" ]; then
	[ -r "$kroot/kver" ] || die "--kernel-root $kroot: no kver file"
	[ -z "$kver" ] || [ "$kver" = "$(cat "$kroot/kver")" ] ||
		die "--kver $kver is not the kernel in $kroot"
	kver=$(cat "$kroot/kver")
	image=$kroot/bzImage
	[ -f "$kroot/build/Makefile" ] || die "--kernel-root $kroot: no build/ tree"
	kmake=(KDIR="$kroot/build/Makefile")
	# base-layer.sh and run-layer.sh take the modules from there.
	export LVSS_VM_MODROOT=$kroot/modules
fi
[ -n "$kver" ] || kver=$("$ROOT/scripts/default-kver.sh")
[ -n "$image" ] || image=/boot/vmlinuz-$kver
[ -r "$image" ] || die "no kernel image $image"
[[ -z $budget || $budget =~ ^[1-9][0-9]*$ ]] || die "--timeout takes seconds"
[ -n "$out" ] || out=$ROOT/tests/out/$kver$([ "$demo" = 0 ] || echo -demo)
mkdir -p "$out"
out=$(realpath "$out")
# Only what earlier runs wrote: --out may name a directory with other files.
rm -rf "$out"/console.log "$out"/results-*.txt "$out"/qemu-*.log "$out"/logs \
	"$out"/disks "$out"/build.log "$out"/timings.tsv "$out"/.work
mkdir -p "$out/logs" "$out/.work"
work=$out/.work
if [ -n "$disk_dir" ]; then
	if [ ! -d "$disk_dir" ] || [ ! -w "$disk_dir" ]; then
		die "--disk-dir $disk_dir: not a writable directory"
	fi
	disks=$(realpath "$disk_dir")
else
	disks=$out/disks
	mkdir -p "$disks"
fi
# The qemu of the boot under way (its timeout(1) process, really): boot.sh
# runs as a background job, which ignores ^C, so stop it from here.
QPID=
trap '[ -z "$QPID" ] || kill "$QPID" 2>/dev/null || :; rm -rf "$work"' EXIT
trap 'trap - ERR; exit 130' INT TERM
patterns=$work/patterns
grep -v -e '^#' -e '^$' "$VM_DIR/kernel-log-patterns" >"$patterns"

bold=
plain=
if [ -t 1 ]; then
	bold=$(tput bold 2>/dev/null || :)
	plain=$(tput sgr0 2>/dev/null || :)
fi
[ "$demo" = 0 ] || echo "${bold}lvss demo on Linux $kver: build, then boot a VM (about 15 s)${plain}"

# --- build -------------------------------------------------------------

# build_step NAME CMD...: a build is a test too (log: build.log); returns
# the build's exit status.
build_step() {
	local name=$1 rc=0
	shift
	echo "\$ $*" >>"$out/build.log"
	"$@" >>"$out/build.log" 2>&1 || rc=$?
	if [ "$rc" -eq 0 ]; then
		tap_result pass "$kver $name"
	else
		tap_result fail "$kver $name" "'$*' exited $rc; log: $out/build.log"
		tail -n 20 "$out/build.log" | tap_diag
	fi
	return "$rc"
}

userbin=-
if [ "$lvss" = 1 ]; then
	mkdir -p "$CACHE_DIR"
	# Parallel runs (one per kernel) share build/user: build one at a time.
	exec 8>"$CACHE_DIR/build-$(echo "$ROOT" | sha256sum | cut -c1-8).lock"
	flock -w 600 8 || die "timed out waiting for another run's build"
	# After a failed build, what build/ holds is stale: test none of it.
	build_step "build lvss.ko" make -C "$ROOT" kmod KVER="$kver" "${kmake[@]}" &&
		kos=("$ROOT/build/kmod/$kver/lvss.ko" "${kos[@]}")
	build_step "build tools" make -C "$ROOT" user && userbin=$ROOT/build/user/bin
	flock -u 8
fi

# --- plan: cases, their disks and timeouts, spread over boots ---------------

# header FILE KEY: the value of a '# lvss-KEY: value' line near the top.
header() {
	sed -n "1,40s/^#[[:space:]]*lvss-$2:[[:space:]]*//p" "$1" | head -n 1
}

names=()
declare -A FILE_OF=() TIMEOUT_OF=() SIZES_OF=() BOOT_OF=() TARGET_OF=() STATUS_OF=()
# case_selected NAME: no --filter, or NAME matches one of them.
case_selected() {
	[ "${#filters[@]}" -gt 0 ] || return 0
	local f
	for f in "${filters[@]}"; do
		# shellcheck disable=SC2053 # each filter is a glob on purpose
		[[ $1 == $f ]] && return 0
	done
	return 1
}

if [ "$demo" = 1 ]; then
	names=(demo)
	FILE_OF[demo]=$VM_DIR/demo.sh
else
	[ -d "$cases_dir" ] || die "no cases directory $cases_dir"
	for f in "$cases_dir"/*.sh; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .sh)
		case_selected "$n" || continue
		[[ $n =~ ^[A-Za-z0-9._-]+$ ]] || die "$f: case names may use only A-Z a-z 0-9 . _ -"
		names+=("$n")
		FILE_OF[$n]=$f
	done
	[ "${#names[@]}" -gt 0 ] || die "no case in $cases_dir matches '${filters[*]}'"
fi

boot=1
boot_disks=0
boot_targets=0
for n in "${names[@]}"; do
	f=${FILE_OF[$n]}
	t=$(header "$f" timeout)
	t=${t:-120}
	[[ $t =~ ^[1-9][0-9]*$ ]] || die "$f: lvss-timeout must be whole seconds, not '$t'"
	t=$((t * SCALE))
	sizes=
	for spec in $(header "$f" disks); do
		[[ $spec =~ ^([1-9][0-9]*)x([1-9][0-9]*[KMG]?)$ ]] ||
			die "$f: lvss-disks wants COUNTxSIZE (e.g. 3x256M), not '$spec'"
		for ((i = 0; i < BASH_REMATCH[1]; i++)); do
			sizes+=" ${BASH_REMATCH[2]}"
		done
	done
	nd=$(wc -w <<<"$sizes")
	# One boot holds at most MAX_DISKS disks on targets 0-254 of one
	# controller; a case needing more than that still gets a boot alone.
	if [ "$nd" -gt 0 ] && [ "$boot_disks" -gt 0 ] &&
		{ [ $((boot_disks + nd)) -gt "$MAX_DISKS" ] || [ "$boot_targets" -ge 255 ]; }; then
		boot=$((boot + 1))
		boot_disks=0
		boot_targets=0
	fi
	TIMEOUT_OF[$n]=$t
	SIZES_OF[$n]=$sizes
	BOOT_OF[$n]=$boot
	TARGET_OF[$n]=-
	if [ "$nd" -gt 0 ]; then
		TARGET_OF[$n]=$boot_targets
		boot_targets=$((boot_targets + 1))
		boot_disks=$((boot_disks + nd))
	fi
done
nboots=$boot

# --- the run layer: cases, their plan, the project's modules and tools -----

stage=$work/stage
mkdir -p "$stage/lvss/cases"
for n in "${names[@]}"; do
	cp "${FILE_OF[$n]}" "$stage/lvss/cases/$n.sh"
	printf '%s\t%s\t%s\t%s\t%s\n' "${BOOT_OF[$n]}" "$n" "${TIMEOUT_OF[$n]}" \
		"$(wc -w <<<"${SIZES_OF[$n]}")" "${TARGET_OF[$n]}"
done >"$stage/lvss/cases.tsv"
abi_part() {
	sed -n "s/^#define LVSS_ABI_$1[[:space:]]*\([0-9]*\).*/\1/p" \
		"$ROOT/include/uapi/linux/lvss.h"
}
{
	echo "LVSS_KVER='$kver'"
	echo "LVSS_MODE=$([ "$demo" = 1 ] && echo demo || echo tests)"
	echo "LVSS_LOAD=$lvss"
	echo "LVSS_VERSION='$(cat "$ROOT/VERSION")'"
	echo "LVSS_ABI='$(abi_part MAJOR).$(abi_part MINOR)'"
	echo "LVSS_TIMEOUT_SCALE=$SCALE"
	echo "LVSS_RACE_SCALE=$RACE_SCALE"
} >"$stage/lvss/env"

t0=$SECONDS
base=$("$VM_DIR/lib/base-layer.sh" "$kver")
"$VM_DIR/lib/run-layer.sh" "$kver" "$base" "$stage" "$work/initrd.cpio" \
	"$userbin" "${kos[@]}"
accel=$("$VM_DIR/lib/accel.sh" "$kver" "$image")
tap_diag "initramfs ready in $((SECONDS - t0)) s; accel: $accel"

# --- boots ------------------------------------------------------------------

# Diagnostics of the failing test whose LOG records are arriving; shown
# once they are complete: the last lines of its output and kernel log.
diag_name=
diag_out=()
diag_kern=()
diag_flush() {
	[ -n "$diag_name" ] || return 0
	local n=${#diag_out[@]} from
	from=$((n > DIAG_LINES ? n - DIAG_LINES : 0))
	[ "$from" -eq 0 ] || tap_diag "... $from earlier lines"
	[ "$n" -eq 0 ] || printf '%s\n' "${diag_out[@]:from}" | tap_diag
	# The kernel log from just before its first bad line: the report's head.
	n=${#diag_kern[@]}
	from=$(printf '%s\n' "${diag_kern[@]}" | grep -n -E -f "$patterns" | head -n 1 | cut -d: -f1 || :)
	from=$((${from:-1} > 2 ? ${from:-1} - 2 : 0))
	[ "$n" -eq 0 ] || printf '%s\n' "${diag_kern[@]:from:40}" | tap_diag
	[ ! -f "$out/logs/${diag_name// /-}.log" ] ||
		tap_diag "full log: $out/logs/${diag_name// /-}.log"
	diag_name=
	diag_out=()
	diag_kern=()
}

# run_boot B BUDGET QEMU...: one boot; turns its records into TAP.
run_boot() {
	local b=$1 budget=$2 tag f1 f2 f3 f4 line chunk pending='' rc
	shift 2
	local -A got=()
	local expect=() started='' qpid='' qrc='?' qms=0 done=0 stalled=''
	local deadline=$((SECONDS + BOOT_MARGIN)) suffix=
	[ "$nboots" -eq 1 ] || suffix=" (boot $b/$nboots)"
	[ "$lvss" = 0 ] || expect+=("module load")
	for n in "${names[@]}"; do
		[ "${BOOT_OF[$n]}" != "$b" ] || expect+=("$n")
	done
	[ "$lvss" = 0 ] || expect+=("module unload")

	echo "=== lvss vm: $kver boot $b/$nboots ===" >>"$out/console.log"
	local off
	off=$(stat -c %s "$out/console.log")
	while :; do
		chunk=
		rc=0
		IFS= read -r -t 2 chunk || rc=$?
		if [ "$rc" -gt 128 ]; then
			# No complete line yet: keep the part, check for a stall.
			pending+=$chunk
			if [ -z "$stalled" ] && [ "$SECONDS" -gt "$deadline" ] && [ -n "$qpid" ]; then
				stalled="no progress from ${started:-the guest} for $((SECONDS - deadline + STALL_GRACE)) s"
				kill "$qpid" 2>/dev/null || :
			fi
			continue
		fi
		line=$pending$chunk
		pending=
		[ "$rc" -eq 0 ] || [ -n "$line" ] || break
		line=${line%$'\r'}
		# \x1f is not IFS whitespace: empty fields survive the split.
		IFS=$'\x1f' read -r tag f1 f2 f3 f4 <<<"${line//$'\t'/$'\x1f'}"
		case $tag in
		QEMU-PID) qpid=$f1 && QPID=$f1 ;;
		QEMU-EXIT) qrc=$f1 && qms=$f2 && QPID= ;;
		BOOT)
			deadline=$((SECONDS + STALL_GRACE))
			tap_diag "boot $b/$nboots: $kver reached init in $((f2 / 100)).$((f2 % 100 / 10)) s"
			;;
		START)
			diag_flush
			started=$f1
			deadline=$((SECONDS + ${TIMEOUT_OF[$f1]:-0} + STALL_GRACE))
			;;
		TEST)
			diag_flush
			got[$f2]=$f1
			STATUS_OF[$f2]=$f1
			started=
			deadline=$((SECONDS + STALL_GRACE))
			printf '%s\t%s\t%s\n' "$f2" "$f1" "$((f4 / 100)).$((f4 % 100 / 10))" >>"$out/timings.tsv"
			tap_result "$f1" "$kver $f2" "$f3"
			[ "$f1" != fail ] || diag_name=$f2
			;;
		LOG)
			line=${line#LOG$'\t'"$f1"$'\t'}
			echo "$line" >>"$out/logs/${f1// /-}.log"
			if [ "$f1" = "$diag_name" ]; then
				case $line in
				kernel:*) diag_kern+=("$line") ;;
				*) diag_out+=("$line") ;;
				esac
			fi
			;;
		DONE) diag_flush && done=1 ;;
		*)
			# The demo writes its own lines to the results port.
			if [ "$demo" = 0 ]; then
				tap_diag "guest: $line"
			elif [[ $line == '$ '* ]]; then
				echo "$bold$line$plain"
			else
				echo "$line"
			fi
			;;
		esac
	done < <("$VM_DIR/lib/boot.sh" "$budget" "$out/console.log" \
		"$out/results-$b.txt" "$out/qemu-$b.log" "$@" || :)
	diag_flush
	tap_diag "boot $b/$nboots: qemu ran $((qms / 1000)).$((qms % 1000 / 100)) s"

	if [ "$done" != 1 ]; then
		local why
		if [ -n "$stalled" ]; then
			why="boot/run timed out: $stalled"
		elif [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
			why="boot/run timed out after $budget s"
		else
			why="boot/run crashed: qemu exited $qrc without the guest's completion record"
		fi
		tap_result fail "$kver $why$suffix"
		# The head of the first kernel report if there is one, else the end.
		tail -c +"$((off + 1))" "$out/console.log" | tr -d '\r' >"$work/console"
		local first
		first=$(grep -n -E -f "$patterns" "$work/console" | head -n 1 | cut -d: -f1 || :)
		{
			tail -n 5 "$out/qemu-$b.log"
			if [ -n "$first" ]; then
				tail -n +"$((first > 2 ? first - 2 : 1))" "$work/console" | head -n 40
			else
				tail -n 30 "$work/console"
			fi
		} | tap_diag
		tap_diag "console log: $out/console.log"
	fi
	for n in "${expect[@]}"; do
		[ -z "${got[$n]:-}" ] || continue
		STATUS_OF[$n]=fail
		if [ "$n" = "$started" ]; then
			tap_result fail "$kver $n" "the guest crashed or hung while running it"
		else
			tap_result fail "$kver $n" "not run: the boot ended early"
		fi
	done

	# Backstop: the whole console, boot and shutdown included.
	local bad
	bad=$(tail -c +"$((off + 1))" "$out/console.log" | tr -d '\r' |
		grep -E -f "$patterns" | head -n 20 || :)
	if [ -z "$bad" ]; then
		tap_result pass "$kver kernel log clean$suffix"
	else
		tap_result fail "$kver kernel log clean$suffix" "console log: $out/console.log"
		tap_diag <<<"$bad"
	fi
}

for ((b = 1; b <= nboots; b++)); do
	# shellcheck disable=SC2206 # accel is a list of words
	q=(qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot
		$accel -smp 2 -m "$MEM" -kernel "$image" -initrd "$work/initrd.cpio"
		-append "console=ttyS0 panic=-1 oops=panic${LVSS_VM_APPEND:+ $LVSS_VM_APPEND} lvss_vm_boot=$b")
	sum=0
	scsi=0
	for n in "${names[@]}"; do
		[ "${BOOT_OF[$n]}" = "$b" ] || continue
		sum=$((sum + TIMEOUT_OF[$n]))
		j=0
		for size in ${SIZES_OF[$n]}; do
			[ "$scsi" = 1 ] || q+=(-device "virtio-scsi-pci,id=scsi0")
			scsi=1
			j=$((j + 1))
			img=$disks/$n-$j.img
			truncate -s "$size" "$img"
			q+=(-drive "file=$img,if=none,format=raw,cache=unsafe,id=d$b-${TARGET_OF[$n]}-$j"
				-device "scsi-hd,drive=d$b-${TARGET_OF[$n]}-$j,bus=scsi0.0,channel=0,scsi-id=${TARGET_OF[$n]},lun=$((j - 1))")
		done
	done
	run_boot "$b" "${budget:-$((sum + BOOT_MARGIN))}" "${q[@]}"
done

# Scratch disks of passing cases are dead weight; failing ones stay to look at.
for n in "${names[@]}"; do
	case ${STATUS_OF[$n]:-fail} in
	pass | skip) rm -f "$disks/$n"-*.img ;;
	esac
done
[ -n "$disk_dir" ] || rmdir "$disks" 2>/dev/null || :

tap_end
if [ "$TAP_FAIL" -gt 0 ]; then
	echo "# logs: $out" >&2
	exit 1
fi
