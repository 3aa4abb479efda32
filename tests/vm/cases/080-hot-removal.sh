# Hot removal of an attached origin while its snapshot is being read: no
# oops, the snapshot goes FAILED saying why, its reads fail, and the
# device can still be detached (by the path it was attached by) and the
# module unloaded.
# lvss-disks: 2x64M
# lvss-timeout: 300
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 2
origin=$LVSS_DISK1
store=$LVSS_DISK2
reader=
trap '[ -z "$reader" ] || kill "$reader" 2>/dev/null || :' EXIT

lvss attach "$origin" >/dev/null
lvss store add "$origin" --device "$store" >/dev/null
out=$(lvss --json snapshot take "$origin") || fail "take: $out"
disk=/dev/$(echo "$out" | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\1/p')
id=$(echo "$out" | sed -n 's/.*"id":\([0-9]*\),.*/\1/p')
/usr/bin/dd if=/dev/urandom of="$origin" bs=64K count=64 oflag=direct status=none
(while :; do /usr/bin/dd if="$disk" of=/dev/null bs=64K iflag=direct status=none 2>/dev/null || :; done) &
reader=$!
sleep 1
echo 1 >"/sys/block/${origin#/dev/}/device/delete"
sleep 2
kill "$reader" 2>/dev/null || fail "the snapshot reader died early"
wait "$reader" 2>/dev/null || :
reader=
run lvss snapshots
expect_contains "$OUT" "failed" "snapshot state after removal"
expect_contains "$OUT" "removed" "reason after removal"
run /usr/bin/dd if="$disk" of=/dev/null bs=64K count=1 iflag=direct
[ "$RC" -ne 0 ] || fail "reading the snapshot of a removed device succeeded"
run lvss snapshot delete "$id"
expect_eq "$RC" 0 "delete the snapshot of a removed device"
run lvss detach "$origin"
expect_eq "$RC" 0 "detach a removed device by its path"
expect_eq "$(lvss status | sed -n 's/^devices: //p')" 0 "devices after detach"
