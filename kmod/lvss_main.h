/* SPDX-License-Identifier: GPL-2.0 */
/* Module-wide state of lvss.ko, shared by the control plane and the filter. */
#ifndef LVSS_MAIN_H
#define LVSS_MAIN_H

#include <linux/atomic.h>
#include <linux/ktime.h>

/**
 * struct lvss_module_state - figures reported by LVSS_CMD_GET_STATUS
 * @loaded_at: boot-time clock when the module finished loading; set once
 *	in init, read-only afterwards
 * @devices: devices with an lvss filter attached
 * @snapshots: live snapshots over all devices
 */
struct lvss_module_state {
	ktime_t loaded_at;
	atomic_t devices;
	atomic_t snapshots;
};

extern struct lvss_module_state lvss_state;

#endif /* LVSS_MAIN_H */
