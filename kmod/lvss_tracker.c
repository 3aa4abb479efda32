// SPDX-License-Identifier: GPL-2.0
/*
 * Trackers: lvss attached to block devices.
 *
 * The registry maps dev_t to tracker. The bio path reads it under RCU
 * only; attach and detach change it under lvss_tracker_lock, which the bio
 * path never takes (a filesystem freeze writes through the hook while a
 * control command may hold the lock). A detached tracker is freed from a
 * work item after an RCU grace period, so a bio handler that still sees it
 * is always looking at live memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "lvss_compat.h"
#include "lvss_hook.h"
#include "lvss_main.h"
#include "lvss_tracker.h"

static DEFINE_MUTEX(lvss_tracker_lock);
/* dev_t -> tracker. Changed under lvss_tracker_lock, read under RCU. */
static DEFINE_XARRAY(lvss_trackers);
static struct workqueue_struct *lvss_tracker_wq;

static void lvss_tracker_free_work(struct work_struct *work)
{
	struct lvss_tracker *t = container_of(work, struct lvss_tracker,
					      free_work);

	/* Bio handlers that found @t in the registry are done after this. */
	synchronize_rcu();
	lvss_bdev_close(&t->ref);
	percpu_counter_destroy(&t->writes);
	percpu_counter_destroy(&t->write_sectors);
	kfree(t);
	/* Safe: module exit destroys lvss_tracker_wq, waiting for us. */
	module_put(THIS_MODULE);
}

static void lvss_tracker_release(struct kref *kref)
{
	struct lvss_tracker *t = container_of(kref, struct lvss_tracker, kref);

	queue_work(lvss_tracker_wq, &t->free_work);
}

void lvss_tracker_put(struct lvss_tracker *t)
{
	kref_put(&t->kref, lvss_tracker_release);
}

/* Called from the hook for every top-level bio while any device is attached. */
void lvss_tracker_submit_bio(struct bio *bio)
{
	struct block_device *bdev = bio->bi_bdev;
	struct lvss_tracker *t;

	if (op_is_write(bio_op(bio)) && bio_sectors(bio)) {
		rcu_read_lock();
		t = xa_load(&lvss_trackers, bdev->bd_dev);
		/* A tracker on the whole disk also sees its partitions. */
		if (!t && bdev_is_partition(bdev))
			t = xa_load(&lvss_trackers, bdev_whole(bdev)->bd_dev);
		if (t) {
			percpu_counter_inc(&t->writes);
			percpu_counter_add(&t->write_sectors, bio_sectors(bio));
		}
		rcu_read_unlock();
	}
	lvss_hook_pass(bio);
}

/* Whole disk: refuse when a partition is a dm/md member or similar. */
static bool lvss_partition_held_by_driver(struct block_device *whole)
{
	struct block_device *part;
	unsigned long idx;
	bool held = false;

	rcu_read_lock();
	xa_for_each(&whole->bd_disk->part_tbl, idx, part) {
		if (part != whole && lvss_bdev_held_by_driver(part)) {
			held = true;
			break;
		}
	}
	rcu_read_unlock();
	return held;
}

static int lvss_tracker_check_device(struct block_device *bdev,
				     struct netlink_ext_ack *extack)
{
	if (bdev_is_zoned(bdev)) {
		NL_SET_ERR_MSG(extack, "zoned block devices are not supported");
		return -EOPNOTSUPP;
	}
	if (lvss_bdev_held_by_driver(bdev)) {
		NL_SET_ERR_MSG(extack, "device is held by another driver (dm/md member or swap): attach to the device on top instead");
		return -EBUSY;
	}
	if (!bdev_is_partition(bdev) && lvss_partition_held_by_driver(bdev)) {
		NL_SET_ERR_MSG(extack, "a partition of this disk is held by another driver (dm/md member or swap)");
		return -EBUSY;
	}
	return 0;
}

/* Disk and partition trackers would both see the same bios: refuse. */
static int lvss_tracker_check_overlap(struct block_device *bdev,
				      struct netlink_ext_ack *extack)
{
	dev_t whole = bdev_whole(bdev)->bd_dev;
	struct lvss_tracker *t;
	unsigned long idx;

