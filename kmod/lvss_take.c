// SPDX-License-Identifier: GPL-2.0
/*
 * Taking a snapshot set.
 *
 *   1. prepare: resolve every member, claim it (one take per device at a
 *      time: -EBUSY), allocate its snapshot, disk and empty bitmap;
 *   2. freeze every member's filesystem (sync first, to keep it short);
 *   3. hold new writes on every member, then drain the writes in flight;
 *   4. flip every member into its new epoch (and changed-block interval)
 *      — the instant of the set;
 *   5. release held writes, thaw every filesystem;
 *   6. publish: add the snapshot disks.
 *
 * Steps 2-5 are the frozen interval. It is bounded by the request's
 * timeout and by the caller's life: a fatal signal aborts. Before the
 * flips everything is undone; the flips themselves cannot fail, so a set
 * is all or nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "lvss_compat.h"
#include "lvss_cow.h"
#include "lvss_snapshot.h"
#include "lvss_take.h"
#include "lvss_tracker.h"

static int lvss_take_prepare(struct lvss_take *take,
			     struct netlink_ext_ack *extack)
{
	unsigned int i, j;
	int err;

	for (i = 0; i < take->nr; i++) {
		struct lvss_take_member *m = &take->members[i];
		struct lvss_cow *cow;

		m->tracker = lvss_tracker_find(m->path, extack);
		if (!m->tracker)
			return -ENODEV;
		for (j = 0; j < i; j++) {
			if (take->members[j].tracker == m->tracker) {
				NL_SET_ERR_MSG(extack, "a device is named twice in the set");
				return -EINVAL;
			}
		}
		cow = READ_ONCE(m->tracker->cow);
		if (!cow) {
			NL_SET_ERR_MSG(extack, "device has no CoW store: add one first (STORE_ADD)");
			return -ENOSPC;
		}
		err = lvss_tracker_claim_take(m->tracker, extack);
		if (err)
			return err;
		m->claimed = true;
		if (!lvss_cow_has_room(cow)) {
			NL_SET_ERR_MSG(extack, "device has the maximum number of snapshots: delete one first");
			return -ENOSPC;
		}
		m->fresh = lvss_cow_alloc_bitmap(cow);
		if (!m->fresh)
			return -ENOMEM;
		m->snap = lvss_snapshot_new(m->tracker, extack);
		if (IS_ERR(m->snap)) {
			err = PTR_ERR(m->snap);
			m->snap = NULL;
			return err;
		}
		/* Takes of a device are serialized, so its next seq is known. */
		err = lvss_snapshot_prepare_disk(m->snap, cow->epoch + 1,
						 extack);
		if (err)
			return err;
		m->cbt_spare = lvss_cbt_prepare(&m->tracker->cbt,
						bdev_nr_bytes(m->tracker->ref.bdev),
						cow->epoch + 1);
	}
	return 0;
}

static int lvss_take_check(unsigned long deadline,
			   struct netlink_ext_ack *extack)
{
	if (fatal_signal_pending(current)) {
		NL_SET_ERR_MSG(extack, "the requesting process was killed: set aborted, everything thawed");
		return -EINTR;
	}
	if (time_after(jiffies, deadline)) {
		NL_SET_ERR_MSG(extack, "the freeze window timed out: set aborted, everything thawed");
		return -ETIMEDOUT;
	}
	return 0;
}

/* Steps 2 and 3; on failure the caller undoes what the flags say. */
static int lvss_take_freeze(struct lvss_take *take, unsigned long deadline,
			    struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	for (i = 0; i < take->nr; i++) {
		struct lvss_take_member *m = &take->members[i];

		/*
		 * A freeze count held already would make ours only nest,
		 * freezing nothing: another kernel user holds the device
		 * frozen, or the count is stuck since a userspace thaw
		 * undid an earlier freeze (the kernel then keeps the count
		 * of the freeze whose thaw failed). Refuse rather than take
		 * a snapshot that silently was not frozen.
		 */
		if (lvss_bdev_freeze_count(m->tracker->ref.bdev)) {
			pr_warn("%s: its block device's freeze count is held: cannot freeze its filesystem\n",
				m->path);
			NL_SET_ERR_MSG(extack, "a member's block device freeze count is already held (another kernel freeze, or stuck since a userspace thaw undid an earlier take's freeze): its filesystem cannot be frozen");
			return -EBUSY;
		}
		err = lvss_bdev_freeze(m->tracker->ref.bdev);
		/*
		 * 6.1 cannot nest a kernel freeze in one made from userspace
		 * (fsfreeze): the filesystem is quiescent already, so go on
		 * and leave the thaw to whoever froze it.
		 */
		if (err == -EBUSY) {
			pr_info("%s: filesystem already frozen, taking it as is\n",
				m->path);
			err = lvss_take_check(deadline, extack);
			if (err)
				return err;
			continue;
		}
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot freeze the filesystem of a member");
			return err;
		}
		m->frozen = true;
		err = lvss_take_check(deadline, extack);
		if (err)
			return err;
	}
	for (i = 0; i < take->nr; i++) {
		lvss_tracker_hold(take->members[i].tracker);
		take->members[i].held = true;
	}
	for (i = 0; i < take->nr; i++) {
		err = lvss_tracker_drain(take->members[i].tracker, deadline);
		if (err) {
			NL_SET_ERR_MSG(extack, "writes in flight did not finish within the freeze timeout");
			return err;
		}
	}
	return lvss_take_check(deadline, extack);
}

