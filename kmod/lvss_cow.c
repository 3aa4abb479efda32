// SPDX-License-Identifier: GPL-2.0
/*
 * The copy-on-write engine (see lvss_cow.h for the state machine and
 * docs/design.md for why one copy can serve many snapshots).
 *
 * Contexts: lvss_cow_write() and lvss_cow_read() run in the submitter's
 * process context and never sleep except in GFP_NOIO allocations; bio
 * completions run in any context and only move state under cow->lock and
 * queue cow->work, which does everything that may sleep (store I/O,
 * resubmitting released writes). cow->lock is taken with IRQs off because
 * completions take it too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/bitmap.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "lvss_cow.h"
#include "lvss_event.h"
#include "lvss_hook.h"
#include "lvss_snapshot.h"
#include "lvss_store.h"
#include "lvss_tracker.h"

/*
 * Copy-ahead: a sequential writer's next chunks are copied before its
 * writes reach them, up to copy_ahead_kb ahead (at least 2 chunks), so its writes
 * need not wait for the origin read of their old data. Only while more
 * than a quarter of the buffer pool is free, so other writers keep
 * buffers to copy with.
 */
#define LVSS_COW_AHEAD_MIN	2U

/*
 * Writeback of a densely dirtied region looks sequential too, and copies
 * made ahead of it may never be needed: the store space such copies take
 * is bounded per snapshot (LVSS_COW_AHEAD_LOSS, docs/design.md).
 */
static unsigned int copy_ahead_kb = 4096;
module_param(copy_ahead_kb, uint, 0644);
MODULE_PARM_DESC(copy_ahead_kb,
		 "KiB copied ahead of a sequential writer (default 4096, 0: off); read when a device gets its first store");

/*
 * Windows of copies made ahead that a snapshot may lose to streams that
 * stopped short of them; then copy-ahead rests until the next take.
 */
#define LVSS_COW_AHEAD_LOSS	2U

/* Chunk buffers in flight per device: 16 MiB, at least 8, at most 256. */
#define LVSS_COW_POOL_BYTES	(16U << 20)
#define LVSS_COW_POOL_MIN	8U
#define LVSS_COW_POOL_MAX	256U

static struct bio_set lvss_cow_bioset;
static struct kmem_cache *lvss_chunk_cache;
static struct kmem_cache *lvss_copy_cache;

/* A snapshot read waiting for, or being served from, one copy's data. */
struct lvss_rio {
	struct list_head node;
	struct bio *bio;
	struct lvss_snapshot *snap;
	struct lvss_cow *cow;
	struct lvss_chunk *chunk;
	struct lvss_buf *buf;
	u32 offset;
};

static sector_t lvss_chunk_sector(struct lvss_cow *cow, u64 index)
{
	return (sector_t)index << (cow->chunk_shift - SECTOR_SHIFT);
}

static u64 lvss_sector_chunk(struct lvss_cow *cow, sector_t sector)
{
	return sector >> (cow->chunk_shift - SECTOR_SHIFT);
}

/* The chunks a bio with data covers (@base: sectors to add to its own). */
static void lvss_cow_bio_chunks(struct lvss_cow *cow, struct bio *bio,
				sector_t base, u64 *first, u64 *last)
{
	*first = lvss_sector_chunk(cow, base + bio->bi_iter.bi_sector);
	*last = min(lvss_sector_chunk(cow, base + bio_end_sector(bio) - 1),
		    cow->nr_chunks - 1);
}

static struct block_device *lvss_cow_origin(struct lvss_cow *cow)
{
	return cow->tracker->ref.bdev;
}

/* --- buffers ------------------------------------------------------------ */

/* --- chunk records ------------------------------------------------------ */

static struct hlist_head *lvss_cow_bucket(struct lvss_cow *cow, u64 index)
{
	return &cow->hash[hash_64(index, cow->hash_bits)];
}

static struct lvss_chunk *lvss_chunk_find(struct lvss_cow *cow, u64 index)
{
	struct lvss_chunk *chunk;

	lockdep_assert_held(&cow->lock);
	hlist_for_each_entry(chunk, lvss_cow_bucket(cow, index), hash)
		if (chunk->index == index)
			return chunk;
	return NULL;
}

/* Finds or inserts @index, consuming *@spare when it inserts. */
static struct lvss_chunk *lvss_chunk_get(struct lvss_cow *cow, u64 index,
					 struct lvss_chunk **spare)
{
	struct lvss_chunk *chunk = lvss_chunk_find(cow, index);

	if (chunk || !*spare)
		return chunk;
	chunk = *spare;
	*spare = NULL;
	chunk->index = index;
	chunk->chain = NULL;
	chunk->origin_readers = 0;
	chunk->dropped = 0;
	hlist_add_head(&chunk->hash, lvss_cow_bucket(cow, index));
	return chunk;
}

static void lvss_chunk_maybe_free(struct lvss_chunk *chunk)
{
	if (chunk->chain || chunk->origin_readers || chunk->dropped)
		return;
	hlist_del(&chunk->hash);
	kmem_cache_free(lvss_chunk_cache, chunk);
}

static struct lvss_copy *lvss_copy_of(struct lvss_chain_link *link)
{
	return link ? container_of(link, struct lvss_copy, link) : NULL;
}

static struct lvss_copy *lvss_chunk_newest(struct lvss_chunk *chunk)
{
	return lvss_copy_of(lvss_chain_last(chunk->chain));
}

static void lvss_cow_live_set(struct lvss_cow *cow, struct lvss_live_set *live)
{
	live->seq = cow->live;
	live->nr = cow->nr_live;
}

/* --- failing snapshots --------------------------------------------------- */

/* Fails every live snapshot whose seq lies in (lo, hi]. */
static void lvss_cow_fail_range(struct lvss_cow *cow, u64 lo, u64 hi,
				int error, const char *why)
{
	struct lvss_snapshot *snap;

	lockdep_assert_held(&cow->lock);
	list_for_each_entry(snap, &cow->snapshots, node)
		if (snap->seq > lo && snap->seq <= hi)
			lvss_snapshot_fail(snap, error, why);
}

static u64 lvss_copy_lower_bound(struct lvss_copy *copy)
{
	struct lvss_chain_link *link = copy->chunk->chain;
	u64 lo = 0;

	for (; link && link != &copy->link; link = link->next)
		lo = link->upto;
	return lo;
}

/* Snapshots served by @copy can no longer be kept correct. */
static void lvss_copy_fail(struct lvss_cow *cow, struct lvss_copy *copy,
			   int error, const char *why)
{
	lvss_cow_fail_range(cow, lvss_copy_lower_bound(copy), copy->link.upto,
			    error, why);
}

/* --- releasing held writes ----------------------------------------------- */

/*
 * Writes waiting on @copy may go once its data is safe in memory (or the
 * copy is lost anyway) and no snapshot still reads the chunk from the
 * origin; the chunk is then preserved for the epoch.
 */
static void lvss_copy_release_writes(struct lvss_cow *cow,
				     struct lvss_copy *copy)
{
	struct lvss_wait *wait, *tmp;
	unsigned long *map;

	lockdep_assert_held(&cow->lock);
	if (!lvss_copy_writes_may_go(copy->state, copy->chunk->origin_readers))
		return;
	if (copy->link.upto == cow->epoch) {
		map = rcu_dereference_protected(cow->preserved,
						lockdep_is_held(&cow->lock));
		set_bit(copy->chunk->index, map);
	}
	list_for_each_entry_safe(wait, tmp, &copy->writes, node) {
		struct lvss_wio *wio = wait->wio;

		list_del(&wait->node);
		if (atomic_dec_and_test(&wio->pending))
			list_add_tail(&wio->node, &cow->release);
	}
}

