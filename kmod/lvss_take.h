/* SPDX-License-Identifier: GPL-2.0 */
/* Taking a snapshot set: one instant across several devices. */
#ifndef LVSS_TAKE_H
#define LVSS_TAKE_H

#include <linux/types.h>
#include <uapi/linux/lvss.h>

struct lvss_cbt_map;
struct lvss_snapshot;
struct lvss_tracker;
struct netlink_ext_ack;

/**
 * struct lvss_take_member - one device of a set
 * @path: as userspace named it
 * @tracker: the device, referenced while the take runs
 * @snap: its new snapshot (published when the take succeeds)
 * @fresh: the epoch's empty "preserved" bitmap, allocated up front
 * @cbt_spare: the map a new changed-block generation needs, if it does
 * @claimed: this take owns the device's LVSS_TRACKER_TAKING bit
 * @frozen: its filesystem is frozen by this take
 * @held: its writes are held by this take
 */
struct lvss_take_member {
	const char *path;
	struct lvss_tracker *tracker;
	struct lvss_snapshot *snap;
	unsigned long *fresh;
	struct lvss_cbt_map *cbt_spare;
	bool claimed;
	bool frozen;
	bool held;
};

/**
 * struct lvss_take - a take in progress
 * @timeout_ms: bound of the frozen interval
 * @frozen_ns: measured from the first freeze to the last thaw
 * @nr: members in use
 * @members: the devices
 */
struct lvss_take {
	u32 timeout_ms;
	u64 frozen_ns;
	unsigned int nr;
	struct lvss_take_member members[LVSS_SET_MEMBERS_MAX];
};

int lvss_take_run(struct lvss_take *take, struct netlink_ext_ack *extack);
void lvss_take_done(struct lvss_take *take);

#endif /* LVSS_TAKE_H */
