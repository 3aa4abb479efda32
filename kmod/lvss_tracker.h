/* SPDX-License-Identifier: GPL-2.0 */
/* A tracker is lvss attached to one block device (disk or partition). */
#ifndef LVSS_TRACKER_H
#define LVSS_TRACKER_H

#include <linux/kref.h>
#include <linux/percpu_counter.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <uapi/linux/lvss.h>

#include "lvss_compat.h"

struct bio;
struct netlink_ext_ack;

/**
 * struct lvss_tracker - lvss attached to one block device
 * @kref: a reference per lookup in flight plus one for the registry
 * @dev: device number; the registry key; constant
 * @ref: our read-only open of the device, closed when the last reference
 *	goes; constant while attached
 * @path: the path userspace attached by, for status; constant
 * @writes: write-type bios seen (writes, discards, zeroing)
 * @write_sectors: sectors those bios covered
 * @free_work: frees from process context: closing the device may sleep
 */
struct lvss_tracker {
	struct kref kref;
	dev_t dev;
	struct lvss_bdev_ref ref;
	char path[LVSS_DEV_PATH_MAX];
	struct percpu_counter writes;
	struct percpu_counter write_sectors;
	struct work_struct free_work;
};

int lvss_tracker_attach(const char *path, struct netlink_ext_ack *extack);
int lvss_tracker_detach(const char *path, struct netlink_ext_ack *extack);
struct lvss_tracker *lvss_tracker_next(unsigned long *index);
void lvss_tracker_put(struct lvss_tracker *tracker);
void lvss_tracker_submit_bio(struct bio *bio);
int lvss_tracker_init(void);
void lvss_tracker_exit(void);

#endif /* LVSS_TRACKER_H */