/* Step 5, also the undo of steps 2-3. */
static void lvss_take_thaw(struct lvss_take *take)
{
	unsigned int i;

	for (i = 0; i < take->nr; i++) {
		struct lvss_take_member *m = &take->members[i];

		if (m->held)
			lvss_tracker_unhold(m->tracker);
		m->held = false;
	}
	for (i = 0; i < take->nr; i++) {
		struct lvss_take_member *m = &take->members[i];

		if (m->frozen && lvss_bdev_thaw(m->tracker->ref.bdev))
			pr_warn("%s: thaw failed: the filesystem was thawed under the take (fsfreeze -u?); the kernel keeps its freeze count held, so later takes of it are refused\n",
				m->path);
		m->frozen = false;
	}
}

int lvss_take_run(struct lvss_take *take, struct netlink_ext_ack *extack)
{
	unsigned long *old[LVSS_SET_MEMBERS_MAX];
	unsigned long deadline;
	unsigned int i;
	ktime_t start;
	u64 now;
	int err;

	err = lvss_take_prepare(take, extack);
	if (err)
		return err;
	/* Less to write back while frozen. */
	for (i = 0; i < take->nr; i++)
		sync_blockdev(take->members[i].tracker->ref.bdev);

	start = ktime_get();
	deadline = jiffies + msecs_to_jiffies(take->timeout_ms);
	err = lvss_take_freeze(take, deadline, extack);
	if (err) {
		lvss_take_thaw(take);
		return err;
	}
	for (i = 0; i < take->nr; i++) {
		struct lvss_take_member *m = &take->members[i];

		old[i] = lvss_cow_flip(m->tracker->cow, m->snap, m->fresh);
		m->fresh = NULL;
		/* The changed-block sequence moves with the CoW epoch. */
		lvss_cbt_advance(&m->tracker->cbt, m->snap->seq,
				 bdev_nr_bytes(m->tracker->ref.bdev),
				 &m->cbt_spare);
	}
	lvss_take_thaw(take);
	take->frozen_ns = ktime_to_ns(ktime_sub(ktime_get(), start));

	synchronize_rcu();
	now = ktime_get_real_ns();
	for (i = 0; i < take->nr; i++) {
		struct lvss_take_member *m = &take->members[i];

		kvfree(old[i]);
		m->snap->created_ns = now;
		m->snap->frozen_ns = take->frozen_ns;
		lvss_snapshot_publish(m->snap);
		pr_info("snapshot %u of %s taken (seq %llu, writes held %llu us)\n",
			m->snap->id, m->path, m->snap->seq,
			take->frozen_ns / NSEC_PER_USEC);
	}
	return 0;
}

/*
 * Drops what the take still holds. After a successful run the snapshots
 * stay published (the registry holds them); after a failed one the
 * unpublished snapshots are discarded.
 */
void lvss_take_done(struct lvss_take *take)
{
	unsigned int i;

	for (i = 0; i < take->nr; i++) {
		struct lvss_take_member *m = &take->members[i];

		if (m->snap && !m->snap->seq)
			lvss_snapshot_discard(m->snap);
		kvfree(m->fresh);
		lvss_cbt_free_spare(m->cbt_spare);
		if (m->claimed)
			clear_bit(LVSS_TRACKER_TAKING, &m->tracker->flags);
		if (m->tracker)
			lvss_tracker_put(m->tracker);
	}
}
