// SPDX-License-Identifier: MIT
/*
 * Error wording (errno -> message, kernel and module loading) and the
 * version helpers: what users read when something goes wrong.
 */
#include <errno.h>

#include "lvss_error.h"
#include "tap.h"

static void test_kernel_errors(void)
{
	struct lvss_error err;
	char want[LVSS_ERROR_MSG_MAX];

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
	is_int(strlen(err.msg), LVSS_ERROR_MSG_MAX - 1,
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
	test_load_errors();
	test_error_set();
	test_abi();
	return tap_done();
}
