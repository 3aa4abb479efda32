/* SPDX-License-Identifier: GPL-2.0 */
/* A tracker is lvss attached to one block device (disk or partition). */
#ifndef LVSS_TRACKER_H
#define LVSS_TRACKER_H

#include <linux/bio.h>
#include <linux/kref.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <uapi/linux/lvss.h>

#include "lvss_cbt.h"
#include "lvss_compat.h"

struct lvss_cow;
struct netlink_ext_ack;

/* Bits of lvss_tracker.flags */
enum {
	LVSS_TRACKER_TAKING,	/* a take has this device as a member */
};

/* Per-CPU counts of a tracker's writes: plain adds on the write path. */
struct lvss_tracker_stats {
	u64 writes;
	u64 sectors;
};

/**
 * struct lvss_tracker - lvss attached to one block device
 * @kref: one for the registry plus one per control-path lookup in use
 *	(writes are counted in @inflight instead, which the free waits for)
 * @dev: device number; the registry key; constant
 * @ref: our read-only open of the device, closed when the last reference
 *	goes; constant while attached
 * @path: the path userspace attached by, for status; constant
 * @stats: write-type bios that went down (writes, discards, zeroing) and
 *	the sectors they covered, per CPU (read with lvss_tracker_stats())
 * @cow: copy-on-write engine, set once by the first STORE_ADD under
 *	lvss_tracker_lock, read with READ_ONCE() on the I/O path; freed with
 *	the tracker
 * @nr_snapshots: published snapshots of this device; detach needs zero
 * @flags: LVSS_TRACKER_* bits
 * @inflight: writes between the handler and their completion, counted
 *	under RCU; a take waits for zero while writes are held, and the
 *	free waits for zero
 * @hold_lock: protects @holding and @held
 * @holding: new writes are queued on @held instead of going down
 * @held: writes queued during a take's flip
 * @cbt: changed-block tracking, from the attach on
 * @free_work: frees from process context: closing the device may sleep
 */
struct lvss_tracker {
	struct kref kref;
	dev_t dev;
	struct lvss_bdev_ref ref;
	char path[LVSS_DEV_PATH_MAX];
	struct lvss_tracker_stats __percpu *stats;
	struct lvss_cow *cow;
	atomic_t nr_snapshots;
	unsigned long flags;
	atomic_t inflight;
	spinlock_t hold_lock; /* protects holding and held */
	bool holding;
	struct bio_list held;
	struct lvss_cbt cbt;
	struct work_struct free_work;
};

int lvss_tracker_attach(const char *path, u32 cbt_block_size,
			struct netlink_ext_ack *extack);
int lvss_tracker_detach(const char *path, struct netlink_ext_ack *extack);
struct lvss_tracker *lvss_tracker_next(unsigned long *index);
struct lvss_tracker *lvss_tracker_find(const char *path,
				       struct netlink_ext_ack *extack);
bool lvss_tracker_is_attached(dev_t dev);
bool lvss_tracker_is_origin(struct block_device *bdev);
void lvss_tracker_get(struct lvss_tracker *tracker);
void lvss_tracker_put(struct lvss_tracker *tracker);
void lvss_tracker_submit_bio(struct bio *bio);
bool lvss_tracker_write_fast(struct bio *bio);
void lvss_tracker_stats(struct lvss_tracker *tracker, u64 *writes,
			u64 *bytes);
int lvss_tracker_claim_take(struct lvss_tracker *tracker,
			    struct netlink_ext_ack *extack);
void lvss_tracker_hold(struct lvss_tracker *tracker);
int lvss_tracker_drain(struct lvss_tracker *tracker, unsigned long deadline);
void lvss_tracker_unhold(struct lvss_tracker *tracker);
int lvss_tracker_set_cow(struct lvss_tracker *tracker, struct lvss_cow *cow);
int lvss_tracker_init(void);
void lvss_tracker_exit(void);

#endif /* LVSS_TRACKER_H */
