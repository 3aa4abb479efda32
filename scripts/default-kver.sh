#!/bin/sh
# Print the newest Debian-packaged kernel version whose headers are installed.
# The running kernel is never the default: the host cannot load modules and
# has no headers, tests run in a VM that boots a Debian kernel.
set -eu
for d in /usr/src/linux-headers-*-amd64 /lib/modules/*/build; do
	[ -f "$d/Makefile" ] || continue
	case "$d" in
	/usr/src/linux-headers-*) v=${d#/usr/src/linux-headers-} ;;
	*) v=${d#/lib/modules/}; v=${v%/build} ;;
	esac
	echo "$v"
done | sort -uV | tail -n 1 | grep . || {
	echo "default-kver: no Debian kernel headers installed; run 'make deps'" >&2
	exit 1
}
