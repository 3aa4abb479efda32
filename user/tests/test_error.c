// SPDX-License-Identifier: MIT
/*
 * Error wording (errno -> message, kernel, devices and module loading) and
 * the version helpers: what users read when something goes wrong.
 */
#include <errno.h>

#include "lvss_error.h"
#include "tap.h"

static void test_kernel_errors(void)
{
	struct lvss_error err;
	char want[LVSS_ERROR_STR_MAX];

	is_int(lvss_error_kernel(&err, EPERM, "read the lvss.ko status", NULL),
	       -EPERM, "a kernel error returns the negative errno");
	is_int(err.code, EPERM, "err.code holds the positive errno");
	is_str(err.msg, "permission denied: lvss needs CAP_SYS_ADMIN (run as root)",
	       "EPERM says which capability and what to do");

	lvss_error_kernel(&err, EACCES, "x", "");
	is_str(err.msg, LVSS_MSG_NEED_ADMIN, "EACCES reads like EPERM");

	lvss_error_kernel(&err, EPERM, "x", "only in the initial namespace");
	is_str(err.msg,
	       "permission denied: lvss needs CAP_SYS_ADMIN (run as root) (kernel: only in the initial namespace)",
	       "the kernel's ext-ack message is kept");

	/* The wording docs/netlink.md gives for lvss.ko's refusal. */
	lvss_error_kernel(&err, EPROTO, "read the lvss.ko version",
			  "lvss tools speak another ABI major: install matching versions");
	snprintf(want, sizeof(want),
		 "lvss.ko refused lvss tools %s (ABI %d.%d): lvss tools speak another ABI major: install matching versions",
		 lvss_tools_version(), LVSS_ABI_MAJOR, LVSS_ABI_MINOR);
	is_str(err.msg, want, "EPROTO carries the kernel's ABI message");

	lvss_error_kernel(&err, EPROTO, "x", NULL);
	ok(strstr(err.msg, "ABI version mismatch; install tools and module from the same release"),
	   "EPROTO without ext-ack still says it is the ABI and what to do");

	lvss_error_kernel(&err, EOPNOTSUPP, "attach a device", NULL);
	ok(!strncmp(err.msg, "cannot attach a device: this lvss.ko does not support it", 56),
	   "EOPNOTSUPP says the module is too old for the command");

	lvss_error_kernel(&err, EINVAL, "read the lvss.ko status",
			  "unknown attribute");
	is_str(err.msg,
	       "cannot read the lvss.ko status: Invalid argument (kernel: unknown attribute)",
	       "other errors: what we tried, strerror, the kernel's words");

	lvss_error_kernel(&err, ENOMEM, "read the lvss.ko status", NULL);
	is_str(err.msg, "cannot read the lvss.ko status: Cannot allocate memory",
	       "without ext-ack there is no empty '(kernel: )'");

	is_int(lvss_error_kernel(NULL, EIO, "x", NULL), -EIO,
	       "a NULL error pointer is allowed");
}

