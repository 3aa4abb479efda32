#!/bin/sh
# make check: kernel-side static checks, all of which must be clean.
#  1. checkpatch.pl --no-tree -f (--strict) on every kernel C file we own
#  2. a from-scratch W=1 build with sparse (C=2) for each test kernel;
#     any compiler or sparse diagnostic fails the check
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fail=0

files=$(find kmod -name '*.[ch]' -not -name '*.mod.c' | sort)
# shellcheck disable=SC2086 # word splitting of the file list is intended
out=$(scripts/checkpatch.sh $files 2>&1) || true
bad=$(printf '%s\n' "$out" | grep '^total:' | grep -vc '^total: 0 errors, 0 warnings, 0 checks' || true)
nfiles=$(printf '%s\n' "$out" | grep -c '^total:' || true)
if [ "$bad" -ne 0 ] || [ "$nfiles" -eq 0 ]; then
	printf '%s\n' "$out" | grep -B1 -A3 -E '^(ERROR|WARNING|CHECK):' >&2 || true
	echo "check: checkpatch found problems in $bad of $nfiles files" >&2
	fail=1
else
	echo "check: checkpatch clean ($nfiles files)"
fi

command -v sparse >/dev/null || {
	echo "check: sparse is not installed: run 'make deps'" >&2
	exit 1
}
for kver in $(scripts/test-kvers.sh); do
	tmp=$(mktemp -d)
	log=$tmp/build.log
	if ! make -s -C kmod KVER="$kver" BUILD="$tmp" KBUILD_ARGS="W=1 C=2" \
		>"$log" 2>&1; then
		cat "$log" >&2
		echo "check: W=1 C=2 build failed for $kver" >&2
		fail=1
	elif grep -E 'warning:|error:|: note:' "$log" | grep -v '/probes/' >&2; then
		echo "check: W=1/sparse diagnostics for $kver (above)" >&2
		fail=1
	else
		echo "check: W=1 + sparse clean for $kver"
	fi
	rm -rf "$tmp"
done
[ "$fail" -eq 0 ] && echo "check: all clean"
exit "$fail"
