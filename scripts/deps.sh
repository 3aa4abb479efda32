#!/bin/sh
# make deps: install every Debian package the build, the tests and the demo
# need. Idempotent and quiet when everything is present. INITRD=No keeps
# the kernel packages from regenerating the host's initrd (the kernels are
# only booted inside the test VM).
set -eu

packages="
build-essential gcc make pkg-config perl python3 bc flex bison xz-utils
cpio kmod busybox-static qemu-system-x86
e2fsprogs xfsprogs util-linux dmsetup fio iproute2 strace coreutils diffutils
libnl-3-dev libnl-genl-3-dev libblkid-dev libkmod-dev libjson-c-dev
linux-image-amd64 linux-headers-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64
linux-source-6.1 dkms sparse dwarves libelf-dev libssl-dev
clang libclang-rt-14-dev
"

missing=""
for p in $packages; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all $(echo "$packages" | wc -w) packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run 'sudo make deps' to install them" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive INITRD=No
apt-get update -qq
# shellcheck disable=SC2086 # $missing is a word list on purpose
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
