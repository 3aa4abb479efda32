#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run lvss's KUnit suites on user-mode Linux (ARCH=um), built from Debian's
# linux-source-6.1 tarball. See tests/kunit/README.md.
#
#   tests/kunit/run.sh [FILTER_GLOB]   build, boot, print TAP-ish results
#   tests/kunit/run.sh --tree          unpack if needed, print the tree's path
#                                      (for scripts/checkpatch.pl)
#
# Output: '# ' comment lines, one 'ok N - kunit <suite>.<case>' or
# 'not ok N - ...' line per test, and a last line 'N passed, N failed'
# (', N skipped' appended when a test was skipped).
# Exit status: 0 all passed; 1 a test failed, crashed, or none ran;
# 2 setup, build or timeout error.
#
# Environment:
#   LVSS_CACHE_DIR        cache root (default $XDG_CACHE_HOME/lvss, ~/.cache/lvss)
#   LVSS_KUNIT_TARBALL    kernel source (default /usr/src/linux-source-6.1.tar.xz)
#   LVSS_KUNIT_TIMEOUT    seconds for the whole run: lock wait, unpack,
#                         configure, build, boot (default 1800)
#   LVSS_KUNIT_RUN_TIMEOUT  seconds for the UML boot and tests (default 120)
#   LVSS_KUNIT_JOBS       make jobs (default nproc)
#   LVSS_KUNIT_VERBOSE=1  also stream kunit.py's own output

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARBALL=${LVSS_KUNIT_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
CACHE=${LVSS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lvss}/kunit
TIMEOUT=${LVSS_KUNIT_TIMEOUT:-1800}
RUN_TIMEOUT=${LVSS_KUNIT_RUN_TIMEOUT:-120}
JOBS=${LVSS_KUNIT_JOBS:-$(nproc)}
VERBOSE=${LVSS_KUNIT_VERBOSE:-0}
KUNITCONFIG=$HERE/lvss.kunitconfig
SOURCES_LIST=$HERE/sources.list

MODE=run
START=$(date +%s)
# Seconds left of LVSS_KUNIT_TIMEOUT (at least 1, so a spent budget still
# makes the next bounded step fail fast rather than run unbounded).
remaining() {
	local left=$((TIMEOUT - ($(date +%s) - START)))
	[ "$left" -gt 0 ] || left=1
	echo "$left"
}
# Progress as TAP comments; on stderr for --tree, whose stdout is a path.
say() {
	if [ "$MODE" = tree ]; then
		printf '# %s\n' "$*" >&2
	else
		printf '# %s\n' "$*"
	fi
}
# Setup, build and timeout errors: one 'not ok' so counting callers see it.
die() {
	printf '# kunit: error: %s\n' "$*" >&2
	if [ "$MODE" != tree ]; then
		printf 'not ok 1 - kunit setup # %s\n' "$*"
		printf '0 passed, 1 failed\n'
	fi
	exit 2
}
# Print the last lines of a log as TAP comments.
log_tail() {
	[ -s "$1" ] || return 0
	say "---- last ${2:-40} lines of $1 ----"
	tail -n "${2:-40}" "$1" | sed 's/^/# | /'
}

FILTER=
case "${1:-}" in
--tree) MODE=tree ;;
-h | --help)
	sed -n '4,/^$/s/^# \{0,1\}//p' "$0"
	exit 0
	;;
-*) die "unknown option '$1' (see --help)" ;;
*) FILTER=${1:-} ;;
esac

for tool in python3 make gcc flex bison bc perl tar xz flock timeout cmp; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "'$tool' not found; run 'make deps' (Debian: python3 make gcc flex bison bc perl tar xz-utils util-linux coreutils diffutils)"
done
[ -r "$TARBALL" ] ||
	die "$TARBALL not found; install Debian's linux-source-6.1 ('make deps' or apt-get install linux-source-6.1), or set LVSS_KUNIT_TARBALL"
[ -r "$KUNITCONFIG" ] || die "$KUNITCONFIG missing"
[ -r "$SOURCES_LIST" ] || die "$SOURCES_LIST missing"

mkdir -p "$CACHE" || die "cannot create cache directory $CACHE (set LVSS_CACHE_DIR)"

# One run at a time per cache: the tree and the build directory are shared.
exec 9>"$CACHE/lock"
if ! flock -w "$(remaining)" 9; then
	die "another tests/kunit/run.sh held $CACHE/lock past the ${TIMEOUT}s budget (LVSS_KUNIT_TIMEOUT)"
fi

# ---- 1. the unpacked kernel tree, keyed by the tarball it came from --------
# A Debian source update changes size or mtime, so it gets a fresh tree (and
# a fresh build directory: the tarball's old mtimes would fool make).
KEY=$(basename "$TARBALL" .tar.xz)-$(stat -c '%s-%Y' "$TARBALL")
TOP=$CACHE/$KEY
TREE=$TOP/src
BUILD=$TOP/build