/* --- buffer pool ---------------------------------------------------------- */

static struct lvss_buf *lvss_cow_take_buf(struct lvss_cow *cow)
{
	lockdep_assert_held(&cow->lock);
	return cow->nr_free_bufs ? cow->bufs[--cow->nr_free_bufs] : NULL;
}

/*
 * Returns a buffer to the pool, or hands it straight to the oldest copy
 * waiting for one; that copy is returned so the caller starts its load.
 */
static struct lvss_copy *lvss_cow_put_buf(struct lvss_cow *cow,
					  struct lvss_buf *buf)
{
	struct lvss_copy *copy;

	lockdep_assert_held(&cow->lock);
	copy = list_first_entry_or_null(&cow->buf_waiters, struct lvss_copy,
					node);
	if (!copy) {
		cow->bufs[cow->nr_free_bufs++] = buf;
		return NULL;
	}
	list_del_init(&copy->node);
	copy->buf = buf;
	copy->state = LVSS_COPY_LOADING;
	return copy;
}

/* --- origin reads of old data ---------------------------------------------- */

/* Puts finished copies, chained through @io_next, on cow->done. */
static void lvss_cow_add_done_locked(struct lvss_cow *cow,
				     struct lvss_copy *copy,
				     blk_status_t status)
{
	lockdep_assert_held(&cow->lock);
	for (; copy; copy = copy->io_next) {
		copy->status = status;
		list_add_tail(&copy->node, &cow->done);
	}
}

/*
 * Queues the worker, then drops the count in @ios the caller took while
 * its copies still held theirs: once the lock is dropped the worker may
 * finish them, and without that count a teardown could destroy the
 * workqueue before queue_work() ran.
 */
static void lvss_cow_kick(struct lvss_cow *cow)
{
	queue_work(cow->wq, &cow->work);
	if (atomic_dec_and_test(&cow->ios))
		wake_up_var(&cow->ios);
}

/* Hands finished copies, chained through @io_next, to the worker. */
static void lvss_cow_queue_done(struct lvss_cow *cow, struct lvss_copy *copy,
				blk_status_t status)
{
	unsigned long flags;

	atomic_inc(&cow->ios);
	spin_lock_irqsave(&cow->lock, flags);
	lvss_cow_add_done_locked(cow, copy, status);
	spin_unlock_irqrestore(&cow->lock, flags);
	lvss_cow_kick(cow);
}

static void lvss_cow_load_endio(struct bio *bio)
{
	struct lvss_copy *copy = bio->bi_private;
	blk_status_t status = bio->bi_status;

	/*
	 * Back to the bioset first: once the worker has finished the
	 * copies, a detach and an rmmod may exit the bioset.
	 */
	bio_put(bio);
	lvss_cow_queue_done(copy->cow, copy, status);
}

/*
 * Reads the current (old) contents of the chunks of the copies chained
 * from @first through @io_next, which are adjacent, into their buffers:
 * one bio of @nr_vecs vectors.
 */
static void lvss_cow_submit_load(struct lvss_cow *cow,
				 struct lvss_copy *first, unsigned int nr,
				 unsigned int nr_vecs)
{
	struct block_device *origin = lvss_cow_origin(cow);
	struct lvss_copy *copy;
	struct bio *bio;

	atomic_add(nr, &cow->ios);
	bio = bio_alloc_bioset(origin, nr_vecs, REQ_OP_READ, GFP_NOIO,
			       &lvss_cow_bioset);
	bio->bi_iter.bi_sector = lvss_chunk_sector(cow, first->chunk->index);
	bio->bi_private = first;
	bio->bi_end_io = lvss_cow_load_endio;
	for (copy = first; copy; copy = copy->io_next) {
		sector_t sector = lvss_chunk_sector(cow, copy->chunk->index);
		sector_t left = bdev_nr_sectors(origin) - sector;
		/* The device's last chunk may be partial. */
		u32 bytes = min_t(u64, 1ULL << cow->chunk_shift,
				  (u64)left << SECTOR_SHIFT);

		if (lvss_buf_add_to_bio(copy->buf, bio, bytes)) {
			bio->bi_status = BLK_STS_IOERR;
			bio_endio(bio);
			return;
		}
	}
	lvss_hook_pass(bio);
}

/*
 * Starts the loads of the copies on @loads (each has its buffer; the
 * list ends up empty). Copies of adjacent chunks, in the order a write
 * queued them, share one bio: a sequential writer's chunks cost one
 * read, one completion and one worker pass instead of one each.
 */
static void lvss_cow_start_loads(struct lvss_cow *cow, struct list_head *loads)
{
	struct lvss_copy *first, *last, *copy;
	unsigned int nr, nr_vecs;

	while ((first = list_first_entry_or_null(loads, struct lvss_copy,
						 node))) {
		list_del_init(&first->node);
		last = first;
		nr = 1;
		nr_vecs = lvss_buf_nr_vecs(first->buf);
		while ((copy = list_first_entry_or_null(loads, struct lvss_copy,
							node)) &&
		       copy->chunk->index == last->chunk->index + 1 &&
		       nr_vecs + lvss_buf_nr_vecs(copy->buf) <= BIO_MAX_VECS) {
			list_del_init(&copy->node);
			last->io_next = copy;
			last = copy;
			nr++;
			nr_vecs += lvss_buf_nr_vecs(copy->buf);
		}
		last->io_next = NULL;
		lvss_cow_submit_load(cow, first, nr, nr_vecs);
	}
}

/* Starts one copy's load. */
static void lvss_cow_start_load(struct lvss_cow *cow, struct lvss_copy *copy)
{
	LIST_HEAD(one);

	list_add_tail(&copy->node, &one);
	lvss_cow_start_loads(cow, &one);
}

static void lvss_cow_store_done(void *ctx, blk_status_t status);

/* --- the worker: everything that may sleep ------------------------------- */

static void lvss_copy_free(struct lvss_cow *cow, struct lvss_copy *copy)
{
	if (copy->state == LVSS_COPY_STORED)
		lvss_store_free_slot(cow->store, copy->slot);
	kmem_cache_free(lvss_copy_cache, copy);
}

/*
 * Serves reads waiting for @copy's data: with the data in memory from
 * the buffer, with the copy lost with an error. Called without the lock;
 * @reads was detached from the copy under it.
 */
static void lvss_cow_serve_reads(struct lvss_cow *cow, struct lvss_copy *copy,
				 struct list_head *reads, struct lvss_buf *buf);

/*
 * Lets go of what a copy no longer needs: its buffer once no I/O and no
 * read uses it (the buffer may go straight to a waiting copy, returned in
 * *@next_load), and the copy itself once it was dropped from its chain.
 * Returns true when the caller must lvss_copy_free() it (after unlocking).
 */
static bool lvss_copy_settle(struct lvss_cow *cow, struct lvss_copy *copy,
			     struct lvss_copy **next_load)
{
	struct lvss_buf *buf = copy->buf;

	lockdep_assert_held(&cow->lock);
	if (lvss_copy_io_busy(copy->state))
		return false;
	if (buf && !copy->buf_users) {
		copy->buf = NULL;
		*next_load = lvss_cow_put_buf(cow, buf);
	}
	return copy->dropped && !copy->buf;
}

/*
 * A copy dropped from its chain while busy keeps its chunk record: its
 * I/O completion still reads it (held writes, the preserved bit).
 */
static void lvss_copy_unpin_chunk(struct lvss_copy *copy)
{
	struct lvss_chunk *chunk = copy->chunk;

	chunk->dropped--;
	lvss_chunk_maybe_free(chunk);
}

