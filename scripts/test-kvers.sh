#!/bin/sh
# Print the kernels the test suite boots: the newest installed Debian 6.1
# and 6.12 kernels that have both an image and headers, one per line.
set -eu
for series in 6.1 6.12; do
	for img in /boot/vmlinuz-"$series".*-amd64; do
		[ -f "$img" ] || continue
		v=${img#/boot/vmlinuz-}
		[ -f "/usr/src/linux-headers-$v/Makefile" ] ||
			[ -f "/lib/modules/$v/build/Makefile" ] || continue
		echo "$v"
	done | sort -V | tail -n 1
done
