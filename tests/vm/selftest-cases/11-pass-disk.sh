# Harness self-test: must pass. Its 32 MiB disk is not the other case's
# 16 MiB one (with LVSS_VM_MAX_DISKS=1 it even runs in a second boot).
# lvss-disks: 1x32M
# lvss-timeout: 30
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
need_disks 1
expect_eq "$(/usr/sbin/blockdev --getsize64 "$LVSS_DISK1")" 33554432 "size of $LVSS_DISK1"
