#!/bin/sh
# Lay out the DKMS source package of lvss.ko in DIR (created fresh):
# exactly what 'make -C kmod' needs, nothing built, no VCS data.
#   dkms-source.sh DIR
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
rm -rf "$dir"
mkdir -p "$dir/scripts" "$dir/include/uapi/linux"
cp "$root/dkms.conf" "$root/VERSION" "$dir/"
cp "$root/scripts/default-kver.sh" "$dir/scripts/"
cp "$root/include/uapi/linux/lvss.h" "$dir/include/uapi/linux/"
mkdir -p "$dir/kmod/compat/probes"
cp "$root/kmod/Makefile" "$root/kmod/Kbuild" "$root"/kmod/*.[ch] "$dir/kmod/"
cp "$root/kmod/compat/gen-compat.sh" "$dir/kmod/compat/"
cp "$root"/kmod/compat/probes/*.c "$dir/kmod/compat/probes/"
