#!/bin/sh
# make install / make uninstall (as root) on a real server:
#   - lvss.ko through DKMS, so it is rebuilt for every kernel update;
#   - the userspace tools into PREFIX/bin, the udev rule for /dev/lvss/.
#   install.sh install|uninstall PREFIX
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
action=$1 prefix=$2
version=$(cat "$root/VERSION")
src=/usr/src/lvss-$version

if [ "$(id -u)" -ne 0 ]; then
	echo "install: must run as root: 'sudo make $action'" >&2
	exit 1
fi
command -v dkms >/dev/null || {
	echo "install: dkms is not installed: run 'sudo make deps'" >&2
	exit 1
}

case $action in
install)
	[ -x "$root/build/user/bin/lvss" ] || make -C "$root" user
	if dkms status -m lvss -v "$version" | grep -q .; then
		dkms remove -m lvss -v "$version" --all
	fi
	"$root/scripts/dkms-source.sh" "$src"
	dkms add -m lvss -v "$version"
	dkms autoinstall
	install -D -m 0755 "$root/build/user/bin/lvss" "$prefix/bin/lvss"
	# /dev/lvss/<device>@<seq> links for the snapshot disks.
	install -D -m 0644 "$root/udev/60-lvss.rules" /etc/udev/rules.d/60-lvss.rules
	command -v udevadm >/dev/null && udevadm control --reload || :
	echo "install: lvss $version installed; try 'sudo modprobe lvss && sudo lvss version'"
	;;
uninstall)
	if dkms status -m lvss -v "$version" | grep -q .; then
		dkms remove -m lvss -v "$version" --all
	fi
	rm -rf "$src" "$prefix/bin/lvss" /etc/udev/rules.d/60-lvss.rules
	echo "install: lvss $version removed"
	;;
*)
	echo "install: unknown action '$action' (install or uninstall)" >&2
	exit 2
	;;
esac
