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
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/mempool.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/sched/signal.h>
#include <linux/xarray.h>

#include "lvss_compat.h"
#include "lvss_cow.h"
#include "lvss_hook.h"
#include "lvss_snapdev.h"
#include "lvss_store.h"
#include "lvss_main.h"
#include "lvss_tracker.h"

static DEFINE_MUTEX(lvss_tracker_lock);
/* dev_t -> tracker. Changed under lvss_tracker_lock, read under RCU. */
static DEFINE_XARRAY(lvss_trackers);

/*
 * The same registry as a flat array, for the write path: a scan of the
 * few attached devices costs less than a walk down the xarray's levels
 * (dev_t keys are sparse). Replaced as a whole under lvss_tracker_lock;
 * a detach that cannot allocate the smaller copy clears its entry's
 * tracker in place instead (readers skip such an entry).
 */
struct lvss_tracker_table {
	struct rcu_head rcu;
	unsigned int nr;
	struct {
		dev_t dev;
		struct lvss_tracker *tracker;
	} e[];
};

static struct lvss_tracker_table __rcu *lvss_tracker_table;
static struct workqueue_struct *lvss_tracker_wq;

/* What a write's completion must restore and account (see below). */
struct lvss_wend {
	bio_end_io_t *end_io;
	void *private;
	struct lvss_tracker *tracker;
	bool pooled;	/* from the mempool: goes back to it */
};

static struct kmem_cache *lvss_wend_cache;
static mempool_t *lvss_wend_pool;

/*
 * Completion records come from a small per-CPU stock first, refilled by
 * the completions on that CPU; it spills into the slab. The slab's own
 * allocation and free were over a third of what tracking a 4 KiB write
 * cost.
 * Records from the mempool always go back to it, so the reserve refills
 * and its waiters wake as mempool_alloc() expects.
 */
#define LVSS_WEND_STOCK	32

struct lvss_wend_stock {
	unsigned int nr;
	struct lvss_wend *wend[LVSS_WEND_STOCK];
};

static DEFINE_PER_CPU(struct lvss_wend_stock, lvss_wend_stock);

/* Any context; NULL when the stock is empty and the slab has none now. */
static struct lvss_wend *lvss_wend_get(void)
{
	struct lvss_wend_stock *stock;
	struct lvss_wend *wend = NULL;
	unsigned long flags;

	/* Completions may refill the stock from interrupts. */
	local_irq_save(flags);
	stock = this_cpu_ptr(&lvss_wend_stock);
	if (stock->nr)
		wend = stock->wend[--stock->nr];
	local_irq_restore(flags);
	if (!wend)
		wend = kmem_cache_alloc(lvss_wend_cache,
					GFP_NOWAIT | __GFP_NOWARN);
	if (wend)
		wend->pooled = false;
	return wend;
}

/* The reserve, for the handler (may sleep unless @gfp says not to). */
static struct lvss_wend *lvss_wend_get_pooled(gfp_t gfp)
{
	struct lvss_wend *wend = mempool_alloc(lvss_wend_pool, gfp);

	if (wend)
		wend->pooled = true;
	return wend;
}

static void lvss_wend_put(struct lvss_wend *wend)
{
	struct lvss_wend_stock *stock;
	unsigned long flags;

	if (wend->pooled) {
		mempool_free(wend, lvss_wend_pool);
		return;
	}
	local_irq_save(flags);
	stock = this_cpu_ptr(&lvss_wend_stock);
	if (stock->nr < LVSS_WEND_STOCK) {
		stock->wend[stock->nr++] = wend;
		wend = NULL;
	}
	local_irq_restore(flags);
	if (wend)
		kmem_cache_free(lvss_wend_cache, wend);
}

/* Module exit: nothing is in flight any more. */
static void lvss_wend_stock_drain(void)
{
	struct lvss_wend_stock *stock;
	int cpu;

	for_each_possible_cpu(cpu) {
		stock = per_cpu_ptr(&lvss_wend_stock, cpu);
		while (stock->nr)
			kmem_cache_free(lvss_wend_cache,
					stock->wend[--stock->nr]);
	}
}

