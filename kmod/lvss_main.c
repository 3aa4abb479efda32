// SPDX-License-Identifier: GPL-2.0
/*
 * lvss.ko - Linux Volume Shadow Service: block-device filter, copy-on-write
 * snapshots and changed-block tracking, driven over generic netlink.
 *
 * This file only brings the module up and down; each subsystem owns its
 * own file (see docs/design.md).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <uapi/linux/lvss.h>

#include "lvss_genl.h"
#include "lvss_hook.h"
#include "lvss_cow.h"
#include "lvss_event.h"
#include "lvss_main.h"
#include "lvss_snapdev.h"
#include "lvss_tracker.h"

struct lvss_module_state lvss_state;

static int __init lvss_init(void)
{
	int err;

	lvss_state.loaded_at = ktime_get_boottime();
	atomic_set(&lvss_state.devices, 0);
	atomic_set(&lvss_state.snapshots, 0);

	err = lvss_cow_init();
	if (err)
		return err;
	err = lvss_tracker_init();
	if (err)
		goto err_cow;
	err = lvss_snapdev_init();
	if (err) {
		pr_err("cannot register the lvss block device major: %d\n", err);
		goto err_tracker;
	}
	lvss_event_init();
	/* Last: from here on userspace can send commands. */
	err = lvss_genl_init();
	if (err) {
		pr_err("cannot register generic netlink family '%s': %d\n",
		       LVSS_GENL_NAME, err);
		goto err_snapdev;
	}
	pr_info("version %s loaded (ABI %u.%u)\n", LVSS_MODULE_VERSION,
		LVSS_ABI_MAJOR, LVSS_ABI_MINOR);
	return 0;

err_snapdev:
	lvss_snapdev_exit();
err_tracker:
	lvss_tracker_exit();
err_cow:
	lvss_cow_exit();
	return err;
}

static void __exit lvss_exit(void)
{
	lvss_event_exit();
	lvss_genl_exit();
	lvss_snapdev_exit();
	lvss_tracker_exit();
	lvss_hook_exit();
	lvss_cow_exit();
	pr_info("unloaded\n");
}

module_init(lvss_init);
module_exit(lvss_exit);

MODULE_DESCRIPTION("Linux Volume Shadow Service: block device snapshots");
MODULE_AUTHOR("lvss developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(LVSS_MODULE_VERSION);
