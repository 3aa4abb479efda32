# Harness self-test: must pass. Gets one 16 MiB disk of its own.
# lvss-disks: 1x16M
# lvss-timeout: 30
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
need_disks 1
[ -b "$LVSS_DISK1" ] || fail "$LVSS_DISK1 is not a block device"
expect_eq "$(/usr/sbin/blockdev --getsize64 "$LVSS_DISK1")" 16777216 "size of $LVSS_DISK1"
expect_eq "$LVSS_CASE" 10-pass-disk "LVSS_CASE"
touch "$LVSS_TMP/writable"