static void lvss_tracker_free_work(struct work_struct *work)
{
	struct lvss_tracker *t = container_of(work, struct lvss_tracker,
					      free_work);

	/*
	 * Bio handlers that found @t in the registry have counted their
	 * write after this; each write in flight keeps @t alive.
	 */
	synchronize_rcu();
	while (!wait_var_event_timeout(&t->inflight, !atomic_read(&t->inflight),
				       10 * HZ))
		pr_warn("%s: waiting for %d write(s) before freeing\n", t->path,
			atomic_read(&t->inflight));
	if (t->cow)
		lvss_cow_free(t->cow);
	lvss_bdev_close(&t->ref);
	lvss_cbt_destroy(&t->cbt);
	free_percpu(t->stats);
	kfree(t);
	/* Safe: module exit destroys lvss_tracker_wq, waiting for us. */
	module_put(THIS_MODULE);
}

static void lvss_tracker_release(struct kref *kref)
{
	struct lvss_tracker *t = container_of(kref, struct lvss_tracker, kref);

	queue_work(lvss_tracker_wq, &t->free_work);
}

void lvss_tracker_get(struct lvss_tracker *t)
{
	kref_get(&t->kref);
}

/* Safe from any context: the last reference only queues the free. */
void lvss_tracker_put(struct lvss_tracker *t)
{
	kref_put(&t->kref, lvss_tracker_release);
}

static void lvss_tracker_count(struct lvss_tracker *t)
{
	atomic_inc(&t->inflight);
	/* Pairs with lvss_tracker_hold(): see holding, or be drained. */
	smp_mb__after_atomic();
}

static struct lvss_tracker *
lvss_tracker_table_find(const struct lvss_tracker_table *tab, dev_t dev)
{
	unsigned int i;

	for (i = 0; i < tab->nr; i++)
		if (tab->e[i].dev == dev)
			return READ_ONCE(tab->e[i].tracker);
	return NULL;
}

/*
 * The tracker that sees writes to @bdev, or NULL. In an RCU read-side
 * section of any flavour: the table and the trackers are freed after
 * synchronize_rcu() or kfree_rcu(), which wait for all of them.
 */
static struct lvss_tracker *lvss_tracker_lookup_rcu(struct block_device *bdev)
{
	const struct lvss_tracker_table *tab;
	struct lvss_tracker *t;

	tab = rcu_dereference_check(lvss_tracker_table,
				    rcu_read_lock_any_held());
	if (!tab)
		return NULL;
	t = lvss_tracker_table_find(tab, bdev->bd_dev);
	/* A tracker on the whole disk also sees its partitions. */
	if (!t && bdev_is_partition(bdev))
		t = lvss_tracker_table_find(tab, bdev_whole(bdev)->bd_dev);
	return t;
}

/*
 * The tracker of a write's device with the write counted in its
 * @inflight, or NULL. The count is taken under RCU, so it keeps the
 * tracker alive until the write completes (see lvss_tracker_free_work()).
 */
static struct lvss_tracker *lvss_tracker_count_write(struct block_device *bdev)
{
	struct lvss_tracker *t;

	rcu_read_lock();
	t = lvss_tracker_lookup_rcu(bdev);
	if (t)
		lvss_tracker_count(t);
	rcu_read_unlock();
	return t;
}

/*
 * Publishes the registry's current content as the write path's table.
 * Under lvss_tracker_lock. On -ENOMEM the old table stays; the caller
 * decides what that means.
 */