/*
 * The event a finished load or store write of @copy means; takes the
 * store slot a good load needs. Under cow->lock.
 */
static enum lvss_copy_event lvss_copy_io_event(struct lvss_cow *cow,
					       struct lvss_copy *copy)
{
	if (copy->state == LVSS_COPY_STORING)
		return copy->status ? LVSS_COPY_STORE_ERR : LVSS_COPY_STORE_OK;
	if (copy->status)
		return LVSS_COPY_LOAD_ERR;
	if (lvss_copy_wants_slot(copy->state, true, copy->dropped) &&
	    lvss_store_alloc_slot(cow->store, &copy->slot))
		return LVSS_COPY_NO_SLOT;
	return LVSS_COPY_LOAD_OK;
}

/* What a finished I/O left to do once cow->lock is dropped. */
struct lvss_cow_after {
	struct lvss_copy_step step;
	struct list_head reads;
	struct lvss_buf *buf;
	struct lvss_copy *next_load;
	bool free;
};

/*
 * Runs one finished load or store write of @copy through the state
 * machine, under cow->lock; @after says what remains to be done.
 */
static void lvss_cow_finish_locked(struct lvss_cow *cow,
				   struct lvss_copy *copy,
				   struct lvss_cow_after *after)
{
	struct lvss_copy_step *step = &after->step;
	enum lvss_copy_event event;

	lockdep_assert_held(&cow->lock);
	INIT_LIST_HEAD(&after->reads);
	after->buf = NULL;
	after->next_load = NULL;
	event = lvss_copy_io_event(cow, copy);
	if (WARN_ON_ONCE(lvss_copy_step(copy->state, event, copy->dropped,
					step))) {
		/* An engine bug: lose the copy loudly, never serve it. */
		*step = (struct lvss_copy_step){ .next = LVSS_COPY_FAILED,
			.actions = LVSS_COPY_DO_WAKE | LVSS_COPY_DO_FAIL,
			.error = -EIO, .why = "internal error in the CoW engine" };
	}
	if (step->actions & LVSS_COPY_DO_FAIL)
		lvss_copy_fail(cow, copy, step->error, step->why);
	if (step->actions & LVSS_COPY_DO_FREE_SLOT)
		lvss_store_free_slot(cow->store, copy->slot);
	if (step->actions & LVSS_COPY_DO_STORE)
		cow->copies_made++;
	copy->state = step->next;
	if (step->actions & LVSS_COPY_DO_WAKE) {
		lvss_copy_release_writes(cow, copy);
		list_splice_init(&copy->reads, &after->reads);
		if (!list_empty(&after->reads) &&
		    lvss_copy_read_source(copy->state) == LVSS_READ_BUFFER) {
			copy->buf_users++;
			after->buf = copy->buf;
		}
	}
	after->free = lvss_copy_settle(cow, copy, &after->next_load);
	if (after->free)
		lvss_copy_unpin_chunk(copy);
}

/* Starts the gathered store writes, if any. Worker only. */
static void lvss_cow_stores_flush(struct lvss_cow *cow)
{
	struct lvss_cow_stores *st = &cow->stores;

	if (!st->nr)
		return;
	st->last->io_next = NULL;
	lvss_store_submit_run(cow->store, st->first->slot, st->bufs, st->nr,
			      true, lvss_cow_store_done, st->first);
	st->nr = 0;
}

/*
 * Queues the store write of @copy (STORING: its slot and buffer are
 * fixed), after the gathered ones if its slot follows theirs on the
 * device; else they go first. A run that cannot grow goes at once.
 */
static void lvss_cow_stores_add(struct lvss_cow *cow, struct lvss_copy *copy)
{
	struct lvss_cow_stores *st = &cow->stores;
	unsigned int vecs = lvss_buf_nr_vecs(copy->buf);

	/* A full run went at its last add. */
	if (st->nr && (copy->slot != st->last->slot + 1 ||
		       st->nr_vecs + vecs > BIO_MAX_VECS))
		lvss_cow_stores_flush(cow);
	if (st->nr) {
		st->last->io_next = copy;
	} else {
		st->first = copy;
		st->max = lvss_store_run_left(cow->store, copy->slot);
		st->nr_vecs = 0;
	}
	st->last = copy;
	st->bufs[st->nr++] = copy->buf;
	st->nr_vecs += vecs;
	if (st->nr == st->max)
		lvss_cow_stores_flush(cow);
}

/*
 * The rest, without the lock. Sleeps only to serve reads; a store write
 * goes on cow->stores and a load to start on @loads (only the worker
 * gets either: @loads is NULL elsewhere).
 */
static void lvss_cow_finish_unlocked(struct lvss_cow *cow,
				     struct lvss_copy *copy,
				     struct lvss_cow_after *after,
				     struct list_head *loads)
{
	if (!list_empty(&after->reads))
		lvss_cow_serve_reads(cow, copy, &after->reads, after->buf);
	if (after->step.actions & LVSS_COPY_DO_STORE) {
		atomic_inc(&cow->ios);
		lvss_cow_stores_add(cow, copy);
	}
	if (after->next_load)
		list_add_tail(&after->next_load->node, loads);
	if (after->free)
		lvss_copy_free(cow, copy);
	/* The I/O that brought @copy here is fully handled. */
	if (atomic_dec_and_test(&cow->ios))
		wake_up_var(&cow->ios);
}

/*
 * Runs one finished load or store write; the worker. Loads of copies
 * that got a freed buffer go on @loads, started together at the pass's
 * end (adjacent ones share a bio).
 */
static void lvss_cow_finish(struct lvss_cow *cow, struct lvss_copy *copy,
			    struct list_head *loads)
{
	struct lvss_cow_after after;

	spin_lock_irq(&cow->lock);
	lvss_cow_finish_locked(cow, copy, &after);
	spin_unlock_irq(&cow->lock);
	lvss_cow_finish_unlocked(cow, copy, &after, loads);
}

/*
 * A finished store write (of the copies chained from @ctx) wakes nobody
 * (writes went at the load, reads wait only for loads) and starts
 * nothing, unless a buffer goes to a copy waiting for one: then the
 * worker takes over, to start that load. Otherwise it is handled right
 * here, in its completion, which saves the worker a run (and a context
 * switch).
 */
static void lvss_cow_store_done(void *ctx, blk_status_t status)
{
	struct lvss_copy *copy = ctx, *next;
	struct lvss_cow *cow = copy->cow;
	struct lvss_cow_after after;
	unsigned long flags;

	for (; copy; copy = next) {
		spin_lock_irqsave(&cow->lock, flags);
		if (!list_empty(&cow->buf_waiters)) {
			atomic_inc(&cow->ios);
			lvss_cow_add_done_locked(cow, copy, status);
			spin_unlock_irqrestore(&cow->lock, flags);
			lvss_cow_kick(cow);
			return;
		}
		next = copy->io_next;
		copy->status = status;
		lvss_cow_finish_locked(cow, copy, &after);
		spin_unlock_irqrestore(&cow->lock, flags);
		/* Nothing here sleeps: no reads, no store write, no load. */
		WARN_ON_ONCE(!list_empty(&after.reads) || after.next_load ||
			     (after.step.actions & LVSS_COPY_DO_STORE));
		/* May free @copy, and with the last one let the engine go. */
		lvss_cow_finish_unlocked(cow, copy, &after, NULL);
	}
}

/*
 * Gathered store writes wait for more copies of the slots that follow
 * (random writes finish their loads one by one) only while buffers are
 * plenty: at most a tick, never while a copy waits for a buffer, and
 * never below half of the pool free.
 */