if [ ! -f "$TREE/Makefile" ]; then
	say "unpacking $TARBALL into $TREE (once per tarball, ~1 min)"
	rm -rf "$TOP"
	mkdir -p "$TOP/src.partial"
	# Bounded like everything else; the tarball has one top directory.
	timeout "$(remaining)" tar -xJf "$TARBALL" -C "$TOP/src.partial" --strip-components=1 ||
		{ rm -rf "$TOP"; die "unpacking $TARBALL failed or exceeded LVSS_KUNIT_TIMEOUT (disk full? see above)"; }
	[ -f "$TOP/src.partial/tools/testing/kunit/kunit.py" ] ||
		{ rm -rf "$TOP"; die "$TARBALL has no tools/testing/kunit/kunit.py"; }
	mv "$TOP/src.partial" "$TREE"
	# Trees of older tarballs are ~2 GB each: drop them (only our own
	# <tarball>-<size>-<mtime> directories).
	for old in "$CACHE"/*-[0-9]*-[0-9]*/; do
		old=${old%/}
		[ "$old" != "$TOP" ] || continue
		[ -d "$old/src" ] || [ -d "$old/src.partial" ] || continue
		say "removing stale tree $old"
		rm -rf "$old"
	done
fi

if [ "$MODE" = tree ]; then
	printf '%s\n' "$TREE"
	exit 0
fi

# ---- 2. our sources in the tree: drivers/lvss_kunit/ -----------------------
# Copy only what differs, so unchanged files keep their mtimes and make
# rebuilds nothing but what changed.
DEST=$TREE/drivers/lvss_kunit

# install_if_changed SRC DST
install_if_changed() {
	if ! cmp -s "$1" "$2"; then
		mkdir -p "$(dirname "$2")"
		cp "$1" "$2.tmp" && mv "$2.tmp" "$2"
	fi
}

# write_if_changed DST < content
write_if_changed() {
	cat >"$1.new"
	if cmp -s "$1.new" "$1"; then
		rm -f "$1.new"
	else
		mv "$1.new" "$1"
	fi
}

mkdir -p "$DEST/tests" "$DEST/include/uapi/linux"
WANT=$(mktemp)
trap 'rm -f "$WANT"' EXIT

objs=
while read -r src _; do
	case "$src" in '' | '#'*) continue ;; esac
	case "$src" in
	kmod/*.c) objs="$objs ${src#kmod/}" ;;
	kmod/*.h) ;;
	*) die "$SOURCES_LIST: '$src' is not a kmod/*.c or kmod/*.h path" ;;
	esac
	[ -f "$ROOT/$src" ] || die "$SOURCES_LIST lists $src, which does not exist"
	install_if_changed "$ROOT/$src" "$DEST/${src#kmod/}"
	echo "$DEST/${src#kmod/}" >>"$WANT"
done <"$SOURCES_LIST"

for h in "$ROOT"/kmod/*.h; do
	[ -f "$h" ] || continue
	install_if_changed "$h" "$DEST/${h##*/}"
	echo "$DEST/${h##*/}" >>"$WANT"
done

suites=
for t in "$ROOT"/kmod/tests/*_kunit.c; do
	[ -f "$t" ] || continue
	install_if_changed "$t" "$DEST/tests/${t##*/}"
	echo "$DEST/tests/${t##*/}" >>"$WANT"
	objs="$objs tests/${t##*/}"
	# Suite names the file declares: each must show up in the results.
	suites="$suites $(awk '
		/struct kunit_suite[^;(]*=[[:space:]]*\{/ { in_suite = 1 }
		in_suite && match($0, /\.name[[:space:]]*=[[:space:]]*"[^"]*"/) {
			v = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", v); sub(/"$/, "", v)
			print v; in_suite = 0
		}' "$t" | tr '\n' ' ')"
done
[ -n "$objs" ] || die "nothing to build: $SOURCES_LIST is empty and kmod/tests/ has no *_kunit.c"

# <uapi/linux/lvss.h> resolves here (the tree's own include/ has no lvss.h).
install_if_changed "$ROOT/include/uapi/linux/lvss.h" "$DEST/include/uapi/linux/lvss.h"
echo "$DEST/include/uapi/linux/lvss.h" >>"$WANT"

# Drop copies of files no longer listed, so they cannot shadow anything.
find "$DEST" -type f \( -name '*.c' -o -name '*.h' \) | while read -r f; do
	grep -qxF "$f" "$WANT" || rm -f "$f"
done

write_if_changed "$DEST/Kconfig" <<'EOF'
# SPDX-License-Identifier: GPL-2.0
# Generated by lvss tests/kunit/run.sh; edits are overwritten.
config LVSS_KUNIT_TEST
	tristate "KUnit tests for lvss pure-logic code" if !KUNIT_ALL_TESTS
	depends on KUNIT
	default KUNIT_ALL_TESTS
	help
	  lvss's kmod/ pure-logic sources and their kmod/tests/*_kunit.c
	  suites, copied here by the lvss repository's tests/kunit/run.sh.
