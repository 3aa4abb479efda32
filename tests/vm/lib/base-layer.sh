#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# Usage: base-layer.sh KVER
# (LVSS_VM_MODROOT: the modules are under $LVSS_VM_MODROOT/lib/modules/KVER.)
# Build, or reuse from the cache, the base layer of the guest initramfs for
# one kernel: busybox, the real tools cases call (with their libraries) and
# the kernel modules they need. Nothing from the checkout goes in here, so the
# layer is rebuilt only when this script, an installed package or the kernel
# changes. Prints the layer's directory: base.cpio and root/ (the unpacked
# tree, which run-layer.sh needs to run depmod over base + project modules).
set -eu -o pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

kver=${1:?usage: base-layer.sh KVER}

# Real tools, not busybox applets: cases call them by full path. Missing
# ones are skipped with a warning so one absent package does not stop a run.
TOOLS="
/usr/sbin/mke2fs /usr/sbin/mkfs.ext4 /usr/sbin/mkfs.ext2 /usr/sbin/e2fsck
/usr/sbin/fsck.ext4 /usr/sbin/tune2fs /usr/sbin/dumpe2fs /usr/sbin/debugfs
/usr/sbin/resize2fs /usr/sbin/mkfs.xfs /usr/sbin/xfs_repair /usr/sbin/xfs_db
/usr/sbin/xfs_io /usr/sbin/xfs_growfs /usr/sbin/losetup /usr/sbin/blockdev
/usr/sbin/blkid /usr/sbin/wipefs /usr/sbin/fsfreeze /usr/sbin/blkdiscard
/usr/sbin/dmsetup /usr/sbin/genl /usr/bin/lsblk /usr/bin/findmnt
/usr/bin/mount /usr/bin/umount /usr/bin/setpriv /usr/bin/fio
/usr/bin/sha256sum /usr/bin/md5sum /usr/bin/cmp /usr/bin/dd /usr/bin/stat
/usr/bin/truncate /usr/bin/sync /usr/bin/timeout /usr/bin/strace
/usr/bin/kmod
"
# kmod's own names for itself; /sbin/modprobe is what the kernel's
# request_module() runs, and libkmod (used by lvss) reads the same indexes.
KMOD_LINKS="/usr/sbin/modprobe /usr/sbin/insmod /usr/sbin/rmmod /usr/sbin/lsmod
/usr/sbin/modinfo /usr/sbin/depmod"

# Modules by name; modprobe --show-depends adds their dependencies.
# dm-error and dm-linear are part of dm-mod. A module the kernel has built
# in (modules.builtin: virtio_pci on 6.12, most of them on the debug kernel)
# needs nothing copied.
MODULES="virtio_pci virtio_scsi virtio_blk sd_mod loop ext4 xfs dm-mod
dm-snapshot dm-flakey dm-delay null_blk brd"

[ -d "$MODROOT/lib/modules/$kver/kernel" ] || die "no modules for kernel $kver in $MODROOT/lib/modules"

key=$({
	cat "$0" "$(dirname "$0")/common.sh"
	echo "$kver"
	[ -z "$MODROOT" ] || echo "$MODROOT"
	stat -c '%s %Y' /var/lib/dpkg/status "$MODROOT/lib/modules/$kver/modules.dep" /usr/bin/busybox
} | sha256sum | cut -c1-16)
top=$CACHE_DIR/initramfs/$kver
dir=$top/$key
mkdir -p "$top"

# Two runs for one kernel may race to build the same layer.
exec 9>"$top/.lock"
flock -w 300 9 || die "timed out waiting for the lock on $top"

if [ -f "$dir/base.cpio" ]; then
	echo "$dir"
	exit 0
fi

tmp=$(mktemp -d "$top/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root

mkdir -p "$root"/usr/bin "$root"/usr/sbin "$root"/usr/lib "$root"/usr/lib64 \
	"$root"/usr/local/bin "$root"/etc "$root"/dev "$root"/proc "$root"/sys \
	"$root"/tmp "$root"/run "$root"/mnt "$root"/root
# Merged /usr, as on the host, so ldd's paths and the guest's agree.
for d in bin sbin lib lib64; do
	ln -s "usr/$d" "$root/$d"
done

for t in $TOOLS; do
	if [ -x "$t" ]; then
		copy_elf "$t" "$root"
	else
		warn "base layer: $t not installed on the host, not in the guest"
	fi
done
if [ -x "$root/usr/bin/kmod" ]; then
	for l in $KMOD_LINKS; do
		ln -sf ../bin/kmod "$root$l"
	done
fi

# Busybox fills in every command no real tool provides.
cp /usr/bin/busybox "$root/usr/bin/busybox"
for a in $(/usr/bin/busybox --list-full); do
	case $a in */*) ;; *) continue ;; esac
	[ -e "$root/$a" ] || [ -L "$root/$a" ] || ln -s /usr/bin/busybox "$root/$a"
done

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
ln -s /proc/self/mounts "$root/etc/mtab"

moddir=/lib/modules/$kver
for m in $MODULES; do
	paths=$(module_paths "$kver" "$m")
	if [ -z "$paths" ] &&
		! modprobe ${MODROOT:+-d "$MODROOT"} -S "$kver" --show-depends "$m" >/dev/null 2>&1; then
		warn "base layer: module $m not found for $kver"
	fi
	for p in $paths; do
		rel=${p#"$MODROOT$moddir"/}
		rel=${rel%.xz}
		rel=${rel%.zst}
		[ -f "$root$moddir/$rel" ] || copy_module "$p" "$root$moddir/$rel"
	done
done
cp "$MODROOT$moddir"/modules.builtin "$MODROOT$moddir"/modules.builtin.modinfo "$root$moddir/"
# Keep the kernel's load order for the modules we ship, named as shipped.
sed -e 's/\.ko\.\(xz\|zst\)$/.ko/' "$MODROOT$moddir/modules.order" |
	while read -r m; do
		[ ! -f "$root$moddir/$m" ] || echo "$m"
	done >"$root$moddir/modules.order"
depmod -b "$root" "$kver"

pack_cpio "$root" "$tmp/base.cpio"
mv "$tmp" "$dir"
trap - EXIT
# Older layers of this kernel are dead weight now.
find "$top" -mindepth 1 -maxdepth 1 -type d ! -name "$key" ! -name '.build.*' \
	-exec rm -rf {} +
echo "$dir"