static bool lvss_cow_stores_may_wait(struct lvss_cow *cow)
{
	lockdep_assert_held(&cow->lock);
	return list_empty(&cow->buf_waiters) &&
	       cow->nr_free_bufs >= cow->nr_bufs / 2;
}

static void lvss_cow_stores_timeout(struct work_struct *work)
{
	struct lvss_cow *cow = container_of(to_delayed_work(work),
					    struct lvss_cow, stores_timer);

	set_bit(LVSS_COW_STORES_DUE, &cow->flags);
	queue_work(cow->wq, &cow->work);
}

static void lvss_cow_work(struct work_struct *work)
{
	struct lvss_cow *cow = container_of(work, struct lvss_cow, work);
	unsigned int noio = memalloc_noio_save();
	struct lvss_copy *copy, *tmp;
	struct lvss_wio *wio, *next;
	struct blk_plug plug;
	bool stores_wait;
	LIST_HEAD(release);
	LIST_HEAD(loads);
	LIST_HEAD(done);

	/* Released writes of adjacent blocks merge. */
	blk_start_plug(&plug);
	for (;;) {
		/* Everything finished so far, with one lock round. */
		spin_lock_irq(&cow->lock);
		list_splice_init(&cow->done, &done);
		list_splice_init(&cow->release, &release);
		stores_wait = lvss_cow_stores_may_wait(cow);
		spin_unlock_irq(&cow->lock);

		list_for_each_entry_safe(wio, next, &release, node) {
			list_del(&wio->node);
			lvss_hook_pass(wio->bio);
			kvfree(wio);
		}
		if (list_empty(&done))
			break;
		list_for_each_entry_safe(copy, tmp, &done, node) {
			list_del_init(&copy->node);
			lvss_cow_finish(cow, copy, &loads);
		}
	}
	lvss_cow_start_loads(cow, &loads);
	if (test_and_clear_bit(LVSS_COW_STORES_DUE, &cow->flags) ||
	    !stores_wait)
		lvss_cow_stores_flush(cow);
	else if (cow->stores.nr)
		queue_delayed_work(cow->wq, &cow->stores_timer, 1);
	blk_finish_plug(&plug);
	memalloc_noio_restore(noio);
}

/* Copies of a removed origin can no longer be made or trusted. */
void lvss_cow_check_origin(struct lvss_cow *cow)
{
	unsigned long flags;

	if (disk_live(lvss_cow_origin(cow)->bd_disk))
		return;
	spin_lock_irqsave(&cow->lock, flags);
	lvss_cow_fail_range(cow, 0, U64_MAX, -ENODEV,
			    "the origin device was removed");
	spin_unlock_irqrestore(&cow->lock, flags);
}

/* --- the write path --------------------------------------------------------- */

static void lvss_cow_fail_all(struct lvss_cow *cow, int error, const char *why)
{
	unsigned long flags;

	spin_lock_irqsave(&cow->lock, flags);
	lvss_cow_fail_range(cow, 0, U64_MAX, error, why);
	spin_unlock_irqrestore(&cow->lock, flags);
}

/* Spare records for the slow path, allocated before taking the lock. */
#define LVSS_SPARES	16
struct lvss_spares {
	unsigned int nr_chunks, nr_copies;
	struct lvss_chunk *chunks[LVSS_SPARES];
	struct lvss_copy *copies[LVSS_SPARES];
};

static int lvss_spares_fill(struct lvss_spares *sp, unsigned int need)
{
	need = min_t(unsigned int, need, ARRAY_SIZE(sp->chunks));
	while (sp->nr_chunks < need) {
		sp->chunks[sp->nr_chunks] = kmem_cache_alloc(lvss_chunk_cache,
							     GFP_NOIO);
		if (!sp->chunks[sp->nr_chunks])
			return -ENOMEM;
		sp->nr_chunks++;
	}
	while (sp->nr_copies < need) {
		sp->copies[sp->nr_copies] = kmem_cache_alloc(lvss_copy_cache,
							     GFP_NOIO);
		if (!sp->copies[sp->nr_copies])
			return -ENOMEM;
		sp->nr_copies++;
	}
	return 0;
}

static void lvss_spares_free(struct lvss_spares *sp)
{
	while (sp->nr_chunks)
		kmem_cache_free(lvss_chunk_cache, sp->chunks[--sp->nr_chunks]);
	while (sp->nr_copies)
		kmem_cache_free(lvss_copy_cache, sp->copies[--sp->nr_copies]);
}

static struct lvss_copy *lvss_copy_new(struct lvss_cow *cow,
				       struct lvss_chunk *chunk,
				       struct lvss_spares *sp)
{
	struct lvss_copy *copy = sp->copies[--sp->nr_copies];

	memset(copy, 0, sizeof(*copy));
	copy->cow = cow;
	copy->chunk = chunk;
	copy->link.upto = cow->epoch;
	INIT_LIST_HEAD(&copy->writes);
	INIT_LIST_HEAD(&copy->reads);
	INIT_LIST_HEAD(&copy->node);
	return copy;
}

/*
 * The copy of chunk @index for the current epoch, made when missing and a
 * live snapshot needs one. Returns 1 with *@copyp when it was just made
 * (no buffer yet: see lvss_cow_queue_load()), 0 with it when it existed,
 * -ENODATA when no snapshot needs one (the chunk is then marked
 * preserved), -EAGAIN when spare records ran out. Under cow->lock.
 */
static int lvss_cow_epoch_copy(struct lvss_cow *cow, u64 index,
			       unsigned long *map, struct lvss_spares *sp,
			       struct lvss_copy **copyp)
{
	struct lvss_chunk *chunk = lvss_chunk_find(cow, index);
	struct lvss_copy *copy = chunk ? lvss_chunk_newest(chunk) : NULL;
	struct lvss_live_set live;

	if (copy && copy->link.upto == cow->epoch) {
		*copyp = copy;
		return 0;
	}
	lvss_cow_live_set(cow, &live);
	if (!lvss_chain_copy_needed(chunk ? chunk->chain : NULL, cow->epoch,
				    &live)) {
		set_bit(index, map);
		return -ENODATA;
	}
	if (!sp->nr_copies || (!chunk && !sp->nr_chunks))
		return -EAGAIN;
	if (!chunk)
		chunk = lvss_chunk_get(cow, index, &sp->chunks[--sp->nr_chunks]);
	copy = lvss_copy_new(cow, chunk, sp);
	lvss_chain_append(&chunk->chain, &copy->link);
	*copyp = copy;
	return 1;
}

/*
 * A new copy loads at once if a buffer is free (put on @loads for the
 * caller to start), else waits for one. Under cow->lock.
 */
static void lvss_cow_queue_load(struct lvss_cow *cow, struct lvss_copy *copy,
				struct list_head *loads)
{
	copy->buf = lvss_cow_take_buf(cow);
	if (copy->buf) {
		copy->state = LVSS_COPY_LOADING;
		list_add_tail(&copy->node, loads);
	} else {
		copy->state = LVSS_COPY_WAIT_BUF;
		list_add_tail(&copy->node, &cow->buf_waiters);
		/* Gathered store writes hold buffers: start them now. */
		set_bit(LVSS_COW_STORES_DUE, &cow->flags);
	}
}

/*
 * Decides, under the lock, what one not-yet-preserved chunk needs: nothing
 * (no live snapshot would read its old data, or the epoch's copy already
 * holds it and nobody reads the origin), or @wait queued on the epoch's
 * copy, which is made when missing.
 * Returns 1 when @wait was queued, 0 when the chunk needs nothing, and
 * -EAGAIN when it ran out of spare records.
 */
