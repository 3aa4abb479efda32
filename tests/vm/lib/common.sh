# Host-side helpers shared by the VM harness scripts (sourced, not run).
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2034
ROOT=$(cd "$VM_DIR/../.." && pwd)
# shellcheck disable=SC2034
CACHE_DIR=${LVSS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lvss}
# Where the guest kernel's modules are installed ('' = the host's own
# /lib/modules): run.sh --kernel-root sets it for a kernel built outside
# the package manager (tests/debug-kernel).
# shellcheck disable=SC2034
MODROOT=${LVSS_VM_MODROOT:-}

die() {
	echo "vm: $*" >&2
	exit 2
}

warn() {
	echo "vm: $*" >&2
}

# The ELF interpreter and every library ldd resolves for a binary.
elf_libs() {
	ldd "$1" 2>/dev/null | awk '
		/=> not found/ { print "MISSING " $1; next }
		$2 == "=>" && $3 ~ /^\// { print $3; next }
		$1 ~ /^\// { print $1 }'
}

# Copy host path $1 into root $2 at the same path. Symlinks are recreated
# and followed, so /sbin/mkfs.ext4 -> mke2fs keeps working by either name.
copy_path() {
	local p=$1 root=$2 t
	while [ -L "$p" ]; do
		if [ ! -e "$root$p" ] && [ ! -L "$root$p" ]; then
			mkdir -p "$root$(dirname "$p")"
			cp -P "$p" "$root$p"
		fi
		t=$(readlink "$p")
		case $t in
		/*) p=$t ;;
		*) p=$(dirname "$p")/$t ;;
		esac
	done
	[ -e "$root$p" ] && return 0
	mkdir -p "$root$(dirname "$p")"
	cp "$p" "$root$p"
}

# Copy an executable and the libraries it needs into root.
copy_elf() {
	local bin=$1 root=$2 lib
	copy_path "$bin" "$root"
	# Scripts (no ELF header) have no libraries to follow.
	[ "$(head -c 4 "$bin" | od -An -c | tr -d ' ')" = '177ELF' ] || return 0
	for lib in $(elf_libs "$bin"); do
		case $lib in
		MISSING) warn "$bin: a library is not found on the host" ;;
		*) copy_path "$lib" "$root" ;;
		esac
	done
}

# Pack directory $1 into a newc cpio at $2, owned by root, parents first.
pack_cpio() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$2"
}

# Copy kernel module $1 (.ko, .ko.xz or .ko.zst) to $2 as a plain .ko:
# the guest's busybox modprobe reads only uncompressed modules.
copy_module() {
	mkdir -p "$(dirname "$2")"
	case $1 in
	*.ko.xz) xz -dc "$1" >"$2" ;;
	*.ko.zst) zstd -qdc "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}

# Modules (with dependencies) that modprobe would load for name $2 on $1.
module_paths() {
	modprobe ${MODROOT:+-d "$MODROOT"} -S "$1" --show-depends "$2" 2>/dev/null |
		awk '$1 == "insmod" { print $2 }'
}
