#!/bin/bash
# Usage: tests/debug-kernel/build.sh [--cached]
# Build, or reuse from the cache, the debug kernel the VM suite runs under
# (make test-debug): Debian's linux-source-6.1, x86_64_defconfig with
# debug.config merged over it (KASAN, lockdep, kmemleak, ...). Prints the
# kernel root tests/vm/run.sh --kernel-root takes; its layout:
#   kver       the kernel release, e.g. 6.1.192-lvss-debug
#   bzImage    the kernel image
#   modules/   INSTALL_MOD_PATH: modules/lib/modules/<kver>/
#   build/     the O= object tree: KDIR for out-of-tree modules
#   src/       the unpacked source build/ refers to
#   build.log  the whole build's output
# The cache key covers the tarball, debug.config, this script and the
# compiler, so any change builds afresh; a build is reused only once its
# last step wrote the 'complete' marker. An interrupted build resumes: make
# rebuilds only what is missing. --cached: print the root only if it is
# built, else exit 1 without building.
# Environment: LVSS_CACHE_DIR, LVSS_DEBUG_KERNEL_TARBALL (default
# /usr/src/linux-source-6.1.tar.xz), LVSS_DEBUG_KERNEL_JOBS (default nproc).
set -eu -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TARBALL=${LVSS_DEBUG_KERNEL_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
CACHE=${LVSS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lvss}/debug-kernel
JOBS=${LVSS_DEBUG_KERNEL_JOBS:-$(nproc)}
FRAGMENT=$HERE/debug.config
cached=0
case ${1:-} in
--cached) cached=1 ;;
'') ;;
*) echo "usage: build.sh [--cached]" >&2 && exit 2 ;;
esac

die() {
	echo "debug-kernel: $*" >&2
	exit 2
}
say() {
	echo "debug-kernel: $*" >&2
}

for tool in make gcc flex bison bc perl tar xz flock depmod; do
	command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found: run 'make deps'"
done
[ -r "$TARBALL" ] || die "$TARBALL not found: install linux-source-6.1 ('make deps')"
[ -f /usr/include/libelf.h ] || die "libelf-dev is missing: run 'make deps'"
[ -f /usr/include/openssl/ssl.h ] || die "libssl-dev is missing: run 'make deps'"

key=$({
	echo "$(basename "$TARBALL") $(stat -c '%s %Y' "$TARBALL")"
	cat "$FRAGMENT" "$0"
	gcc --version | head -n 1
} | sha256sum | cut -c1-16)
dir=$CACHE/$key
if [ "$cached" = 1 ]; then
	[ -f "$dir/complete" ] || exit 1
	echo "$dir"
	exit 0
fi
mkdir -p "$CACHE"

# One build at a time: a second run waits, then reuses the first one's.
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
	say "another build holds $CACHE/.lock; waiting (up to 3 h)"
	flock -w 10800 9 || die "timed out waiting for $CACHE/.lock"
fi

if [ -f "$dir/complete" ]; then
	echo "$dir"
	exit 0
fi

mkdir -p "$dir"
log=$dir/build.log
say "building the debug kernel in $dir (once per key; log: $log)"
t0=$SECONDS
# step WHAT CMD...: one build step, its output in the log.
step() {
	local what=$1 rc=0
	shift
	say "$what ($((SECONDS - t0)) s)"
	echo "\$ $*" >>"$log"
	"$@" >>"$log" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || {
		tail -n 30 "$log" >&2
		die "$what failed (exit $rc); log: $log"
	}
}

if [ ! -d "$dir/src" ]; then
	rm -rf "$dir/src.partial"
	mkdir -p "$dir/src.partial"
	step "unpacking $TARBALL" tar -xJf "$TARBALL" -C "$dir/src.partial" --strip-components=1
	mv "$dir/src.partial" "$dir/src"
fi
# Writing the same .config again leaves the objects of a resumed build be.
kmake=(make -C "$dir/src" O="$dir/build")
step "x86_64_defconfig" "${kmake[@]}" x86_64_defconfig
# -m: merge only; olddefconfig then resolves the dependencies.
step "merging debug.config" env -C "$dir/build" \
	"$dir/src/scripts/kconfig/merge_config.sh" -m .config "$FRAGMENT"
step "olddefconfig" "${kmake[@]}" olddefconfig

# A fragment line Kconfig dropped (a typo, an unmet dependency) would
# silently build a kernel without that check: refuse.
missing=$(sed -n 's/^\(CONFIG_[A-Z0-9_]*=.*\)$/\1/p' "$FRAGMENT" |
	while IFS= read -r want; do
		grep -qxF "$want" "$dir/build/.config" || echo "$want"
	done)
[ -z "$missing" ] || die "Kconfig did not keep these lines of debug.config: $(tr '\n' ' ' <<<"$missing")"

step "building bzImage and modules with -j$JOBS" "${kmake[@]}" -j"$JOBS" bzImage modules
rm -rf "$dir/modules"
step "installing modules" "${kmake[@]}" INSTALL_MOD_PATH="$dir/modules" modules_install
kver=$("${kmake[@]}" -s kernelrelease)
cp "$dir/build/arch/x86/boot/bzImage" "$dir/bzImage"
echo "$kver" >"$dir/kver"
# The installed tree's links to build/ and src/ would let depmod or
# modprobe wander into the object tree.
rm -f "$dir/modules/lib/modules/$kver/build" "$dir/modules/lib/modules/$kver/source"
echo "built in $((SECONDS - t0)) s on $(nproc) cores, $(date -u +%FT%TZ)" >"$dir/complete"
say "$kver built in $((SECONDS - t0)) s"
# Trees of other keys are several GB each and never used again.
find "$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} +
echo "$dir"