static void test_device_errors(void)
{
	struct lvss_error err;

	is_int(lvss_error_device(&err, EEXIST, LVSS_DEV_ATTACH, "/dev/sdb",
				 "/dev/sdb", "device is already attached"),
	       -EEXIST, "a device error returns the negative errno");
	is_str(err.msg,
	       "/dev/sdb is already attached ('lvss devices' lists the attached devices)",
	       "EEXIST: already attached, and where to look");

	lvss_error_device(&err, EEXIST, LVSS_DEV_ATTACH,
			  "/dev/disk/by-id/ata-X", "/dev/sdb", NULL);
	is_str(err.msg,
	       "/dev/disk/by-id/ata-X (/dev/sdb) is already attached ('lvss devices' lists the attached devices)",
	       "a symlink is named as typed, with the node it resolved to");

	lvss_error_device(&err, ENODEV, LVSS_DEV_DETACH, "/dev/sdb", NULL,
			  "device is not attached");
	is_str(err.msg,
	       "/dev/sdb is not attached ('lvss devices' lists the attached devices)",
	       "ENODEV on detach: not attached");

	lvss_error_device(&err, ENODEV, LVSS_DEV_ATTACH, "/dev/sdb", NULL,
			  "cannot open the device: is the path a block device?");
	is_str(err.msg,
	       "cannot attach /dev/sdb: No such device (kernel: cannot open the device: is the path a block device?)",
	       "ENODEV on attach is the open failing, not 'not attached'");

	lvss_error_device(&err, ENOTBLK, LVSS_DEV_ATTACH, "/dev/null", NULL,
			  "cannot open the device: is the path a block device?");
	is_str(err.msg,
	       "/dev/null is not a block device: name a disk or a partition, e.g. /dev/vdb",
	       "ENOTBLK: not a block device, and what to give instead");

	lvss_error_device(&err, ENOENT, LVSS_DEV_DETACH, "/dev/sdx", NULL, NULL);
	is_str(err.msg,
	       "/dev/sdx does not exist: check the name ('lsblk -p' lists the block devices)",
	       "ENOENT: does not exist, and how to find the right name");

	lvss_error_device(&err, EBUSY, LVSS_DEV_ATTACH, "/dev/sdb1", NULL,
			  "the whole disk of this partition is already attached");
	is_str(err.msg,
	       "cannot attach /dev/sdb1: the whole disk of this partition is already attached",
	       "EBUSY: lvss.ko's reason is the message");

	lvss_error_device(&err, EBUSY, LVSS_DEV_ATTACH, "/dev/sdb", NULL, "");
	ok(strstr(err.msg, "cannot attach /dev/sdb: it is busy: held by another driver"),
	   "EBUSY without a reason still lists the possible ones");

	lvss_error_device(&err, EOPNOTSUPP, LVSS_DEV_ATTACH, "/dev/nvme0n2",
			  NULL, "zoned block devices are not supported");
	is_str(err.msg,
	       "cannot attach /dev/nvme0n2: zoned block devices are not supported",
	       "EOPNOTSUPP with a reason is about the device");
	lvss_error_device(&err, EOPNOTSUPP, LVSS_DEV_ATTACH, "/dev/sdb", NULL,
			  NULL);
	ok(!strncmp(err.msg, "cannot attach /dev/sdb: this lvss.ko does not support it", 56),
	   "EOPNOTSUPP without one is about the module");

	lvss_error_device(&err, EPERM, LVSS_DEV_DETACH, "/dev/sdb", NULL, NULL);
	is_str(err.msg, LVSS_MSG_NEED_ADMIN, "EPERM asks for CAP_SYS_ADMIN");

	lvss_error_device(&err, ENXIO, LVSS_DEV_DETACH, "/dev/sdb", NULL, NULL);
	is_str(err.msg, "cannot detach /dev/sdb: No such device or address",
	       "other errors: the action, the device and strerror");
}

static void test_store_errors(void)
{
	struct lvss_error err;

	lvss_error_device(&err, ENODEV, LVSS_DEV_STORE, "/dev/sdb", NULL,
			  "device is not attached: attach it first");
	is_str(err.msg, "/dev/sdb is not attached: run 'lvss attach /dev/sdb' first",
	       "store on an unattached device: the command that fixes it");
	lvss_error_device(&err, EPERM, LVSS_DEV_STORE, "/dev/sdb", NULL,
			  "the store file must be immutable: after writing and fsyncing it, run chattr +i on it");
	is_str(err.msg,
	       "cannot add a store to /dev/sdb: the store file must be immutable: after writing and fsyncing it, run chattr +i on it",
	       "EPERM with lvss.ko's reason is about the file, not root");
	lvss_error_device(&err, EPERM, LVSS_DEV_STORE, "/dev/sdb", NULL, NULL);
	is_str(err.msg, LVSS_MSG_NEED_ADMIN,
	       "EPERM without a reason is the capability check");
	lvss_error_device(&err, EBUSY, LVSS_DEV_STORE, "/dev/sdb", NULL,
			  "the store device is in use (mounted, a dm/md or swap member, or open for writing elsewhere): unmount it or pick another");
	ok(!strncmp(err.msg, "cannot add a store to /dev/sdb: the store device is in use", 58),
	   "EBUSY: lvss.ko's reason");
	lvss_error_device(&err, EINVAL, LVSS_DEV_STORE, "/dev/sdb", NULL,
			  "the chunk size is fixed by the device's first store");
	is_str(err.msg,
	       "cannot add a store to /dev/sdb: the chunk size is fixed by the device's first store",
	       "other errors: the action and lvss.ko's reason");
	lvss_error_device(&err, E2BIG, LVSS_DEV_STORE, "/dev/sdb", NULL,
			  "a memory store may use at most half of the RAM: give a smaller size or use a block device or file");
	is_str(err.msg,
	       "cannot add a store to /dev/sdb: a memory store may use at most half of the RAM: give a smaller size or use a block device or file",
	       "no strerror of an errno that would mislead (E2BIG)");
	lvss_error_device(&err, ENOMEM, LVSS_DEV_STORE, "/dev/sdb", NULL, NULL);
	is_str(err.msg, "cannot add a store to /dev/sdb: Cannot allocate memory",
	       "without lvss.ko's reason, strerror");
	lvss_error_device(&err, EPERM, LVSS_DEV_ATTACH, "/dev/sdb", NULL,
			  "whatever");
	ok(!strncmp(err.msg, LVSS_MSG_NEED_ADMIN, strlen(LVSS_MSG_NEED_ADMIN)),
	   "EPERM on attach stays the capability message");
	lvss_error_device(&err, ENOTBLK, LVSS_DEV_STORE_DEV, "/dev/null", NULL,
			  NULL);
	ok(strstr(err.msg, "/dev/null is not a block device") != NULL,
	   "a store device that is none");
	lvss_error_device(&err, EBUSY, LVSS_DEV_DETACH, "/dev/sdb", NULL, NULL);
	ok(strstr(err.msg, "cannot detach /dev/sdb: it is busy") != NULL,
	   "attach and detach keep their own EBUSY wording");
}

