// SPDX-License-Identifier: GPL-2.0
/*
 * lvss_test_warn - a module whose init emits a kernel WARNING.
 *
 * Used only by tests/vm/selftest.sh: a VM case that loads it succeeds by
 * its own exit status, so the harness must fail it from the kernel log.
 */
#include <linux/bug.h>
#include <linux/init.h>
#include <linux/module.h>

static int __init lvss_test_warn_init(void)
{
	WARN(1, "lvss harness self-test");
	return 0;
}

static void __exit lvss_test_warn_exit(void)
{
}

module_init(lvss_test_warn_init);
module_exit(lvss_test_warn_exit);

MODULE_DESCRIPTION("lvss VM harness self-test: WARN on load");
MODULE_LICENSE("GPL");
