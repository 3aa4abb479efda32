// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshot objects and their registry.
 *
 * The registry (an idr of ids) is changed under lvss_snapshot_lock by the
 * control path only. A snapshot's data path lives in lvss_cow.c; here is
 * its lifetime: created unpublished by a take, published (disk added,
 * id visible) after the thaw, deleted by id. Deletion removes the disk
 * first, so no new read can start, then waits for the reads in flight,
 * then tells the engine to forget the snapshot's copies.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/wait_bit.h>

#include "lvss_cow.h"
#include "lvss_event.h"
#include "lvss_main.h"
#include "lvss_snapdev.h"
#include "lvss_snapshot.h"
#include "lvss_tracker.h"

static DEFINE_MUTEX(lvss_snapshot_lock);
/* id -> snapshot; NULL entries are ids reserved by a take in progress. */
static DEFINE_IDR(lvss_snapshots);

static void lvss_snapshot_release(struct kref *kref)
{
	struct lvss_snapshot *snap = container_of(kref, struct lvss_snapshot,
						  kref);

	/* May run in bio completion context: both puts below are safe there. */
	lvss_tracker_put(snap->tracker);
	kfree(snap);
}

void lvss_snapshot_get(struct lvss_snapshot *snap)
{
	kref_get(&snap->kref);
}

void lvss_snapshot_put(struct lvss_snapshot *snap)
{
	kref_put(&snap->kref, lvss_snapshot_release);
}

/* Latches the first error; the caller holds cow->lock. */
void lvss_snapshot_fail(struct lvss_snapshot *snap, int error,
			const char *why)
{
	if (snap->state != LVSS_SNAPSHOT_ACTIVE)
		return;
	WRITE_ONCE(snap->state, LVSS_SNAPSHOT_FAILED);
	snap->error = error;
	snap->why = why;
	pr_err("snapshot %u of %s failed: %s (%d)\n", snap->id,
	       snap->tracker->path, why, error);
	lvss_event_snapshot_failed(snap);
}

static void lvss_snapshot_submit_read(void *owner, struct bio *bio)
{
	struct lvss_snapshot *snap = owner;

	lvss_cow_read(snap->tracker->cow, snap, bio);
}

static const struct lvss_snapdev_ops lvss_snapshot_disk_ops = {
	.submit_read = lvss_snapshot_submit_read,
};

/* An unpublished snapshot of @tracker with a reserved id. */
struct lvss_snapshot *lvss_snapshot_new(struct lvss_tracker *tracker,
					struct netlink_ext_ack *extack)
{
	struct lvss_snapshot *snap;
	int id;

	snap = kzalloc(sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return ERR_PTR(-ENOMEM);
	kref_init(&snap->kref);
	INIT_LIST_HEAD(&snap->node);
	atomic_set(&snap->reads, 0);
	snap->state = LVSS_SNAPSHOT_ACTIVE;
	mutex_lock(&lvss_snapshot_lock);
	/* Cyclic: a script deleting an old id never hits a newer snapshot. */
	id = idr_alloc_cyclic(&lvss_snapshots, NULL, 1, 0, GFP_KERNEL);
	mutex_unlock(&lvss_snapshot_lock);
	if (id < 0) {
		NL_SET_ERR_MSG(extack, "no snapshot id left");
		kfree(snap);
		return ERR_PTR(id);
	}
	snap->id = id;
	lvss_tracker_get(tracker);
	snap->tracker = tracker;
	return snap;
}

/* The disk is made before the freeze and added after the thaw. */
int lvss_snapshot_prepare_disk(struct lvss_snapshot *snap, u64 seq,
			       struct netlink_ext_ack *extack)
{
	struct block_device *origin = snap->tracker->ref.bdev;
	struct lvss_snapdev_geometry geo = {
		.nr_sectors = bdev_nr_sectors(origin),
		.logical_block_size = bdev_logical_block_size(origin),
		.physical_block_size = bdev_physical_block_size(origin),
		.chunk_sectors = 1U << (snap->tracker->cow->chunk_shift -
					SECTOR_SHIFT),
	};
	char name[LVSS_SNAPDEV_NAME_MAX];
	struct lvss_snapdev *disk;