static void test_take_errors(void)
{
	struct lvss_error err;

	is_int(lvss_error_take(&err, ENOSPC, "/dev/sdb",
			       LVSS_TAKE_BLAME_NO_STORE,
			       "device has no CoW store: add one first (STORE_ADD)"),
	       -ENOSPC, "a take error returns the negative errno");
	is_str(err.msg,
	       "/dev/sdb has no CoW store: add one first, e.g. 'lvss store add /dev/sdb --memory 1G' (or --device, --file)",
	       "no store: names the device and the command that fixes it");
	lvss_error_take(&err, ENOSPC, "/dev/sdc", LVSS_TAKE_BLAME_FULL, NULL);
	is_str(err.msg,
	       "/dev/sdc has the most snapshots a device may have (64): delete one first ('lvss snapshots' lists them)",
	       "no room: says the limit and what to do");
	lvss_error_take(&err, ENODEV, "/dev/sdd", LVSS_TAKE_BLAME_NOT_ATTACHED,
			"device is not attached: attach it first");
	is_str(err.msg, "/dev/sdd is not attached: run 'lvss attach /dev/sdd' first",
	       "not attached: the command that fixes it");
	lvss_error_take(&err, ETIMEDOUT, "/dev/sdb and 1 more",
			LVSS_TAKE_BLAME_NONE,
			"the freeze window timed out: set aborted, everything thawed");
	is_str(err.msg,
	       "cannot take a snapshot of /dev/sdb and 1 more: the freeze window timed out: set aborted, everything thawed; try again when the devices are less busy, or allow a longer freeze timeout (at most 60000 ms)",
	       "ETIMEDOUT: lvss.ko's words and what to try");
	lvss_error_take(&err, EBUSY, "/dev/sdb", LVSS_TAKE_BLAME_NONE,
			"another snapshot set is being taken on this device");
	is_str(err.msg,
	       "cannot take a snapshot of /dev/sdb: another snapshot set is being taken on this device; try again when that is over",
	       "EBUSY: another take");
	lvss_error_take(&err, EBUSY, "/dev/sdb", LVSS_TAKE_BLAME_NONE,
			"a member's block device freeze count is already held");
	is_str(err.msg,
	       "cannot take a snapshot of /dev/sdb: a member's block device freeze count is already held; the kernel log names the device",
	       "EBUSY: a held freeze count is not 'try again'");
	lvss_error_take(&err, ETIMEDOUT, "/dev/sdb", LVSS_TAKE_BLAME_NONE, NULL);
	ok(strstr(err.msg, "/dev/sdb: Connection timed out; try again") != NULL,
	   "without lvss.ko's words, strerror");
	lvss_error_take(&err, ENOSPC, "/dev/sdb", LVSS_TAKE_BLAME_NONE,
			"device has no CoW store: add one first (STORE_ADD)");
	is_str(err.msg,
	       "cannot take a snapshot of /dev/sdb: device has no CoW store: add one first (STORE_ADD) ('lvss devices' shows each device's store and snapshots)",
	       "ENOSPC nobody could be blamed for: lvss.ko's words and where to look");
	lvss_error_take(&err, ENODEV, "/dev/sdb and 2 more",
			LVSS_TAKE_BLAME_NONE,
			"device is not attached: attach it first");
	is_str(err.msg,
	       "cannot take a snapshot of /dev/sdb and 2 more: device is not attached: attach it first ('lvss devices' lists the attached devices)",
	       "ENODEV nobody could be blamed for: where to look");
	lvss_error_take(&err, EPERM, "/dev/sdb", LVSS_TAKE_BLAME_NONE, NULL);
	is_str(err.msg, LVSS_MSG_NEED_ADMIN, "EPERM: root");
	lvss_error_take(&err, EINVAL, "/dev/sdb", LVSS_TAKE_BLAME_NONE,
			"a device is named twice in the set");
	is_str(err.msg,
	       "cannot take a snapshot of /dev/sdb: Invalid argument (kernel: a device is named twice in the set)",
	       "other errors: strerror and lvss.ko's words");
}