EOF

{
	cat <<'EOF'
# SPDX-License-Identifier: GPL-2.0
# Generated by lvss tests/kunit/run.sh from tests/kunit/sources.list.
ccflags-y += -I$(srctree)/$(src)/include
UBSAN_SANITIZE := y
obj-$(CONFIG_LVSS_KUNIT_TEST) += lvss_kunit.o
EOF
	for o in $objs; do
		echo "lvss_kunit-y += ${o%.c}.o"
	done
} | write_if_changed "$DEST/Makefile"

# Hook the directory into the tree, once.
hook_kconfig='source "drivers/lvss_kunit/Kconfig"'
# shellcheck disable=SC2016 # make syntax, not shell
hook_make='obj-$(CONFIG_LVSS_KUNIT_TEST) += lvss_kunit/'
grep -qxF "$hook_kconfig" "$TREE/drivers/Kconfig" ||
	echo "$hook_kconfig" >>"$TREE/drivers/Kconfig"
grep -qxF "$hook_make" "$TREE/drivers/Makefile" ||
	echo "$hook_make" >>"$TREE/drivers/Makefile"

# ---- 3. configure, build, boot -------------------------------------------
LOG=$TOP/kunit-run.log
KLOG=$BUILD/test.log
rm -f "$KLOG"
mkdir -p "$BUILD"

if [ -f "$BUILD/vmlinux" ]; then
	say "building (incremental) and running in $BUILD"
else
	say "building the UML kernel in $BUILD (first time: 4-7 min on 2 cores)"
fi
say "kunit.py log: $LOG"

set -- python3 tools/testing/kunit/kunit.py run \
	--arch=um \
	--kunitconfig="$KUNITCONFIG" \
	--build_dir="$BUILD" \
	--jobs="$JOBS" \
	--timeout="$RUN_TIMEOUT" \
	${FILTER:+"$FILTER"}

start=$(date +%s)
budget=$(remaining)
rc=0
if [ "$VERBOSE" = 1 ]; then
	(cd "$TREE" && timeout -k 30 "$budget" "$@") 2>&1 | tee "$LOG" | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
else
	(cd "$TREE" && timeout -k 30 "$budget" "$@") >"$LOG" 2>&1 || rc=$?
fi
say "kunit.py finished in $(($(date +%s) - start))s with status $rc"

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	log_tail "$LOG" 40
	die "kunit.py did not finish within the ${TIMEOUT}s budget (LVSS_KUNIT_TIMEOUT; ${budget}s were left for it)"
fi
if [ ! -e "$KLOG" ]; then
	# No results at all: configuration or build failed before the boot.
	if grep -q 'Not all Kconfig options' "$LOG"; then
		log_tail "$LOG" 20
		die "the kunitconfig did not apply (see 'Missing:' above); check tests/kunit/lvss.kunitconfig"
	fi
	if grep -qE '(error|Error)[: ]|undefined reference' "$LOG"; then
		say "---- first errors in $LOG ----"
		grep -E -m 15 '(error|Error)[: ]|undefined reference' "$LOG" | sed 's/^/# | /'
	fi
	log_tail "$LOG" 25
	die "configure/build failed (exit $rc) before any test ran; full log: $LOG"
fi

# ---- 4. results ----------------------------------------------------------
report_rc=0
# shellcheck disable=SC2086 # $suites is a word list on purpose
report=$(python3 "$HERE/report.py" "$TREE/tools/testing/kunit" "$KLOG" "$rc" \
	${FILTER:+--filter} $suites) || report_rc=$?
if [ "$report_rc" -gt 1 ]; then
	log_tail "$LOG" 20
	die "tests/kunit/report.py could not parse $KLOG (exit $report_rc)"
fi
# Everything but the count line, then (on failure) the kernel log, then
# the count line last.
printf '%s\n' "$report" | sed '$d'
if [ "$report_rc" -ne 0 ]; then
	# The first kernel report (KASAN, UBSAN, WARNING, BUG, panic) after the
	# tests began -- UML's boot prints a harmless virt-pci WARNING before --
	# else the end of the log, where a crash or a hang shows.
	first=$(awk '/KTAP version/ { t = 1 }
		t && /^[[:space:]]*(BUG: |WARNING: |UBSAN: |Oops|kernel BUG|Kernel panic|general protection fault)/ { print NR; exit }' "$KLOG")
	if [ -n "$first" ]; then
		say "---- first kernel report, $KLOG line $first ----"
		tail -n "+$first" "$KLOG" | head -n 40 | sed 's/^/# | /'
	else
		log_tail "$KLOG" 40
	fi
	say "full kernel log: $KLOG"
fi
printf '%s\n' "$report" | tail -n 1
[ "$report_rc" -eq 0 ] || exit 1
exit 0