static int lvss_cow_hold_chunk(struct lvss_cow *cow, u64 index,
			       unsigned long *map, struct lvss_wait *wait,
			       struct lvss_spares *sp, struct list_head *loads)
{
	struct lvss_copy *copy;
	int rc;

	rc = lvss_cow_epoch_copy(cow, index, map, sp, &copy);
	if (rc == -ENODATA)
		return 0;
	if (rc < 0)
		return rc;
	if (rc)
		lvss_cow_queue_load(cow, copy, loads);
	if (lvss_copy_writes_may_go(copy->state, copy->chunk->origin_readers)) {
		set_bit(index, map);
		return 0;
	}
	list_add_tail(&wait->node, &copy->writes);
	atomic_inc(&wait->wio->pending);
	return 1;
}

/* The last chunk of the copy-ahead window after a write ending in @last. */
static u64 lvss_cow_ahead_end(struct lvss_cow *cow, u64 last)
{
	return min(last + cow->ahead_chunks, cow->nr_chunks - 1);
}

/* The stream a write starting in chunk @first continues, if any. */
static struct lvss_cow_stream *lvss_cow_stream_of(struct lvss_cow *cow,
						  u64 first)
{
	unsigned int i;
	u64 next;

	for (i = 0; i < LVSS_COW_STREAMS; i++) {
		next = READ_ONCE(cow->streams[i].next);
		/* The write starts where the stream's last one ended. */
		if (first == next || first + 1 == next)
			return &cow->streams[i];
	}
	return NULL;
}

/*
 * The chunks a write of [@first, @last] should copy ahead, from *@from
 * on: 0 unless it continues a sequential stream (*@stream) whose
 * copy-ahead window lacks a quarter or more, and the streams replaced
 * since the last take left less than LVSS_COW_AHEAD_LOSS windows of
 * copies behind. Records the write in the stream table either way.
 */
static u32 lvss_cow_stream_ahead(struct lvss_cow *cow, struct bio *bio,
				 u64 first, u64 last, u64 *from,
				 struct lvss_cow_stream **stream)
{
	u64 end = lvss_cow_ahead_end(cow, last);
	struct lvss_cow_stream *st;
	u64 next, ahead, seen;
	unsigned int i;

	/* Copy-ahead allocates, which a REQ_NOWAIT submitter forbids. */
	if (!cow->ahead_chunks || bio_op(bio) != REQ_OP_WRITE ||
	    (bio->bi_opf & REQ_NOWAIT))
		return 0;
	st = lvss_cow_stream_of(cow, first);
	if (!st) {
		i = READ_ONCE(cow->stream_victim);
		WRITE_ONCE(cow->stream_victim, (i + 1) % LVSS_COW_STREAMS);
		st = &cow->streams[i];
		next = READ_ONCE(st->next);
		WRITE_ONCE(st->next, last + 1);
		/* What the replaced stream had looked at but never wrote. */
		ahead = xchg(&st->ahead, last + 1);
		if (ahead > next)
			atomic_add(min(ahead - next, (u64)cow->ahead_chunks),
				   &cow->ahead_lost);
		return 0;
	}
	WRITE_ONCE(st->next, last + 1);
	seen = READ_ONCE(st->ahead);
	ahead = max(seen, last + 1);
	if (ahead > end || end - ahead + 1 < max(cow->ahead_chunks / 4, 1U) ||
	    atomic_read(&cow->ahead_lost) >=
	    LVSS_COW_AHEAD_LOSS * cow->ahead_chunks)
		return 0;
	/* Lost to a replacement of this entry: it is no longer our stream. */
	if (cmpxchg(&st->ahead, seen, end + 1) != seen)
		return 0;
	*from = ahead;
	*stream = st;
	return end - ahead + 1;
}

/*
 * Copy-ahead spends store space on chunks the writer may never reach, so
 * it runs only while the store has ample room: four windows, and more
 * than the low-space threshold. A snapshot never fails for a guess.
 */
static bool lvss_cow_store_roomy(struct lvss_cow *cow)
{
	u64 used, total, free;

	lvss_store_usage(cow->store, &used, &total);
	free = total - used;
	return free > 4ULL * cow->ahead_chunks &&
	       free > div_u64(total * READ_ONCE(cow->low_percent), 100);
}

/*
 * Copies up to @count chunks from @from on ahead of a sequential writer:
 * those not preserved, with no copy in this epoch, that a live snapshot
 * needs. Never waits: stops when spare records or spare buffers run out.
 * New copies go on @loads. Returns the chunks it got through. Under
 * cow->lock.
 */
static u32 lvss_cow_copy_ahead(struct lvss_cow *cow, u64 from, u32 count,
			       unsigned long *map, struct lvss_spares *sp,
			       struct list_head *loads)
{
	struct lvss_copy *copy;
	u32 done;
	int rc;

	lockdep_assert_held(&cow->lock);
	for (done = 0; done < count; done++) {
		if (test_bit(from + done, map))
			continue;
		/* Above a quarter free, the new copy gets a buffer. */
		if (cow->nr_free_bufs <= cow->nr_bufs / 4)
			break;
		rc = lvss_cow_epoch_copy(cow, from + done, map, sp, &copy);
		if (rc == -EAGAIN)
			break;
		if (rc == 1)
			lvss_cow_queue_load(cow, copy, loads);
	}
	return done;
}

/**
 * lvss_cow_write_preserved() - may a write go down without the engine?
 * @cow: the engine
 * @bio: a write with data to its device
 * @base: sectors to add to @bio's (a partition's bio on a whole disk)
 *
 * True when every chunk @bio touches is preserved in the current epoch
 * (lvss_cow_write() would pass it anyway) and copy-ahead has nothing to
 * do for it: it continues no stream, or the window after it is preserved
 * too, and the stream just moves on. A write that continues no stream is
 * not recorded as the start of one; a stream that reaches chunks not yet
 * preserved starts again from the write that needs them. A bit seen
 * clear too early only sends the write the slow way. Under any RCU
 * read-side lock.
 */
bool lvss_cow_write_preserved(struct lvss_cow *cow, struct bio *bio,
			      sector_t base)
{
	struct lvss_cow_stream *st;
	const unsigned long *map;
	u64 first, last, end;

	lvss_cow_bio_chunks(cow, bio, base, &first, &last);
	map = rcu_dereference_check(cow->preserved, rcu_read_lock_any_held());
	if (find_next_zero_bit(map, last + 1, first) <= last)
		return false;
	if (!cow->ahead_chunks)
		return true;
	st = lvss_cow_stream_of(cow, first);
	if (!st)
		return true;
	end = lvss_cow_ahead_end(cow, last);
	if (find_next_zero_bit(map, end + 1, last + 1) <= end)
		return false;
	WRITE_ONCE(st->next, last + 1);
	return true;
}

/*
 * A write to an attached device with snapshots (@base: sectors to add,
 * for a partition's bio seen by a whole-disk tracker). Passes at once when all
 * its chunks are preserved in the current epoch; otherwise it is held
 * until the old data of its chunks is in memory. Never fails the write
 * for the snapshots' sake: without memory the snapshots fail instead.
 */