static void test_snapshot_errors(void)
{
	struct lvss_error err;

	is_int(lvss_error_snapshot(&err, ENOENT, 7, "no snapshot with this id"),
	       -ENOENT, "a delete error returns the negative errno");
	is_str(err.msg, "no snapshot 7: 'lvss snapshots' lists them",
	       "ENOENT: which id, and where to look");
	lvss_error_snapshot(&err, EIO, 4294967295U, NULL);
	is_str(err.msg, "cannot delete snapshot 4294967295: Input/output error",
	       "others: the action and strerror");
}

static void test_limits(void)
{
	struct lvss_error err;

	is_int(lvss_check_chunk_size(4096, &err), 0, "4 KiB chunks are fine");
	is_int(lvss_check_chunk_size(1 << 20, &err), 0, "1 MiB too");
	is_int(lvss_check_chunk_size(2048, &err), -ERANGE, "2 KiB is too small");
	is_str(err.msg, "chunk size must be between 4 KiB and 1 MiB, got 2048 bytes",
	       "lvss.ko's words and the value");
	is_int(lvss_check_chunk_size(2 << 20, &err), -ERANGE, "2 MiB is too large");
	is_int(lvss_check_chunk_size(49152, &err), -EINVAL,
	       "48 KiB is not a power of two");
	is_str(err.msg,
	       "chunk size must be a power of two, got 49152 bytes: e.g. 4K, 64K or 1M",
	       "with examples");
	is_int(lvss_check_chunk_size(1ULL << 32, &err), -ERANGE,
	       "a size beyond 32 bits is out of range, not truncated");

	is_int(lvss_check_freeze_timeout(100, &err), 0, "100 ms is the least");
	is_int(lvss_check_freeze_timeout(60000, &err), 0, "60000 ms the most");
	is_int(lvss_check_freeze_timeout(99, &err), -ERANGE, "99 ms is too short");
	is_str(err.msg, "freeze timeout must be between 100 ms and 60000 ms, got 99",
	       "the bounds and the value");
	is_int(lvss_check_freeze_timeout(60001, &err), -ERANGE, "60001 too long");

	is_int(lvss_check_memory_store(1, &err), 0, "1 byte passes (lvss.ko judges chunks)");
	is_int(lvss_check_memory_store(1ULL << 40, &err), 0, "1 TiB is the most");
	is_int(lvss_check_memory_store((1ULL << 40) + 1, &err), -ERANGE,
	       "more is refused");
	ok(strstr(err.msg, "at most 1 TiB") != NULL, "saying the limit");
	is_int(lvss_check_memory_store(0, &err), -ERANGE, "0 bytes is refused");

	is_int(lvss_check_low_percent(0, &err), 0, "threshold 0 (off) is fine");
	is_int(lvss_check_low_percent(LVSS_STORE_LOW_PERCENT_MAX, &err), 0,
	       "threshold 99 is the most");
	is_int(lvss_check_low_percent(100, &err), -ERANGE,
	       "threshold 100 is out of range");
	is_str(err.msg,
	       "low-space threshold must be between 0 and 99 percent, got 100; 0 turns the store-low event off",
	       "the range, the value and what 0 means");
	is_int(lvss_check_low_percent(1ULL << 32, NULL), -ERANGE,
	       "a threshold beyond 32 bits is refused, not truncated");
}

