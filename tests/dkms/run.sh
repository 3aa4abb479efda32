#!/bin/sh
# DKMS test: 'dkms add' + 'dkms build' of lvss for each test kernel, on the
# host, in a private DKMS tree (--dkmstree/--sourcetree) so nothing is
# installed and a real installation is never touched. Prints TAP.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# 'make test' exports these for its own tree; DKMS builds another one.
unset ROOT BUILD
command -v dkms >/dev/null || {
	echo "not ok 1 - dkms is not installed: run 'make deps'"
	echo "0 passed, 1 failed"
	exit 1
}
version=$(cat "$root/VERSION")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/src
tree=$work/tree
mkdir -p "$src" "$tree"
"$root/scripts/dkms-source.sh" "$src/lvss-$version"

n=0 pass=0 fail=0
report() { # report OK|FAIL NAME [LOG]
	n=$((n + 1))
	if [ "$1" = OK ]; then
		pass=$((pass + 1))
		echo "ok $n - $2"
	else
		fail=$((fail + 1))
		echo "not ok $n - $2"
		[ -z "${3:-}" ] || sed 's/^/# /' "$3" | tail -n 40
	fi
}

if grep -q "^PACKAGE_VERSION=\"$version\"\$" "$root/dkms.conf"; then
	report OK "dkms.conf PACKAGE_VERSION matches VERSION ($version)"
else
	report FAIL "dkms.conf PACKAGE_VERSION differs from VERSION ($version)"
fi

dk() { dkms --dkmstree "$tree" --sourcetree "$src" "$@"; }
if dk add -m lvss -v "$version" >"$work/add.log" 2>&1; then
	report OK "dkms add lvss/$version"
else
	report FAIL "dkms add lvss/$version" "$work/add.log"
fi
for kver in $("$root/scripts/test-kvers.sh"); do
	log=$work/build-$kver.log
	ko=$tree/lvss/$version/$kver/x86_64/module/lvss.ko
	if dk build -m lvss -v "$version" -k "$kver" >"$log" 2>&1 &&
		ls "$ko"* >/dev/null 2>&1; then
		report OK "dkms build for $kver"
	else
		report FAIL "dkms build for $kver" "$log"
		[ ! -f "$tree/lvss/$version/build/make.log" ] ||
			tail -n 30 "$tree/lvss/$version/build/make.log" | sed 's/^/# /'
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
