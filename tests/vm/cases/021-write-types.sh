# Every kind of write is copied first: a discard, a write-zeroes and a
# FUA/flush write to the origin leave the snapshot unchanged, while the
# origin gets the effect it asked for. A loop device over a tmpfs file is
# the origin because it supports discard and write-zeroes.
# lvss-timeout: 200
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

img=$LVSS_TMP/origin.img
/usr/bin/truncate -s 64M "$img"
loop=$(/usr/sbin/losetup --find --show "$img") || skip "no loop device"
cleanup() {
	delete_all_snapshots
	lvss detach "$loop" >/dev/null 2>&1 || :
	/usr/sbin/losetup -d "$loop" 2>/dev/null || :
}
trap cleanup EXIT
sum() { /usr/bin/dd if="$1" bs=1M iflag=direct status=none | /usr/bin/sha256sum | cut -d' ' -f1; }

/usr/bin/dd if=/dev/urandom of="$loop" bs=1M count=64 oflag=direct status=none
before=$(sum "$loop")
lvss attach "$loop" >/dev/null
lvss store add "$loop" --memory 80M --chunk-size 64K >/dev/null
out=$(lvss --json snapshot take "$loop") || fail "take: $out"
disk=/dev/$(echo "$out" | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\1/p')

run /usr/sbin/blkdiscard -o 0 -l 8M "$loop"
expect_eq "$RC" 0 "discard on the origin"
run /usr/sbin/blkdiscard -z -o 8M -l 8M "$loop"
expect_eq "$RC" 0 "write-zeroes on the origin"
/usr/bin/dd if=/dev/urandom of="$loop" bs=64K count=32 seek=512 oflag=direct,dsync status=none ||
	fail "FUA write on the origin"
run /usr/sbin/blkdiscard -s -o 40M -l 1M "$loop"
[ "$RC" -eq 0 ] || echo "secure erase not supported here: $ERR"

expect_eq "$(sum "$disk")" "$before" "snapshot after discard, zeroing and FUA writes"
zero=$(/usr/bin/dd if=/dev/zero bs=1M count=8 status=none | /usr/bin/sha256sum | cut -d' ' -f1)
got=$(/usr/bin/dd if="$loop" bs=1M skip=8 count=8 iflag=direct status=none | /usr/bin/sha256sum | cut -d' ' -f1)
expect_eq "$got" "$zero" "the origin's zeroed range"
# A discard that would destroy preserved data is completed without reaching
# the device, so the origin keeps its (old) data there: never less safe.
run lvss --json snapshots
expect_contains "$OUT" '"state":"active"' "snapshot state"
