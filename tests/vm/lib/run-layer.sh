#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# Usage: run-layer.sh KVER BASE STAGE OUT.cpio USERBIN [KO...]
# Build the per-run initramfs layer, appended after the cached base layer
# (the kernel unpacks concatenated cpio archives in order, later files
# replacing earlier ones): the guest scripts, everything in STAGE (cases
# and their plan, written by run.sh), the executables in USERBIN ('-' for
# none) with their libraries, and the modules KO... in
# /lib/modules/KVER/extra/ with fresh depmod indexes over base + extra.
# LVSS_VM_MODROOT: as for base-layer.sh.
set -eu -o pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

kver=$1
base=$2
stage=$3
out=$4
userbin=$5
shift 5

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
moddir=lib/modules/$kver

mkdir -p "$root/lvss" "$root/usr/local/bin" "$root/usr/lib" "$root/usr/lib64" \
	"$root/usr/bin" "$root/usr/sbin"
# The same merged-/usr links as the base layer, so paths land in one tree.
for d in bin sbin lib lib64; do
	ln -s "usr/$d" "$root/$d"
done
mkdir -p "$root/$moddir/extra"
cp -r "$stage"/. "$root/"
install -m 755 "$VM_DIR/guest/init" "$root/init"
cp "$VM_DIR/guest/lib.sh" "$VM_DIR/guest/run-case.sh" "$VM_DIR/guest/case-lib.sh" \
	"$VM_DIR/guest/oracle-lib.sh" "$VM_DIR/guest/fault-lib.sh" "$VM_DIR/guest/race-lib.sh" \
	"$VM_DIR/kernel-log-patterns" "$root/lvss/"

if [ "$userbin" != - ] && [ -d "$userbin" ]; then
	for f in "$userbin"/*; do
		if [ ! -f "$f" ] || [ ! -x "$f" ]; then continue; fi
		cp "$f" "$root/usr/local/bin/"
		for lib in $(elf_libs "$f"); do
			case $lib in
			MISSING) warn "$f: a library is not found on the host" ;;
			*) [ -e "$base/root$lib" ] || copy_path "$lib" "$root" ;;
			esac
		done
	done
fi

for ko in "$@"; do
	copy_module "$ko" "$root/$moddir/extra/$(basename "${ko%.xz}")"
	# Dependencies the base layer lacks come from the host's tree.
	for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
		for p in $(module_paths "$kver" "$dep"); do
			rel=${p#"$MODROOT"/"$moddir"/}
			rel=${rel%.xz}
			[ -f "$base/root/$moddir/$rel" ] || copy_module "$p" "$root/$moddir/$rel"
		done
	done
done

# depmod must see base and extra modules together to index both.
mkdir -p "$tmp/dep/lib/modules"
cp -a "$base/root/$moddir" "$tmp/dep/lib/modules/"
cp -a "$root/$moddir/." "$tmp/dep/$moddir/"
depmod -b "$tmp/dep" "$kver"
cp "$tmp/dep/$moddir"/modules.* "$root/$moddir/"

pack_cpio "$root" "$tmp/run.cpio"
cat "$base/base.cpio" "$tmp/run.cpio" >"$out"