void lvss_cow_write(struct lvss_cow *cow, struct bio *bio, sector_t base)
{
	struct lvss_spares sp = { 0 };
	unsigned int need = 0, noio;
	u64 first, last, index, from = 0;
	struct lvss_cow_stream *stream = NULL;
	struct lvss_wio *wio = NULL;
	bool ahead_ok = true;
	struct blk_plug plug;
	unsigned long *map;
	LIST_HEAD(loads);
	u32 ahead;
	int err = 0;

	if (!bio_sectors(bio) || !lvss_cow_copying(cow))
		goto pass;
	lvss_cow_bio_chunks(cow, bio, base, &first, &last);
	ahead = lvss_cow_stream_ahead(cow, bio, first, last, &from, &stream);

	rcu_read_lock();
	map = rcu_dereference(cow->preserved);
	for (index = first; index <= last; index++)
		need += !test_bit(index, map);
	rcu_read_unlock();
	if (!need && !ahead)
		goto pass;
	/*
	 * A discard only says "this data is no longer needed", which is not
	 * true for the snapshots: complete it without passing it down.
	 */
	if (need && bio_op(bio) == REQ_OP_DISCARD) {
		bio_endio(bio);
		return;
	}
	if (need && (bio->bi_opf & REQ_NOWAIT)) {
		bio_wouldblock_error(bio);
		return;
	}

	if (need) {
		/* Large zeroing bios may cover many chunks: vmalloc, no I/O. */
		noio = memalloc_noio_save();
		wio = kvmalloc(struct_size(wio, waits, need), GFP_KERNEL);
		memalloc_noio_restore(noio);
		if (!wio) {
			lvss_cow_fail_all(cow, -ENOMEM,
					  "out of memory holding a write");
			goto pass;
		}
		wio->bio = bio;
		wio->nr_waits = 0;
		atomic_set(&wio->pending, 1);
	}

	index = first;
	while (need && index <= last) {
		if (lvss_spares_fill(&sp, need)) {
			err = -ENOMEM;
			break;
		}
		spin_lock_irq(&cow->lock);
		map = rcu_dereference_protected(cow->preserved,
						lockdep_is_held(&cow->lock));
		for (; index <= last; index++) {
			struct lvss_wait *wait;

			if (test_bit(index, map))
				continue;
			if (WARN_ON_ONCE(wio->nr_waits >= need)) {
				err = -EINVAL;
				break;
			}
			wait = &wio->waits[wio->nr_waits];
			wait->wio = wio;
			err = lvss_cow_hold_chunk(cow, index, map, wait, &sp,
						  &loads);
			if (err < 0)
				break;
			wio->nr_waits += err;
			err = 0;
		}
		spin_unlock_irq(&cow->lock);
		if (err != -EAGAIN)
			break;
		err = 0;
	}
	if (err)
		lvss_cow_fail_all(cow, err, err == -ENOMEM ?
				  "out of memory preserving a chunk" :
				  "internal error holding a write");
	if (err || (ahead && !lvss_cow_store_roomy(cow)))
		ahead_ok = false;
	/* Best effort, in batches of spare records; stops at the first gap. */
	while (ahead_ok && ahead && !lvss_spares_fill(&sp, ahead)) {
		u32 n = min_t(u32, ahead, LVSS_SPARES), done;

		spin_lock_irq(&cow->lock);
		map = rcu_dereference_protected(cow->preserved,
						lockdep_is_held(&cow->lock));
		done = lvss_cow_copy_ahead(cow, from, n, map, &sp, &loads);
		spin_unlock_irq(&cow->lock);
		from += done;
		ahead -= done;
		if (done < n)
			break;
	}
	/* Where copy-ahead stopped early, the stream's next write resumes. */
	if (ahead)
		WRITE_ONCE(stream->ahead, from);
	lvss_spares_free(&sp);

	/* Plugged, so the reads of adjacent chunks merge into large requests. */
	blk_start_plug(&plug);
	lvss_cow_start_loads(cow, &loads);
	blk_finish_plug(&plug);
	if (unlikely(test_bit(LVSS_COW_STORES_DUE, &cow->flags)))
		queue_work(cow->wq, &cow->work);
	if (!wio || atomic_dec_and_test(&wio->pending)) {
		kvfree(wio);
		goto pass;
	}
	return;
pass:
	lvss_hook_pass(bio);
}

/* --- the snapshot read path --------------------------------------------------- */

static void lvss_rio_finish(struct lvss_rio *rio, blk_status_t status)
{
	struct lvss_snapshot *snap = rio->snap;

	if (status)
		rio->bio->bi_status = status;
	bio_endio(rio->bio);
	lvss_buf_free(rio->buf);
	kfree(rio);
	if (atomic_dec_and_test(&snap->reads))
		wake_up_var(&snap->reads);
	lvss_snapshot_put(snap);
}

static void lvss_cow_serve_reads(struct lvss_cow *cow, struct lvss_copy *copy,
				 struct list_head *reads, struct lvss_buf *buf)
{
	struct lvss_copy *next_load = NULL;
	struct lvss_rio *rio, *tmp;
	bool free;

	list_for_each_entry_safe(rio, tmp, reads, node) {
		list_del(&rio->node);
		if (buf)
			lvss_buf_copy_to_bio(buf, rio->offset, rio->bio);
		lvss_rio_finish(rio, buf ? BLK_STS_OK : BLK_STS_IOERR);
	}
	if (!buf)
		return;
	spin_lock_irq(&cow->lock);
	copy->buf_users--;
	free = lvss_copy_settle(cow, copy, &next_load);
	if (free)
		lvss_copy_unpin_chunk(copy);
	spin_unlock_irq(&cow->lock);
	if (next_load)
		lvss_cow_start_load(cow, next_load);
	if (free)
		lvss_copy_free(cow, copy);
}

static void lvss_cow_origin_read_endio(struct bio *clone)
{
	struct lvss_rio *rio = clone->bi_private;
	blk_status_t status = clone->bi_status;
	struct lvss_cow *cow = rio->cow;
	struct lvss_chunk *chunk = rio->chunk;
	struct lvss_copy *copy;
	unsigned long flags;
	bool kick;

	bio_put(clone);
	spin_lock_irqsave(&cow->lock, flags);
	if (!--chunk->origin_readers) {
		copy = lvss_chunk_newest(chunk);
		if (copy)
			lvss_copy_release_writes(cow, copy);
		lvss_chunk_maybe_free(chunk);
	}
	kick = !list_empty(&cow->release);
	spin_unlock_irqrestore(&cow->lock, flags);
	if (kick)
		queue_work(cow->wq, &cow->work);
	lvss_rio_finish(rio, status);
}

/*
 * A STORED copy that cannot be read back is lost to the snapshot: fail it
 * (status says why) rather than leave it active with reads that fail.
 */
static void lvss_cow_store_read_done(void *ctx, blk_status_t status)
{
	struct lvss_rio *rio = ctx;
	unsigned long flags;

	if (!status) {
		lvss_buf_copy_to_bio(rio->buf, rio->offset, rio->bio);
	} else {
		spin_lock_irqsave(&rio->cow->lock, flags);
		lvss_snapshot_fail(rio->snap, -EIO,
				   "reading from the CoW store failed");
		spin_unlock_irqrestore(&rio->cow->lock, flags);
	}
	lvss_rio_finish(rio, status);
}

