// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink events. The places that notice a failure or a low store hold
 * spinlocks, often with interrupts off, so an event is only queued there
 * (GFP_ATOMIC, bounded) and a work item builds and multicasts it. An
 * event that cannot be queued is counted, never waited for: the I/O path
 * must not stall for a listener.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <uapi/linux/lvss.h>

#include "lvss_event.h"
#include "lvss_genl.h"
#include "lvss_snapshot.h"
#include "lvss_tracker.h"

/* Events waiting for the work item; more are dropped and counted. */
#define LVSS_EVENT_QUEUE_MAX	256U

/**
 * struct lvss_event - one event, copied out of the objects it is about
 * @node: on lvss_events.queue
 * @cmd: LVSS_CMD_EVENT_*
 * @snapshot_id: LVSS_CMD_EVENT_SNAPSHOT_FAILED: the snapshot
 * @seq: its sequence number
 * @error: the negative errno that failed it
 * @why: static message for @error
 * @chunk_size: LVSS_CMD_EVENT_STORE_LOW: the store's chunk size
 * @used: store bytes in use
 * @total: store bytes in all
 * @path: the origin device's path
 */
struct lvss_event {
	struct list_head node;
	u8 cmd;
	u32 snapshot_id;
	u64 seq;
	int error;
	const char *why;
	u32 chunk_size;
	u64 used;
	u64 total;
	char path[LVSS_DEV_PATH_MAX];
};

static struct {
	spinlock_t lock; /* protects everything here */
	struct list_head queue;
	unsigned int queued;
	bool closed;
	u64 dropped;
	struct work_struct work;
} lvss_events;

static struct lvss_event *lvss_event_alloc(u8 cmd, const char *path)
{
	struct lvss_event *ev = kzalloc(sizeof(*ev), GFP_ATOMIC);

	if (ev) {
		ev->cmd = cmd;
		strscpy(ev->path, path, sizeof(ev->path));
	}
	return ev;
}

static void lvss_event_queue(struct lvss_event *ev, const char *path)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&lvss_events.lock, flags);
	if (ev && !lvss_events.closed &&
	    lvss_events.queued < LVSS_EVENT_QUEUE_MAX) {
		list_add_tail(&ev->node, &lvss_events.queue);
		lvss_events.queued++;
		queue_work(system_unbound_wq, &lvss_events.work);
		queued = true;
	} else {
		lvss_events.dropped++;
	}
	spin_unlock_irqrestore(&lvss_events.lock, flags);
	if (!queued) {
		kfree(ev);
		pr_warn_ratelimited("an event about %s was dropped\n", path);
	}
}

/* Called under the device's CoW lock, maybe with interrupts off. */
void lvss_event_snapshot_failed(const struct lvss_snapshot *snap)
{
	struct lvss_event *ev;

	ev = lvss_event_alloc(LVSS_CMD_EVENT_SNAPSHOT_FAILED,
			      snap->tracker->path);
	if (ev) {
		ev->snapshot_id = snap->id;
		ev->seq = snap->seq;
		ev->error = snap->error;
		ev->why = snap->why;
	}
	lvss_event_queue(ev, snap->tracker->path);
}

/* Called from the store's slot allocator, in any context. */
void lvss_event_store_low(const struct lvss_tracker *tracker, u32 chunk_size,
			  u64 used_bytes, u64 total_bytes)
{
	struct lvss_event *ev;

	ev = lvss_event_alloc(LVSS_CMD_EVENT_STORE_LOW, tracker->path);
	if (ev) {
		ev->chunk_size = chunk_size;
		ev->used = used_bytes;
		ev->total = total_bytes;
	}
	lvss_event_queue(ev, tracker->path);
}

u64 lvss_event_dropped(void)
{
	unsigned long flags;
	u64 n;

	spin_lock_irqsave(&lvss_events.lock, flags);
	n = lvss_events.dropped;
	spin_unlock_irqrestore(&lvss_events.lock, flags);
	return n;
}

static int lvss_event_fill(struct sk_buff *skb, const struct lvss_event *ev)
{
	if (nla_put_string(skb, LVSS_ATTR_DEV_PATH, ev->path))
		return -EMSGSIZE;
	switch (ev->cmd) {
	case LVSS_CMD_EVENT_SNAPSHOT_FAILED:
		if (nla_put_u32(skb, LVSS_ATTR_SNAPSHOT_ID, ev->snapshot_id) ||
		    nla_put_u64_64bit(skb, LVSS_ATTR_SNAPSHOT_SEQ, ev->seq,
				      LVSS_ATTR_PAD) ||
		    nla_put_u32(skb, LVSS_ATTR_SNAPSHOT_STATE,
				LVSS_SNAPSHOT_FAILED) ||
		    nla_put_u32(skb, LVSS_ATTR_ERROR, -ev->error) ||
		    nla_put_string(skb, LVSS_ATTR_ERROR_MSG, ev->why))
			return -EMSGSIZE;
		return 0;
	case LVSS_CMD_EVENT_STORE_LOW:
		if (nla_put_u32(skb, LVSS_ATTR_CHUNK_SIZE, ev->chunk_size) ||
		    nla_put_u64_64bit(skb, LVSS_ATTR_STORE_USED, ev->used,
				      LVSS_ATTR_PAD) ||
		    nla_put_u64_64bit(skb, LVSS_ATTR_STORE_TOTAL, ev->total,
				      LVSS_ATTR_PAD))
			return -EMSGSIZE;
		return 0;
	}
	return -EINVAL;
}

static void lvss_event_send(const struct lvss_event *ev)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		goto err;
	hdr = genlmsg_put(skb, 0, 0, &lvss_genl_family, 0, ev->cmd);
	if (!hdr || lvss_event_fill(skb, ev)) {
		nlmsg_free(skb);
		goto err;
	}
	genlmsg_end(skb, hdr);
	/* -ESRCH only means that nobody listens. */
	genlmsg_multicast(&lvss_genl_family, skb, 0, LVSS_GENL_MCGRP_EVENTS,
			  GFP_KERNEL);
	return;
err:
	spin_lock_irq(&lvss_events.lock);
	lvss_events.dropped++;
	spin_unlock_irq(&lvss_events.lock);
}

static void lvss_event_work(struct work_struct *work)
{
	struct lvss_event *ev;

	for (;;) {
		spin_lock_irq(&lvss_events.lock);
		ev = list_first_entry_or_null(&lvss_events.queue,
					      struct lvss_event, node);
		if (ev) {
			list_del(&ev->node);
			lvss_events.queued--;
		}
		spin_unlock_irq(&lvss_events.lock);
		if (!ev)
			return;
		lvss_event_send(ev);
		kfree(ev);
	}
}

void lvss_event_init(void)
{
	spin_lock_init(&lvss_events.lock);
	INIT_LIST_HEAD(&lvss_events.queue);
	INIT_WORK(&lvss_events.work, lvss_event_work);
}

/* Before the family goes: sends what is queued, then accepts no more. */
void lvss_event_exit(void)
{
	spin_lock_irq(&lvss_events.lock);
	lvss_events.closed = true;
	spin_unlock_irq(&lvss_events.lock);
	flush_work(&lvss_events.work);
}
