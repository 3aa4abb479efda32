#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# Usage: accel.sh KVER [IMAGE]
# Print qemu's accelerator arguments. Single-threaded TCG by default: on
# these hosts KVM hangs the guest, and multi-threaded TCG froze guests that
# patch kernel text (ftrace). KVM is used only when a probe boot of KVER
# reached init within 20 s; the probe runs once per host kernel and its
# verdict is cached. LVSS_VM_ACCEL=tcg|kvm|auto overrides.
# LVSS_VM_TCG_THREAD=multi gives TCG one host thread per vCPU: only for
# benchmarks that register the ftrace hook once per boot (tests/bench).
set -eu -o pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

kver=${1:?usage: accel.sh KVER [IMAGE]}
image=${2:-/boot/vmlinuz-$kver}
case ${LVSS_VM_TCG_THREAD:-single} in
single | multi) ;;
*) die "LVSS_VM_TCG_THREAD must be single or multi" ;;
esac
TCG="-accel tcg,thread=${LVSS_VM_TCG_THREAD:-single} -cpu max"
# LVSS_VM_ICOUNT=1: guest time counts executed instructions (1 ns each),
# not host time, so the host's load cannot move CPU-bound figures
# (tests/bench/tracking). Single-threaded TCG only.
if [ "${LVSS_VM_ICOUNT:-0}" = 1 ]; then
	[ "${LVSS_VM_TCG_THREAD:-single}" = single ] || die "LVSS_VM_ICOUNT=1 needs single-threaded TCG"
	TCG="$TCG -icount shift=0,sleep=off"
fi
KVM="-accel kvm -cpu host"

case ${LVSS_VM_ACCEL:-auto} in
tcg) echo "$TCG" && exit 0 ;;
kvm) echo "$KVM" && exit 0 ;;
auto) ;;
*) die "LVSS_VM_ACCEL must be tcg, kvm or auto" ;;
esac

probe() {
	[ -w /dev/kvm ] || return 1
	local tmp rc=0
	tmp=$(mktemp -d)
	mkdir -p "$tmp/root/bin"
	cp /usr/bin/busybox "$tmp/root/bin/busybox"
	printf '%s\n' '#!/bin/busybox sh' '/bin/busybox echo LVSS-KVM-PROBE-OK' \
		'/bin/busybox sleep 1' '/bin/busybox poweroff -f' >"$tmp/root/init"
	chmod +x "$tmp/root/init"
	pack_cpio "$tmp/root" "$tmp/probe.cpio"
	# The group's 2>/dev/null also takes bash's note about a qemu that
	# aborts (as it does when KVM is unusable).
	{
		timeout -k 5 20 qemu-system-x86_64 -nodefaults -no-user-config \
			-display none -no-reboot -accel kvm -cpu host -m 256M \
			-kernel "$image" -initrd "$tmp/probe.cpio" \
			-append "console=ttyS0 panic=-1" -serial "file:$tmp/console.log" \
			</dev/null >/dev/null
	} 2>/dev/null || :
	grep -q LVSS-KVM-PROBE-OK "$tmp/console.log" 2>/dev/null || rc=1
	rm -rf "$tmp"
	return "$rc"
}

verdict=$CACHE_DIR/kvm-probe-$(uname -r)
if [ ! -f "$verdict" ]; then
	mkdir -p "$CACHE_DIR"
	warn "probing KVM once for host kernel $(uname -r) (up to 20 s)"
	if probe; then echo ok; else echo fail; fi >"$verdict"
fi
if [ "$(cat "$verdict")" = ok ]; then echo "$KVM"; else echo "$TCG"; fi
