/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Snapshots: one device frozen at one instant, readable as a block device.
 * Created by a take (lvss_take.c), found by id, deleted by userspace.
 */
#ifndef LVSS_SNAPSHOT_H
#define LVSS_SNAPSHOT_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/types.h>
#include <uapi/linux/lvss.h>

struct lvss_snapdev;
struct lvss_tracker;
struct netlink_ext_ack;

/**
 * struct lvss_snapshot - one snapshot of one device
 * @kref: the registry's reference plus one per read piece in flight and
 *	one per dump that looks at it
 * @id: module-wide id userspace names it by; constant
 * @seq: the device's epoch it was taken in; set at the flip, then constant
 * @tracker: the device (referenced); constant
 * @node: on cow->snapshots, under cow->lock
 * @state: enum lvss_snapshot_state; written under cow->lock
 * @error: first error that failed it (negative errno); under cow->lock
 * @why: message for that error (static string); under cow->lock
 * @reads: read pieces in flight; deletion waits for zero
 * @disk: its block device; constant once the take succeeded, gone after
 *	delete: dumps use @disk_name
 * @disk_name: the disk's kernel name ("lvss3"); constant
 * @created_ns: wall-clock time of the take
 * @frozen_ns: how long the take held writes
 */
struct lvss_snapshot {
	struct kref kref;
	u32 id;
	u64 seq;
	struct lvss_tracker *tracker;
	struct list_head node;
	int state;
	int error;
	const char *why;
	atomic_t reads;
	struct lvss_snapdev *disk;
	char disk_name[LVSS_DISK_NAME_MAX];
	u64 created_ns;
	u64 frozen_ns;
};

struct lvss_snapshot *lvss_snapshot_new(struct lvss_tracker *tracker,
					struct netlink_ext_ack *extack);
int lvss_snapshot_prepare_disk(struct lvss_snapshot *snap, u64 seq,
			       struct netlink_ext_ack *extack);
void lvss_snapshot_publish(struct lvss_snapshot *snap);
void lvss_snapshot_discard(struct lvss_snapshot *snap);
int lvss_snapshot_delete(u32 id, struct netlink_ext_ack *extack);
struct lvss_snapshot *lvss_snapshot_next(unsigned long *id);
void lvss_snapshot_get(struct lvss_snapshot *snap);
void lvss_snapshot_put(struct lvss_snapshot *snap);
void lvss_snapshot_fail(struct lvss_snapshot *snap, int error,
			const char *why);

#endif /* LVSS_SNAPSHOT_H */
