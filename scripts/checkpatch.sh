#!/bin/sh
# Run the kernel's checkpatch.pl (from Debian's linux-source-6.1) on files.
#   checkpatch.sh FILE...
# checkpatch is extracted once into the cache, keyed by the tarball.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || {
	echo "checkpatch: $tarball is missing: run 'make deps'" >&2
	exit 1
}
key=$(stat -c '%s-%Y' "$tarball")
dir=$("$root/scripts/cache-dir.sh")/checkpatch-$key
if [ ! -f "$dir/scripts/checkpatch.pl" ]; then
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	tar -xJf "$tarball" -C "$dir.tmp" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi
# --strict on top of the required --no-tree -f; long user-visible strings
# are kept whole, as coding-style.rst asks, so LONG_LINE_STRING is off.
exec perl "$dir/scripts/checkpatch.pl" --no-tree --strict --show-types \
	--ignore LONG_LINE_STRING -f "$@"