	snprintf(name, sizeof(name), "%pg@%llu", origin, seq);
	disk = lvss_snapdev_new(name, &geo, &lvss_snapshot_disk_ops, snap,
				extack);
	if (IS_ERR(disk))
		return PTR_ERR(disk);
	snap->disk = disk;
	strscpy(snap->disk_name, lvss_snapdev_disk_name(disk),
		sizeof(snap->disk_name));
	return 0;
}

/* After the thaw: the disk appears and the id becomes visible. */
void lvss_snapshot_publish(struct lvss_snapshot *snap)
{
	int err = lvss_snapdev_add(snap->disk, NULL);

	if (err) {
		unsigned long flags;

		spin_lock_irqsave(&snap->tracker->cow->lock, flags);
		lvss_snapshot_fail(snap, err, "cannot add the snapshot disk");
		spin_unlock_irqrestore(&snap->tracker->cow->lock, flags);
	}
	/*
	 * Counted before the id is visible: a delete that finds it at once
	 * must not take the counts below zero (status would show 2^32 - 1).
	 */
	atomic_inc(&lvss_state.snapshots);
	atomic_inc(&snap->tracker->nr_snapshots);
	mutex_lock(&lvss_snapshot_lock);
	idr_replace(&lvss_snapshots, snap, snap->id);
	mutex_unlock(&lvss_snapshot_lock);
}

/* A take that did not reach its flip drops the snapshot it prepared. */
void lvss_snapshot_discard(struct lvss_snapshot *snap)
{
	if (snap->disk)
		lvss_snapdev_free(snap->disk);
	mutex_lock(&lvss_snapshot_lock);
	idr_remove(&lvss_snapshots, snap->id);
	mutex_unlock(&lvss_snapshot_lock);
	lvss_snapshot_put(snap);
}

int lvss_snapshot_delete(u32 id, struct netlink_ext_ack *extack)
{
	struct lvss_snapshot *snap;
	struct lvss_tracker *t;

	mutex_lock(&lvss_snapshot_lock);
	snap = idr_find(&lvss_snapshots, id);
	if (snap)
		idr_remove(&lvss_snapshots, id);
	mutex_unlock(&lvss_snapshot_lock);
	if (!snap) {
		NL_SET_ERR_MSG(extack, "no snapshot with this id");
		return -ENOENT;
	}
	t = snap->tracker;
	lvss_snapdev_free(snap->disk);
	while (!wait_var_event_timeout(&snap->reads,
				       !atomic_read(&snap->reads), 10 * HZ))
		pr_warn("snapshot %u: waiting for %d read(s) to finish\n",
			snap->id, atomic_read(&snap->reads));
	lvss_cow_forget(t->cow, snap);
	atomic_dec(&lvss_state.snapshots);
	atomic_dec(&t->nr_snapshots);
	pr_info("snapshot %u of %s deleted\n", snap->id, t->path);
	lvss_snapshot_put(snap);
	return 0;
}

/*
 * For dumps: the published snapshot with the smallest id >= *id,
 * referenced, and *id moved past it; NULL at the end. idr_get_next()
 * skips the NULL entries of takes in progress.
 */
struct lvss_snapshot *lvss_snapshot_next(unsigned long *id)
{
	struct lvss_snapshot *snap;
	int next = *id;

	mutex_lock(&lvss_snapshot_lock);
	snap = idr_get_next(&lvss_snapshots, &next);
	if (snap) {
		lvss_snapshot_get(snap);
		*id = next + 1UL;
	}
	mutex_unlock(&lvss_snapshot_lock);
	return snap;
}