static void test_too_old(void)
{
	struct lvss_error err;

	is_int(lvss_error_too_old(&err, "events", "0.1.0", 0x10000, 0x10001),
	       -EOPNOTSUPP, "a module too old for a feature is -EOPNOTSUPP");
	is_str(err.msg,
	       "lvss.ko is too old for events: lvss.ko 0.1.0 speaks ABI 1.0, events came with ABI 1.1; install tools and module from the same release",
	       "the message names the feature, both ABIs and what to do");
	is_str(LVSS_MSG_EVENTS_NEED_ADMIN,
	       "permission denied: listening for lvss events needs CAP_SYS_ADMIN (CAP_NET_ADMIN on kernels before 6.7): run as root",
	       "listening without permission names both capabilities");
}

static void test_load_errors(void)
{
	struct lvss_error err;

	lvss_error_load(&err, ENOENT, "6.1.0-28-amd64", "");
	is_str(err.msg,
	       "lvss.ko is not installed for kernel 6.1.0-28-amd64: run 'sudo make install'",
	       "module not found names the kernel and the fix");
	lvss_error_load(&err, EPERM, "6.1", "");
	ok(err.code == EPERM && strstr(err.msg, "run as root"),
	   "loading without permission says to run as root");
	lvss_error_load(&err, ENOEXEC, "6.12.9", "");
	ok(strstr(err.msg, "does not fit kernel 6.12.9"),
	   "a module built for another kernel says so");
	lvss_error_load(&err, EBUSY, "6.1", "init_module: busy");
	is_str(err.msg,
	       "cannot load lvss.ko into kernel 6.1: Device or resource busy (libkmod: init_module: busy)",
	       "other load errors keep libkmod's last words");
	is_str(LVSS_MSG_NOT_LOADED, "lvss.ko is not loaded: run 'modprobe lvss'",
	       "the not-loaded message is the documented one");
}

static void test_error_set(void)
{
	struct lvss_error err;
	char big[600];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	is_int(lvss_error_set(&err, E2BIG, "%s", big), -E2BIG,
	       "lvss_error_set returns -code");
	is_int(strlen(err.msg), LVSS_ERROR_STR_MAX - 1,
	       "long messages are truncated to the buffer");
	lvss_error_clear(&err);
	ok(err.code == 0 && !*err.msg, "lvss_error_clear empties the error");
}

static void test_abi(void)
{
	char buf[LVSS_ABI_STR_MAX], tiny[3];

	is_str(lvss_abi_format(0x10000, buf, sizeof(buf)), "1.0",
	       "ABI 1.0 formats as 1.0");
	is_str(lvss_abi_format(0x20003, buf, sizeof(buf)), "2.3",
	       "major << 16 | minor");
	is_str(lvss_abi_format(0xffffffff, buf, sizeof(buf)), "65535.65535",
	       "the widest ABI fits LVSS_ABI_STR_MAX");
	is_str(lvss_abi_format(0x10000, tiny, sizeof(tiny)), "1.",
	       "a short buffer is truncated, not overrun");
	ok(lvss_abi_compatible(LVSS_ABI_VERSION), "our own ABI is compatible");
	ok(lvss_abi_compatible(LVSS_ABI_VERSION + 5),
	   "a newer minor is compatible");
	ok(!lvss_abi_compatible((LVSS_ABI_MAJOR + 1) << 16),
	   "another major is not");
	ok(lvss_tools_version() && *lvss_tools_version(),
	   "the tools version comes from VERSION");
}

int main(void)
{
	test_kernel_errors();
	test_device_errors();
	test_store_errors();
	test_take_errors();
	test_snapshot_errors();
	test_limits();
	test_too_old();
	test_load_errors();
	test_error_set();
	test_abi();
	return tap_done();
}