/* One piece of a snapshot read, inside chunk @index. */
static void lvss_cow_read_piece(struct lvss_cow *cow,
				struct lvss_snapshot *snap, struct bio *piece,
				u64 index)
{
	struct lvss_chunk *spare, *chunk;
	struct lvss_copy *copy = NULL;
	struct lvss_rio *rio;
	struct bio *clone;
	LIST_HEAD(one);
	u64 slot;

	rio = kzalloc(sizeof(*rio), GFP_NOIO);
	spare = kmem_cache_alloc(lvss_chunk_cache, GFP_NOIO);
	if (!rio || !spare) {
		kfree(rio);
		if (spare)
			kmem_cache_free(lvss_chunk_cache, spare);
		bio_io_error(piece);
		return;
	}
	rio->bio = piece;
	rio->snap = snap;
	rio->cow = cow;
	rio->offset = (piece->bi_iter.bi_sector -
		       lvss_chunk_sector(cow, index)) << SECTOR_SHIFT;
	lvss_snapshot_get(snap);
	atomic_inc(&snap->reads);

	lvss_cow_check_origin(cow);
	spin_lock_irq(&cow->lock);
	if (READ_ONCE(snap->state) != LVSS_SNAPSHOT_ACTIVE) {
		spin_unlock_irq(&cow->lock);
		kmem_cache_free(lvss_chunk_cache, spare);
		lvss_rio_finish(rio, BLK_STS_IOERR);
		return;
	}
	chunk = lvss_chunk_find(cow, index);
	if (chunk)
		copy = lvss_copy_of(lvss_chain_find(chunk->chain, snap->seq));
	if (!copy) {
		/* Unchanged since the snapshot: read the origin, and hold
		 * writes to this chunk until that read is done.
		 */
		chunk = lvss_chunk_get(cow, index, &spare);
		chunk->origin_readers++;
		spin_unlock_irq(&cow->lock);
		if (spare)
			kmem_cache_free(lvss_chunk_cache, spare);
		rio->chunk = chunk;
		clone = bio_alloc_clone(lvss_cow_origin(cow), piece, GFP_NOIO,
					&lvss_cow_bioset);
		clone->bi_private = rio;
		clone->bi_end_io = lvss_cow_origin_read_endio;
		lvss_hook_pass(clone);
		return;
	}
	kmem_cache_free(lvss_chunk_cache, spare);
	switch (lvss_copy_read_source(copy->state)) {
	case LVSS_READ_WAIT:
		list_add_tail(&rio->node, &copy->reads);
		spin_unlock_irq(&cow->lock);
		return;
	case LVSS_READ_BUFFER:
		copy->buf_users++;
		spin_unlock_irq(&cow->lock);
		list_add(&rio->node, &one);
		lvss_cow_serve_reads(cow, copy, &one, copy->buf);
		return;
	case LVSS_READ_STORE:
		slot = copy->slot;
		spin_unlock_irq(&cow->lock);
		rio->buf = lvss_buf_alloc(cow->chunk_shift, GFP_NOIO);
		if (!rio->buf) {
			lvss_rio_finish(rio, BLK_STS_RESOURCE);
			return;
		}
		lvss_store_submit(cow->store, slot, rio->buf, false,
				  lvss_cow_store_read_done, rio);
		return;
	default:
		spin_unlock_irq(&cow->lock);
		lvss_rio_finish(rio, BLK_STS_IOERR);
	}
}

/*
 * Serves a read of snapshot @snap. The caller (the snapshot disk) holds
 * a reference on @snap; pieces take their own. Split at chunk boundaries
 * so each piece has one source.
 */
void lvss_cow_read(struct lvss_cow *cow, struct lvss_snapshot *snap,
		   struct bio *bio)
{
	for (;;) {
		sector_t sector = bio->bi_iter.bi_sector;
		u64 index = lvss_sector_chunk(cow, sector);
		sector_t boundary = lvss_chunk_sector(cow, index + 1);
		struct bio *piece = bio;

		if (bio_end_sector(bio) > boundary) {
			piece = bio_split(bio, boundary - sector, GFP_NOIO,
					  &lvss_cow_bioset);
			if (IS_ERR_OR_NULL(piece)) {
				bio_io_error(bio);
				return;
			}
			bio_chain(piece, bio);
		}
		lvss_cow_read_piece(cow, snap, piece, index);
		if (piece == bio)
			return;
	}
}

/* --- takes and deletions ------------------------------------------------- */

unsigned long *lvss_cow_alloc_bitmap(struct lvss_cow *cow)
{
	return kvzalloc(BITS_TO_LONGS(cow->nr_chunks) * sizeof(long),
			GFP_KERNEL);
}

/*
 * The epoch switch of a take: @snap becomes the newest snapshot and every
 * chunk is unpreserved again. Writes are held by the caller. Returns the
 * old bitmap, to be freed after an RCU grace period.
 */
unsigned long *lvss_cow_flip(struct lvss_cow *cow, struct lvss_snapshot *snap,
			     unsigned long *fresh)
{
	unsigned long *old;
	unsigned int i;

	spin_lock_irq(&cow->lock);
	old = rcu_dereference_protected(cow->preserved,
					lockdep_is_held(&cow->lock));
	snap->seq = ++cow->epoch;
	rcu_assign_pointer(cow->preserved, fresh);
	/* Copy-ahead starts afresh: nothing is preserved in the new epoch. */
	for (i = 0; i < LVSS_COW_STREAMS; i++)
		WRITE_ONCE(cow->streams[i].ahead,
			   READ_ONCE(cow->streams[i].next));
	atomic_set(&cow->ahead_lost, 0);
	cow->live[cow->nr_live++] = snap->seq;
	list_add_tail(&snap->node, &cow->snapshots);
	spin_unlock_irq(&cow->lock);
	return old;
}

/* Room for one more snapshot? Checked before a take prepares. */
bool lvss_cow_has_room(struct lvss_cow *cow)
{
	bool room;

	spin_lock_irq(&cow->lock);
	room = cow->nr_live < ARRAY_SIZE(cow->live);
	spin_unlock_irq(&cow->lock);
	return room;
}

/*
 * Forgets a deleted snapshot whose reads have all finished: copies no
 * live snapshot reads any more are freed, bucket by bucket so the lock is
 * never held for long.
 */
void lvss_cow_forget(struct lvss_cow *cow, struct lvss_snapshot *snap)
{
	struct lvss_copy *next_load, *copy, *tmp_copy;
	struct lvss_chain_link *gone, *next;
	struct lvss_live_set live;
	struct lvss_chunk *chunk;
	struct hlist_node *tmp;
	unsigned long *map;
	unsigned int i, b;
	LIST_HEAD(frees);
	LIST_HEAD(loads);

	spin_lock_irq(&cow->lock);
	for (i = 0; i < cow->nr_live && cow->live[i] != snap->seq; i++)
		;
	if (i < cow->nr_live) {
		memmove(&cow->live[i], &cow->live[i + 1],
			(cow->nr_live - i - 1) * sizeof(cow->live[0]));
		cow->nr_live--;
	}
	list_del_init(&snap->node);
	if (!cow->nr_live) {
		/* Nobody reads old data now: every write may go straight. */
		map = rcu_dereference_protected(cow->preserved,
						lockdep_is_held(&cow->lock));
		bitmap_fill(map, cow->nr_chunks);
	}
	spin_unlock_irq(&cow->lock);

	for (b = 0; b < (1U << cow->hash_bits); b++) {
		spin_lock_irq(&cow->lock);
		lvss_cow_live_set(cow, &live);
		hlist_for_each_entry_safe(chunk, tmp, &cow->hash[b], hash) {
			gone = lvss_chain_prune(&chunk->chain, &live);
			for (; gone; gone = next) {
				next = gone->next;
				copy = lvss_copy_of(gone);
				copy->dropped = true;
				next_load = NULL;
				if (lvss_copy_settle(cow, copy, &next_load))
					list_add_tail(&copy->node, &frees);
				else
					chunk->dropped++;
				/* A freed buffer may go to a waiting copy. */
				if (next_load)
					list_add_tail(&next_load->node, &loads);
			}
			lvss_chunk_maybe_free(chunk);
		}
		spin_unlock_irq(&cow->lock);
		cond_resched();
	}
	lvss_cow_start_loads(cow, &loads);
	list_for_each_entry_safe(copy, tmp_copy, &frees, node)
		lvss_copy_free(cow, copy);
}