static int lvss_tracker_table_update(void)
{
	struct lvss_tracker_table *tab, *old;
	struct lvss_tracker *t;
	unsigned long idx;
	unsigned int nr = 0;

	lockdep_assert_held(&lvss_tracker_lock);
	xa_for_each(&lvss_trackers, idx, t)
		nr++;
	tab = kmalloc(struct_size(tab, e, nr), GFP_KERNEL);
	if (!tab)
		return -ENOMEM;
	tab->nr = 0;
	xa_for_each(&lvss_trackers, idx, t) {
		if (tab->nr == nr)
			break;
		tab->e[tab->nr].dev = t->dev;
		tab->e[tab->nr].tracker = t;
		tab->nr++;
	}
	old = rcu_replace_pointer(lvss_tracker_table, tab,
				  lockdep_is_held(&lvss_tracker_lock));
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/* Detach: @t leaves the write path's table, whatever memory there is. */
static void lvss_tracker_table_remove(struct lvss_tracker *t)
{
	struct lvss_tracker_table *tab;
	unsigned int i;

	lockdep_assert_held(&lvss_tracker_lock);
	if (!lvss_tracker_table_update())
		return;
	tab = rcu_dereference_protected(lvss_tracker_table,
					lockdep_is_held(&lvss_tracker_lock));
	for (i = 0; tab && i < tab->nr; i++)
		if (tab->e[i].tracker == t)
			WRITE_ONCE(tab->e[i].tracker, NULL);
}

static void lvss_tracker_write_done(struct lvss_tracker *t)
{
	/* wake_up_var() only hashes the address: @t may be gone already. */
	if (atomic_dec_and_test(&t->inflight))
		wake_up_var(&t->inflight);
}

bool lvss_tracker_is_attached(dev_t dev)
{
	bool attached;

	rcu_read_lock();
	attached = xa_load(&lvss_trackers, dev);
	rcu_read_unlock();
	return attached;
}

/*
 * For store backends: is @bdev attached, the whole disk of an attached
 * partition, or a partition of an attached whole disk?
 */
bool lvss_tracker_is_origin(struct block_device *bdev)
{
	dev_t whole = bdev_whole(bdev)->bd_dev;
	struct lvss_tracker *t;
	unsigned long idx;
	bool found = false;

	rcu_read_lock();
	xa_for_each(&lvss_trackers, idx, t) {
		if (t->dev == bdev->bd_dev || t->dev == whole ||
		    bdev_whole(t->ref.bdev)->bd_dev == bdev->bd_dev) {
			found = true;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/*
 * Every write to an attached device is counted from the handler to its
 * completion, so a take can wait until no write that predates its flip is
 * still on its way to the disk: a snapshot never changes after it is
 * taken. That includes writes that went down before the device had a CoW
 * engine: the first take may follow the first STORE_ADD at once. The
 * completion restores the submitter's bi_end_io and calls it directly
 * (bio_endio() already ran its own part once).
 */
static void lvss_tracker_write_endio(struct bio *bio)
{
	struct lvss_wend *wend = bio->bi_private;
	struct lvss_tracker *t = wend->tracker;

	bio->bi_end_io = wend->end_io;
	bio->bi_private = wend->private;
	lvss_wend_put(wend);
	lvss_tracker_write_done(t);
	bio->bi_end_io(bio);
}

/* Sectors to add to @bio's for a position on @t's device. */
static sector_t lvss_tracker_base(struct lvss_tracker *t, struct bio *bio)
{
	/* Partition bios seen by a whole-disk tracker are partition-relative. */
	return bio->bi_bdev == t->ref.bdev ? 0 : bio->bi_bdev->bd_start_sect;
}

/*
 * Puts @wend in front of @bio's completion and marks the write as changed,
 * in the interval it goes down in (before any CoW decision). In an RCU
 * read-side section of any flavour (the changed-block map is read in it).
 */
static void lvss_tracker_track_rcu(struct lvss_tracker *t, struct bio *bio,
				   struct lvss_wend *wend, sector_t base)
{
	wend->end_io = bio->bi_end_io;
	wend->private = bio->bi_private;
	wend->tracker = t;
	bio->bi_end_io = lvss_tracker_write_endio;
	bio->bi_private = wend;
	this_cpu_inc(t->stats->writes);
	this_cpu_add(t->stats->sectors, bio_sectors(bio));
	lvss_cbt_mark_rcu(&t->cbt,
			  (u64)(base + bio->bi_iter.bi_sector) << SECTOR_SHIFT,
			  (u64)bio_sectors(bio) << SECTOR_SHIFT);
}

/*
 * Sends a write, already counted in @t->inflight, down (through the
 * engine, if any), or holds it for a take.
 */
static void lvss_tracker_write(struct lvss_tracker *t, struct bio *bio)
{
	struct lvss_wend *wend;
	struct lvss_cow *cow;
	sector_t base;

	if (READ_ONCE(t->holding)) {
		spin_lock_irq(&t->hold_lock);
		if (t->holding) {
			bio_list_add(&t->held, bio);
			spin_unlock_irq(&t->hold_lock);
			lvss_tracker_write_done(t);
			return;
		}
		spin_unlock_irq(&t->hold_lock);
	}
	/*
	 * The stock or the slab first; the reserve when that fails. A
	 * REQ_NOWAIT write must not sleep here either.
	 */
	wend = lvss_wend_get();
	if (!wend)
		wend = lvss_wend_get_pooled(bio->bi_opf & REQ_NOWAIT ?
					    GFP_NOWAIT : GFP_NOIO);
	if (!wend) {
		lvss_tracker_write_done(t);
		bio_wouldblock_error(bio);
		return;
	}
	base = lvss_tracker_base(t, bio);
	rcu_read_lock();
	lvss_tracker_track_rcu(t, bio, wend, base);
	rcu_read_unlock();
	/*
	 * Read after the count: a take drains this write whatever it sees.
	 * The barrier as in lvss_tracker_needs_handler().
	 */
	smp_rmb();
	cow = READ_ONCE(t->cow);
	if (cow)
		lvss_cow_write(cow, bio, base);
	else
		lvss_hook_pass(bio);
}

/*
 * Called from the hook for writes the fast path below left to it: writes
 * to a device with a CoW engine or held for a take, and writes whose
 * completion record needs the reserve.
 */
void lvss_tracker_submit_bio(struct bio *bio)
{
	struct lvss_tracker *t;

	t = lvss_tracker_count_write(bio->bi_bdev);
	if (!t) {
		lvss_hook_pass(bio);
		return;
	}
	lvss_tracker_write(t, bio);
}

/*
 * A write must take the handler while it is held for a take, or while a
 * live snapshot may need its chunks copied. A device with a store but no
 * live snapshot stays on the fast path, and so does a write whose chunks
 * are all preserved already (a rewrite). Under RCU-sched.
 */
static bool lvss_tracker_needs_handler(struct lvss_tracker *t,
				       struct bio *bio)
{
	struct lvss_cow *cow;

	if (READ_ONCE(t->holding))
		return true;
	/*
	 * A take flips the engine to its new snapshot (under cow->lock,
	 * whose release orders it) before it stops holding: seeing the hold
	 * over means seeing the new snapshot too.
	 */
	smp_rmb();
	cow = READ_ONCE(t->cow);
	return cow && lvss_cow_copying(cow) &&
	       !lvss_cow_write_preserved(cow, bio, lvss_tracker_base(t, bio));
}

/*
 * The hook's fast path, from its ftrace callback (preemption off; any
 * context a bio is submitted from) for every top-level write with data:
 * a write to a device without a CoW engine is counted, given its
 * completion record and marked right here, and goes on into
 * submit_bio_noacct() as it came, without the detour through the handler.
 * Returns true when the write needs the handler (lvss_tracker_submit_bio()).
 */
bool lvss_tracker_write_fast(struct bio *bio)
{
	struct lvss_tracker *t;
	struct lvss_wend *wend;
	bool handler = false;

	/*
	 * One read-side section for the lookup, the count and the mark;
	 * the sched flavour (no preemption) is the cheapest.
	 */
	rcu_read_lock_sched_notrace();
	t = lvss_tracker_lookup_rcu(bio->bi_bdev);
	if (!t)
		goto out;
	lvss_tracker_count(t);
	/* After the count, as in lvss_tracker_write(). */
	if (lvss_tracker_needs_handler(t, bio))
		goto handler;
	wend = lvss_wend_get();
	if (!wend)
		goto handler;
	lvss_tracker_track_rcu(t, bio, wend, lvss_tracker_base(t, bio));
out:
	rcu_read_unlock_sched_notrace();
	return handler;

handler:
	lvss_tracker_write_done(t);
	handler = true;
	goto out;
}

/* For status: writes that went down and their bytes, summed over CPUs. */
void lvss_tracker_stats(struct lvss_tracker *t, u64 *writes, u64 *bytes)
{
	u64 w = 0, sectors = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct lvss_tracker_stats *st = per_cpu_ptr(t->stats, cpu);

		w += READ_ONCE(st->writes);
		sectors += READ_ONCE(st->sectors);
	}
	*writes = w;
	*bytes = sectors << SECTOR_SHIFT;
}

/* Take step: from now on new writes queue up instead of going down. */
void lvss_tracker_hold(struct lvss_tracker *t)
{
	spin_lock_irq(&t->hold_lock);
	t->holding = true;
	spin_unlock_irq(&t->hold_lock);
	/* Pairs with lvss_tracker_count(). */
	smp_mb();
}

/* Take step: waits until no earlier write is in flight, up to @deadline. */
int lvss_tracker_drain(struct lvss_tracker *t, unsigned long deadline)
{
	/* Short waits, so a killed requestor aborts within ~20 ms. */
	while (atomic_read(&t->inflight)) {
		long left = (long)(deadline - jiffies);

		if (left <= 0)
			return -ETIMEDOUT;
		if (fatal_signal_pending(current))
			return -EINTR;
		wait_var_event_timeout(&t->inflight, !atomic_read(&t->inflight),
				       min_t(long, left, HZ / 50 + 1));
	}
	return 0;
}

/* Take step: held writes go down again, through the engine. */
void lvss_tracker_unhold(struct lvss_tracker *t)
{
	struct bio_list held;
	struct bio *bio;

	spin_lock_irq(&t->hold_lock);
	t->holding = false;
	held = t->held;
	bio_list_init(&t->held);
	spin_unlock_irq(&t->hold_lock);
	while ((bio = bio_list_pop(&held))) {
		lvss_tracker_count(t);
		lvss_tracker_write(t, bio);
	}
}

/*
 * Marks @t as a member of a take, unless another take has it or it was
 * detached since the caller found it. Under lvss_tracker_lock, like the
 * detach's check of the mark, so a detach and a take exclude each other.
 */
int lvss_tracker_claim_take(struct lvss_tracker *t,
			    struct netlink_ext_ack *extack)
{
	int err = 0;

	mutex_lock(&lvss_tracker_lock);
	if (xa_load(&lvss_trackers, t->dev) != t) {
		NL_SET_ERR_MSG(extack, "device was detached");
		err = -ENODEV;
	} else if (test_and_set_bit(LVSS_TRACKER_TAKING, &t->flags)) {
		NL_SET_ERR_MSG(extack, "another snapshot set is being taken on this device");
		err = -EBUSY;
	}
	mutex_unlock(&lvss_tracker_lock);
	return err;
}

/* Installs the engine once; later STORE_ADD calls add space to it. */
int lvss_tracker_set_cow(struct lvss_tracker *t, struct lvss_cow *cow)
{
	int err = 0;

	mutex_lock(&lvss_tracker_lock);
	if (t->cow)
		err = -EEXIST;
	else
		WRITE_ONCE(t->cow, cow);
	mutex_unlock(&lvss_tracker_lock);
	return err;
}

/* The attached device at @path, referenced; NULL with a message if none. */
struct lvss_tracker *lvss_tracker_find(const char *path,
				       struct netlink_ext_ack *extack)
{
	struct lvss_tracker *t;
	dev_t dev;

	if (lookup_bdev(path, &dev)) {
		NL_SET_ERR_MSG(extack, "cannot resolve the device path");
		return NULL;
	}
	rcu_read_lock();
	t = xa_load(&lvss_trackers, dev);
	if (t && !kref_get_unless_zero(&t->kref))
		t = NULL;
	rcu_read_unlock();
	if (!t)
		NL_SET_ERR_MSG(extack, "device is not attached: attach it first");
	return t;
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
	if (lvss_snapdev_is_ours(bdev)) {
		NL_SET_ERR_MSG(extack, "this is an lvss snapshot device: snapshots of snapshots are not supported");
		return -EINVAL;
	}
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

/*
 * Attaches to @path, tracking changes in blocks of @cbt_block_size bytes
 * (0: the default for its size; otherwise checked by the caller).
 */
int lvss_tracker_attach(const char *path, u32 cbt_block_size,
			struct netlink_ext_ack *extack)
{
	struct lvss_tracker *t;
	u64 bytes;
	int err;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	kref_init(&t->kref);
	INIT_WORK(&t->free_work, lvss_tracker_free_work);
	spin_lock_init(&t->hold_lock);
	bio_list_init(&t->held);
	strscpy(t->path, path, sizeof(t->path));
	t->stats = alloc_percpu(struct lvss_tracker_stats);
	if (!t->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	err = lvss_bdev_open_ro(path, &t->ref);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot open the device: is the path a block device?");
		goto err_stats;
	}
	t->dev = t->ref.bdev->bd_dev;
	err = lvss_tracker_check_device(t->ref.bdev, extack);
	if (err)
		goto err_close;
	bytes = bdev_nr_bytes(t->ref.bdev);
	err = lvss_cbt_init(&t->cbt, bytes, cbt_block_size ?
			    ilog2(cbt_block_size) :
			    lvss_cbt_default_shift(bytes));
	if (err) {
		NL_SET_ERR_MSG(extack, "no memory for the changed-block map");
		goto err_close;
	}

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
	err = lvss_tracker_table_update();
	if (err) {
		xa_erase(&lvss_trackers, t->dev);
		goto err_hook;
	}
	/*
	 * After the insert: a store being set up concurrently checks the
	 * registry after recording its device, so one of the two refuses.
	 */
	/* Each attachment pins the module: rmmod is refused until detach. */
	__module_get(THIS_MODULE);
	atomic_inc(&lvss_state.devices);
	if (lvss_store_uses_bdev(t->ref.bdev)) {
		xa_erase(&lvss_trackers, t->dev);
		lvss_tracker_table_remove(t);
		atomic_dec(&lvss_state.devices);
		mutex_unlock(&lvss_tracker_lock);
		lvss_hook_put();
		NL_SET_ERR_MSG(extack, "this device holds an lvss CoW store");
		/* Bio handlers may hold references now: the normal free path. */
		lvss_tracker_put(t);
		return -EBUSY;
	}
	mutex_unlock(&lvss_tracker_lock);
	pr_info("attached to %s (%u:%u)\n", t->path, MAJOR(t->dev),
		MINOR(t->dev));
	return 0;

err_hook:
	lvss_hook_put();
err_unlock:
	mutex_unlock(&lvss_tracker_lock);
	lvss_cbt_destroy(&t->cbt);
err_close:
	lvss_bdev_close(&t->ref);
err_stats:
	free_percpu(t->stats);
err_free:
	kfree(t);
	return err;
}

static dev_t lvss_tracker_dev_by_path(const char *path)
{
	struct lvss_tracker *t;
	unsigned long idx;
	dev_t dev = 0;

	rcu_read_lock();
	xa_for_each(&lvss_trackers, idx, t) {
		if (!strcmp(t->path, path)) {
			dev = t->dev;
			break;
		}
	}
	rcu_read_unlock();
	return dev;
}

int lvss_tracker_detach(const char *path, struct netlink_ext_ack *extack)
{
	struct lvss_tracker *t;
	dev_t dev;

	/* A removed device has no node any more: match the attach path. */
	if (lookup_bdev(path, &dev))
		dev = lvss_tracker_dev_by_path(path);
	mutex_lock(&lvss_tracker_lock);
	t = dev ? xa_load(&lvss_trackers, dev) : NULL;
	if (!t) {
		mutex_unlock(&lvss_tracker_lock);
		NL_SET_ERR_MSG(extack, "device is not attached");
		return -ENODEV;
	}
	if (atomic_read(&t->nr_snapshots) ||
	    test_bit(LVSS_TRACKER_TAKING, &t->flags)) {
		mutex_unlock(&lvss_tracker_lock);
		NL_SET_ERR_MSG(extack, "device has snapshots: delete them first");
		return -EBUSY;
	}
	xa_erase(&lvss_trackers, dev);
	lvss_tracker_table_remove(t);
	atomic_dec(&lvss_state.devices);
	mutex_unlock(&lvss_tracker_lock);
	/* Writes still in the engine must finish before it goes. */
	while (!wait_var_event_timeout(&t->inflight, !atomic_read(&t->inflight),
				       10 * HZ))
		pr_warn("detach %s: waiting for %d write(s)\n", t->path,
			atomic_read(&t->inflight));
	lvss_hook_put();
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
	lvss_wend_cache = KMEM_CACHE(lvss_wend, 0);
	if (!lvss_wend_cache)
		return -ENOMEM;
	lvss_wend_pool = mempool_create_slab_pool(BIO_POOL_SIZE,
						  lvss_wend_cache);
	if (!lvss_wend_pool)
		goto err_cache;
	lvss_tracker_wq = alloc_workqueue("lvss_tracker", WQ_MEM_RECLAIM, 0);
	if (!lvss_tracker_wq)
		goto err_pool;
	return 0;

err_pool:
	mempool_destroy(lvss_wend_pool);
err_cache:
	kmem_cache_destroy(lvss_wend_cache);
	return -ENOMEM;
}

/* Every attachment pins the module, so none is left here. */
void lvss_tracker_exit(void)
{
	WARN_ON(!xa_empty(&lvss_trackers));
	/* Empty by now; tables given to kfree_rcu() need no module code. */
	kfree(rcu_dereference_protected(lvss_tracker_table, true));
	destroy_workqueue(lvss_tracker_wq);
	lvss_wend_stock_drain();
	mempool_destroy(lvss_wend_pool);
	kmem_cache_destroy(lvss_wend_cache);
}