	lockdep_assert_held(&lvss_tracker_lock);
	if (xa_load(&lvss_trackers, bdev->bd_dev)) {
		NL_SET_ERR_MSG(extack, "device is already attached");
		return -EEXIST;
	}
	if (bdev_is_partition(bdev)) {
		if (xa_load(&lvss_trackers, whole)) {
			NL_SET_ERR_MSG(extack, "the whole disk of this partition is already attached");
			return -EBUSY;
		}
		return 0;
	}
	xa_for_each(&lvss_trackers, idx, t) {
		if (bdev_whole(t->ref.bdev)->bd_dev == whole) {
			NL_SET_ERR_MSG(extack, "a partition of this disk is already attached");
			return -EBUSY;
		}
	}
	return 0;
}

int lvss_tracker_attach(const char *path, struct netlink_ext_ack *extack)
{
	struct lvss_tracker *t;
	int err;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	kref_init(&t->kref);
	INIT_WORK(&t->free_work, lvss_tracker_free_work);
	strscpy(t->path, path, sizeof(t->path));
	err = percpu_counter_init(&t->writes, 0, GFP_KERNEL);
	if (err)
		goto err_free;
	err = percpu_counter_init(&t->write_sectors, 0, GFP_KERNEL);
	if (err)
		goto err_writes;
	err = lvss_bdev_open_ro(path, &t->ref);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot open the device: is the path a block device?");
		goto err_sectors;
	}
	t->dev = t->ref.bdev->bd_dev;
	err = lvss_tracker_check_device(t->ref.bdev, extack);
	if (err)
		goto err_close;

	mutex_lock(&lvss_tracker_lock);
	err = lvss_tracker_check_overlap(t->ref.bdev, extack);
	if (err)
		goto err_unlock;
	err = lvss_hook_get(extack);
	if (err)
		goto err_unlock;
	err = xa_insert(&lvss_trackers, t->dev, t, GFP_KERNEL);
	if (err)
		goto err_hook;
	/* Each attachment pins the module: rmmod is refused until detach. */
	__module_get(THIS_MODULE);
	atomic_inc(&lvss_state.devices);
	mutex_unlock(&lvss_tracker_lock);
	pr_info("attached to %s (%u:%u)\n", t->path, MAJOR(t->dev),
		MINOR(t->dev));
	return 0;

err_hook:
	lvss_hook_put();
err_unlock:
	mutex_unlock(&lvss_tracker_lock);
err_close:
	lvss_bdev_close(&t->ref);
err_sectors:
	percpu_counter_destroy(&t->write_sectors);
err_writes:
	percpu_counter_destroy(&t->writes);
err_free:
	kfree(t);
	return err;
}

int lvss_tracker_detach(const char *path, struct netlink_ext_ack *extack)
{
	struct lvss_tracker *t;
	dev_t dev;
	int err;

	err = lookup_bdev(path, &dev);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot resolve the device path");
		return err;
	}
	mutex_lock(&lvss_tracker_lock);
	t = xa_erase(&lvss_trackers, dev);
	if (t) {
		atomic_dec(&lvss_state.devices);
		lvss_hook_put();
	}
	mutex_unlock(&lvss_tracker_lock);
	if (!t) {
		NL_SET_ERR_MSG(extack, "device is not attached");
		return -ENODEV;
	}
	pr_info("detached from %s (%u:%u)\n", t->path, MAJOR(t->dev),
		MINOR(t->dev));
	lvss_tracker_put(t);
	return 0;
}

/*
 * For dumps: the first tracker with dev_t >= *index, referenced (put it
 * with lvss_tracker_put()), and *index moved past it; NULL at the end.
 */
struct lvss_tracker *lvss_tracker_next(unsigned long *index)
{
	struct lvss_tracker *t;

	rcu_read_lock();
	do {
		t = xa_find(&lvss_trackers, index, ULONG_MAX, XA_PRESENT);
		if (t && kref_get_unless_zero(&t->kref))
			break;
		if (t)
			(*index)++;
	} while (t);
	rcu_read_unlock();
	if (t)
		*index = t->dev + 1UL;
	return t;
}

int __init lvss_tracker_init(void)
{
	lvss_tracker_wq = alloc_workqueue("lvss_tracker", WQ_MEM_RECLAIM, 0);
	return lvss_tracker_wq ? 0 : -ENOMEM;
}

/* Every attachment pins the module, so none is left here. */
void lvss_tracker_exit(void)
{
	WARN_ON(!xa_empty(&lvss_trackers));
	destroy_workqueue(lvss_tracker_wq);
}