/* --- setup ------------------------------------------------------------------ */

/* The store's low-space callback: any context, may hold cow->lock. */
static void lvss_cow_store_low(struct lvss_store *store, void *arg)
{
	struct lvss_cow *cow = arg;
	u64 used, total;

	lvss_store_usage(store, &used, &total);
	lvss_event_store_low(cow->tracker, 1U << cow->chunk_shift,
			     used << cow->chunk_shift, total << cow->chunk_shift);
}

/*
 * (Re)arms the low-space event at @percent of the store's current size;
 * called after every change of size or threshold. Process context.
 */
void lvss_cow_set_low_percent(struct lvss_cow *cow, u32 percent)
{
	u64 used, total;

	WRITE_ONCE(cow->low_percent, percent);
	lvss_store_usage(cow->store, &used, &total);
	if (!percent) {
		lvss_store_set_low_watermark(cow->store, 0, NULL, NULL);
		return;
	}
	lvss_store_set_low_watermark(cow->store,
				     div_u64(total * percent, 100),
				     lvss_cow_store_low, cow);
}

static int lvss_cow_alloc_pool(struct lvss_cow *cow)
{
	unsigned int n = clamp(LVSS_COW_POOL_BYTES >> cow->chunk_shift,
			       LVSS_COW_POOL_MIN, LVSS_COW_POOL_MAX);

	cow->bufs = kcalloc(n, sizeof(*cow->bufs), GFP_KERNEL);
	if (!cow->bufs)
		return -ENOMEM;
	for (cow->nr_bufs = 0; cow->nr_bufs < n; cow->nr_bufs++) {
		cow->bufs[cow->nr_bufs] = lvss_buf_alloc(cow->chunk_shift,
							 GFP_KERNEL);
		if (!cow->bufs[cow->nr_bufs])
			return -ENOMEM;
	}
	cow->nr_free_bufs = n;
	return 0;
}

/*
 * The engine for @tracker with chunks of 1 << @chunk_shift bytes, copying
 * into @store (owned from here on, also on failure). Process context.
 */
struct lvss_cow *lvss_cow_new(struct lvss_tracker *tracker, u32 chunk_shift,
			      struct lvss_store *store)
{
	u64 bytes = bdev_nr_bytes(tracker->ref.bdev);
	unsigned int ahead_kb;
	unsigned long *map;
	struct lvss_cow *cow;

	cow = kzalloc(sizeof(*cow), GFP_KERNEL);
	if (!cow)
		goto err_store;
	cow->tracker = tracker;
	cow->store = store;
	cow->chunk_shift = chunk_shift;
	cow->nr_chunks = DIV_ROUND_UP_ULL(bytes, 1ULL << chunk_shift);
	/* At most 1 GiB ahead. */
	ahead_kb = min(READ_ONCE(copy_ahead_kb), 1U << 20);
	if (ahead_kb)
		cow->ahead_chunks = max((ahead_kb << 10) >> chunk_shift,
					LVSS_COW_AHEAD_MIN);
	spin_lock_init(&cow->lock);
	INIT_LIST_HEAD(&cow->snapshots);
	INIT_LIST_HEAD(&cow->buf_waiters);
	INIT_LIST_HEAD(&cow->done);
	INIT_LIST_HEAD(&cow->release);
	INIT_WORK(&cow->work, lvss_cow_work);
	INIT_DELAYED_WORK(&cow->stores_timer, lvss_cow_stores_timeout);
	/*
	 * About one bucket per 4 chunks, between 2^6 and 2^20 buckets: a
	 * snapshot that saw every chunk written has short chains (2 bytes
	 * per chunk, up to 8 MiB).
	 */
	cow->hash_bits = clamp_t(unsigned int,
				 ilog2(max_t(u64, cow->nr_chunks / 4, 1)),
				 6, 20);
	cow->hash = kvcalloc(1U << cow->hash_bits, sizeof(*cow->hash),
			     GFP_KERNEL);
	if (!cow->hash)
		goto err_cow;
	map = lvss_cow_alloc_bitmap(cow);
	if (!map)
		goto err_hash;
	RCU_INIT_POINTER(cow->preserved, map);
	if (lvss_cow_alloc_pool(cow))
		goto err_pool;
	/*
	 * Unbound: a load completes on the CPU of the writer that caused it,
	 * and a bound worker would preempt that writer at every completion
	 * instead of running beside it. High priority: held writes are
	 * released promptly on a busy machine.
	 */
	cow->wq = alloc_workqueue("lvss_cow",
				  WQ_MEM_RECLAIM | WQ_UNBOUND | WQ_HIGHPRI, 0);
	if (!cow->wq)
		goto err_pool;
	return cow;

err_pool:
	while (cow->nr_bufs)
		lvss_buf_free(cow->bufs[--cow->nr_bufs]);
	kfree(cow->bufs);
	kvfree(rcu_dereference_protected(cow->preserved, true));
err_hash:
	kvfree(cow->hash);
err_cow:
	kfree(cow);
err_store:
	lvss_store_destroy(store);
	return NULL;
}

/* No snapshot is left and no I/O is in flight. Process context. */
void lvss_cow_free(struct lvss_cow *cow)
{
	struct lvss_chain_link *link, *next;
	struct lvss_chunk *chunk;
	struct hlist_node *tmp;
	unsigned int b;

	while (!wait_var_event_timeout(&cow->ios, !atomic_read(&cow->ios),
				       10 * HZ))
		pr_warn("still waiting for %d copy-on-write I/O(s)\n",
			atomic_read(&cow->ios));
	/* Gathered store writes count in @ios: none is left to start. */
	cancel_delayed_work_sync(&cow->stores_timer);
	destroy_workqueue(cow->wq);
	for (b = 0; b < (1U << cow->hash_bits); b++) {
		hlist_for_each_entry_safe(chunk, tmp, &cow->hash[b], hash) {
			for (link = chunk->chain; link; link = next) {
				next = link->next;
				lvss_copy_free(cow, lvss_copy_of(link));
			}
			hlist_del(&chunk->hash);
			kmem_cache_free(lvss_chunk_cache, chunk);
		}
	}
	WARN_ON(cow->nr_free_bufs != cow->nr_bufs);
	while (cow->nr_free_bufs)
		lvss_buf_free(cow->bufs[--cow->nr_free_bufs]);
	kfree(cow->bufs);
	kvfree(rcu_dereference_protected(cow->preserved, true));
	kvfree(cow->hash);
	lvss_store_destroy(cow->store);
	kfree(cow);
}

int __init lvss_cow_init(void)
{
	int err;

	lvss_chunk_cache = KMEM_CACHE(lvss_chunk, 0);
	lvss_copy_cache = KMEM_CACHE(lvss_copy, 0);
	if (!lvss_chunk_cache || !lvss_copy_cache) {
		err = -ENOMEM;
		goto err_caches;
	}
	err = bioset_init(&lvss_cow_bioset, BIO_POOL_SIZE, 0,
			  BIOSET_NEED_BVECS | BIOSET_NEED_RESCUER);
	if (err)
		goto err_caches;
	return 0;

err_caches:
	kmem_cache_destroy(lvss_copy_cache);
	kmem_cache_destroy(lvss_chunk_cache);
	return err;
}

void lvss_cow_exit(void)
{
	bioset_exit(&lvss_cow_bioset);
	kmem_cache_destroy(lvss_copy_cache);
	kmem_cache_destroy(lvss_chunk_cache);
}
