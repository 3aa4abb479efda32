// SPDX-License-Identifier: GPL-2.0
/*
 * The CoW store: a slot allocator over a list of areas, and the routing of
 * slot I/O to the area that holds the slot (see lvss_store.h).
 *
 * Each area gets its own used-slot bitmap, allocated in process context
 * when the area is added, so appending space to a live store never copies
 * or reallocates a bitmap under the spinlock: the new entry of @parts is
 * filled and published by bumping @nr_parts. Entries below @nr_parts
 * never change until the store is destroyed, so submission reads them
 * without a lock (acquire/release on @nr_parts).
 *
 * Allocation is next-fit from a cursor, so slots are handed out in
 * device order (sequential store writes) and freed ones are reused after
 * the cursor wraps.
 *
 * No block layer in here: KUnit tests this file on user-mode Linux.
 */
#include <linux/bitmap.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "lvss_store.h"

/**
 * struct lvss_store_part - an area and the slots used in it
 * @area: the area; owned by the store once added
 * @used_map: bit i set when the area's slot i is allocated; contents
 *	protected by lvss_store.lock
 * @nr_used: bits set in @used_map; protected by lvss_store.lock
 */
struct lvss_store_part {
	struct lvss_store_area *area;
	unsigned long *used_map;
	u64 nr_used;
};

/**
 * struct lvss_store - see lvss_store.h
 * @chunk_shift: log2 of the slot size in bytes; constant
 * @add_lock: serializes lvss_store_add_area() calls (they sleep to
 *	allocate), so @nr_slots and @nr_parts only change under it
 * @lock: protects the allocator fields below and the contents of each
 *	part's @used_map and @nr_used; taken with irqsave (alloc and free
 *	run from bio completions)
 * @nr_parts: entries of @parts in use; written under @add_lock and @lock
 *	with release semantics, read under @lock or with acquire semantics
 * @nr_slots: slots of all areas; @lock
 * @nr_used: slots allocated; @lock
 * @cursor: where the next allocation starts looking; @lock
 * @low_slots: the low-space threshold in free slots; @lock
 * @low_fn: the owner's low-space callback, or NULL; @lock
 * @low_arg: its argument; @lock
 * @low_armed: @low_fn fires at the next allocation that leaves fewer than
 *	@low_slots free; cleared when it fires; @lock
 * @parts: the areas in slot order; entries below @nr_parts are constant
 */
struct lvss_store {
	u32 chunk_shift;
	struct mutex add_lock;	/* serializes lvss_store_add_area() */
	spinlock_t lock;	/* the allocator; see above */
	unsigned int nr_parts;
	u64 nr_slots;
	u64 nr_used;
	u64 cursor;
	u64 low_slots;
	lvss_store_low_fn low_fn;
	void *low_arg;
	bool low_armed;
	struct lvss_store_part parts[LVSS_STORE_AREAS_MAX];
};

/**
 * lvss_store_new() - an empty store
 * @chunk_shift: log2 of the chunk size, as lvss_check_chunk_size() allows
 *
 * Process context.
 *
 * Return: the store, ERR_PTR(-EINVAL) for a chunk size lvss does not
 * support, ERR_PTR(-ENOMEM).
 */
struct lvss_store *lvss_store_new(u32 chunk_shift)
{
	struct lvss_store *store;

	if (!lvss_store_chunk_shift_ok(chunk_shift))
		return ERR_PTR(-EINVAL);
	store = kzalloc(sizeof(*store), GFP_KERNEL);
	if (!store)
		return ERR_PTR(-ENOMEM);
	store->chunk_shift = chunk_shift;
	mutex_init(&store->add_lock);
	spin_lock_init(&store->lock);
	return store;
}

/**
 * lvss_store_destroy() - free a store and every area in it
 * @store: the store (NULL or an ERR_PTR is ignored)
 *
 * Process context; nothing else may use the store any more and no
 * submission may be in flight. Slots still allocated are simply dropped.
 */
void lvss_store_destroy(struct lvss_store *store)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(store))
		return;
	for (i = 0; i < store->nr_parts; i++) {
		lvss_store_area_destroy(store->parts[i].area);
		kvfree(store->parts[i].used_map);
	}
	mutex_destroy(&store->add_lock);
	kfree(store);
}

/**
 * lvss_store_area_destroy() - free an area that no store owns
 * @area: an area from a constructor that lvss_store_add_area() refused
 *	(or NULL)
 *
 * Process context. Once added, an area belongs to its store and goes with
 * lvss_store_destroy().
 */
void lvss_store_area_destroy(struct lvss_store_area *area)
{
	if (area)
		area->ops->destroy(area);
}

/**
 * lvss_store_add_area() - append an area's slots to a (possibly live) store
 * @store: the store
 * @area: a new area from one of the constructors
 * @extack: for the reason of a refusal
 *
 * Process context. On success the store owns @area, its slots are
 * numbered from the store's previous end and the low-space callback is
 * re-armed. On failure the caller still owns @area (free it with
 * lvss_store_area_destroy()).
 *
 * Return: 0, -EINVAL (chunk size differs, or an empty area), -EFBIG (too
 * many slots in the area), -E2BIG (the store holds
 * %LVSS_STORE_AREAS_MAX areas already), -EOVERFLOW, -ENOMEM.
 */
int lvss_store_add_area(struct lvss_store *store, struct lvss_store_area *area,
			struct netlink_ext_ack *extack)
{
	struct lvss_store_part *part;
	unsigned long *map, flags;
	u64 total;
	int err;

	if (area->chunk_shift != store->chunk_shift) {
		lvss_store_set_err(extack, "the new store area was made for another chunk size than the store's");
		return -EINVAL;
	}
	if (!area->nr_slots) {
		lvss_store_set_err(extack, "the new store area holds no chunk");
		return -EINVAL;
	}
	if (area->nr_slots > LVSS_STORE_AREA_SLOTS_MAX) {
		lvss_store_set_err(extack, "the new store area holds too many chunks: use a larger chunk size or add the space in smaller pieces");
		return -EFBIG;
	}
	/* Sleeps: before any lock but the mutex. */
	map = kvcalloc(BITS_TO_LONGS(area->nr_slots), sizeof(long),
		       GFP_KERNEL);
	if (!map) {
		lvss_store_set_err(extack, "out of memory for the store area's slot bitmap");
		return -ENOMEM;
	}

	mutex_lock(&store->add_lock);
	if (store->nr_parts >= LVSS_STORE_AREAS_MAX) {
		lvss_store_set_err(extack, "the store already has 64 areas: add space in larger pieces");
		err = -E2BIG;
		goto err_unlock;
	}
	/* Only this function changes nr_slots, under add_lock. */
	if (check_add_overflow(store->nr_slots, area->nr_slots, &total)) {
		lvss_store_set_err(extack, "the store would hold too many chunks");
		err = -EOVERFLOW;
		goto err_unlock;
	}
	area->first_slot = store->nr_slots;
	part = &store->parts[store->nr_parts];

	spin_lock_irqsave(&store->lock, flags);
	part->area = area;
	part->used_map = map;
	part->nr_used = 0;
	store->nr_slots = total;
	store->low_armed = true;
	/* Pairs with the acquire in lvss_store_find_part_lockless(). */
	smp_store_release(&store->nr_parts, store->nr_parts + 1);
	spin_unlock_irqrestore(&store->lock, flags);
	mutex_unlock(&store->add_lock);
	return 0;

err_unlock:
	mutex_unlock(&store->add_lock);
	kvfree(map);
	return err;
}

/* The part holding store slot @slot among the first @nr, or NULL. */
static struct lvss_store_part *lvss_store_find_part(struct lvss_store *store,
						    unsigned int nr, u64 slot)
{
	unsigned int lo = 0, hi = nr, mid;
	struct lvss_store_area *a;

	if (!nr)
		return NULL;
	/* Parts are in slot order: binary search for the last start <= slot. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (store->parts[mid].area->first_slot <= slot)
			lo = mid;
		else
			hi = mid;
	}
	a = store->parts[lo].area;
	if (slot < a->first_slot || slot - a->first_slot >= a->nr_slots)
		return NULL;
	return &store->parts[lo];
}

static struct lvss_store_part *
lvss_store_find_part_lockless(struct lvss_store *store, u64 slot)
{
	/* Pairs with the release in lvss_store_add_area(). */
	unsigned int nr = smp_load_acquire(&store->nr_parts);

	return lvss_store_find_part(store, nr, slot);
}

/*
 * A free slot at or after store slot @from, wrapping around once: returns
 * its part and sets *@bit to its number in the part. Caller holds @lock
 * and has seen at least one slot free.
 */
static struct lvss_store_part *lvss_store_find_free(struct lvss_store *store,
						    u64 from,
						    unsigned long *bit)
{
	unsigned int i, n = store->nr_parts, first;
	struct lvss_store_part *part;
	unsigned long start;

	lockdep_assert_held(&store->lock);
	part = lvss_store_find_part(store, n, from);
	if (!part) {
		part = &store->parts[0];
		from = 0;
	}
	first = part - store->parts;
	/* n + 1 visits: the first part again, for its bits before @from. */
	for (i = 0; i <= n; i++) {
		part = &store->parts[(first + i) % n];
		if (part->nr_used == part->area->nr_slots)
			continue;
		start = i ? 0 : from - part->area->first_slot;
		*bit = find_next_zero_bit(part->used_map, part->area->nr_slots,
					  start);
		if (*bit < part->area->nr_slots)
			return part;
	}
	/* nr_used said a slot was free: the counts are broken. */
	WARN_ONCE(1, "lvss store: slot counts and bitmaps disagree\n");
	return NULL;
}

/**
 * lvss_store_alloc_slot() - take a free slot
 * @store: the store
 * @slot: set to the store-wide slot number on success
 *
 * Any context (interrupt included): never sleeps, never allocates. May
 * call the low-space callback (see lvss_store_set_low_watermark()), after
 * dropping the store's lock.
 *
 * Return: 0, or -ENOSPC when every slot is in use.
 */
int lvss_store_alloc_slot(struct lvss_store *store, u64 *slot)
{
	struct lvss_store_part *part;
	lvss_store_low_fn fire = NULL;
	unsigned long flags, bit;
	void *arg = NULL;
	u64 s;

	spin_lock_irqsave(&store->lock, flags);
	if (store->nr_used >= store->nr_slots)
		goto nospc;
	part = lvss_store_find_free(store, store->cursor, &bit);
	if (!part)
		goto nospc;
	__set_bit(bit, part->used_map);
	s = part->area->first_slot + bit;
	part->nr_used++;
	store->nr_used++;
	store->cursor = s + 1 < store->nr_slots ? s + 1 : 0;
	if (store->low_armed && store->low_fn &&
	    store->nr_slots - store->nr_used < store->low_slots) {
		store->low_armed = false;
		fire = store->low_fn;
		arg = store->low_arg;
	}
	spin_unlock_irqrestore(&store->lock, flags);
	if (fire)
		fire(store, arg);
	*slot = s;
	return 0;

nospc:
	spin_unlock_irqrestore(&store->lock, flags);
	return -ENOSPC;
}

/**
 * lvss_store_free_slot() - give a slot back
 * @store: the store
 * @slot: a slot lvss_store_alloc_slot() handed out and nobody frees twice
 *
 * Any context (interrupt included). Freeing a slot that is not allocated
 * is a bug in the caller: it warns once and changes nothing.
 */
void lvss_store_free_slot(struct lvss_store *store, u64 slot)
{
	struct lvss_store_part *part;
	unsigned long flags;
	bool bad;

	spin_lock_irqsave(&store->lock, flags);
	part = lvss_store_find_part(store, store->nr_parts, slot);
	bad = !part || !__test_and_clear_bit(slot - part->area->first_slot,
					     part->used_map);
	if (!bad) {
		part->nr_used--;
		store->nr_used--;
	}
	spin_unlock_irqrestore(&store->lock, flags);
	WARN_ONCE(bad, "lvss store: freeing slot %llu, which is not allocated\n",
		  slot);
}

/**
 * lvss_store_run_left() - how many chunks one store I/O can carry
 * @store: the store
 * @slot: an allocated store-wide slot
 *
 * Any context. Return: the slots from @slot on (at least 1, at most
 * LVSS_STORE_RUN_MAX) that lie back to back on one area's device, so
 * lvss_store_submit_run() can carry them in one I/O.
 */
unsigned int lvss_store_run_left(struct lvss_store *store, u64 slot)
{
	struct lvss_store_part *part = lvss_store_find_part_lockless(store, slot);
	struct lvss_store_area *area;
	u64 left;

	if (!part || !part->area->ops->run_left)
		return 1;
	area = part->area;
	left = area->ops->run_left(area, slot - area->first_slot);
	return clamp_t(u64, left, 1, LVSS_STORE_RUN_MAX);
}

/**
 * lvss_store_submit_run() - read or write chunks at consecutive slots
 * @store: the store
 * @slot: the first of @nr allocated store-wide slots
 * @bufs: the chunks, one buffer per slot
 * @nr: 1..lvss_store_run_left(@slot)
 * @write: true to write @bufs to the slots, false to read the slots
 * @done: called exactly once with the result of the whole I/O, from any
 *	context, possibly before this returns
 * @ctx: @done's argument
 *
 * Process context (see lvss_store.h): the backend may sleep in a mempool
 * to get a bio. Slots no area holds complete with BLK_STS_IOERR and a
 * warning (a bug in the caller); the backend refuses a run longer than
 * its run_left() the same way.
 */
void lvss_store_submit_run(struct lvss_store *store, u64 slot,
			   struct lvss_buf *const *bufs, unsigned int nr,
			   bool write, lvss_io_done_fn done, void *ctx)
{
	struct lvss_store_part *part = lvss_store_find_part_lockless(store, slot);

	if (WARN_ONCE(!part || !nr || nr > LVSS_STORE_RUN_MAX,
		      "lvss store: I/O to %u slot(s) from %llu, which no area holds in one piece\n",
		      nr, slot)) {
		done(ctx, BLK_STS_IOERR);
		return;
	}
	part->area->ops->submit(part->area, slot - part->area->first_slot,
				bufs, nr, write, done, ctx);
}

/**
 * lvss_store_submit() - read or write one chunk at a store slot
 * @store: the store
 * @slot: an allocated store-wide slot
 * @buf: the chunk's pages
 * @write: true to write @buf to the slot, false to read the slot into it
 * @done: called exactly once with the result, from any context, possibly
 *	before this returns
 * @ctx: @done's argument
 *
 * As lvss_store_submit_run() for one chunk.
 */
void lvss_store_submit(struct lvss_store *store, u64 slot,
		       struct lvss_buf *buf, bool write, lvss_io_done_fn done,
		       void *ctx)
{
	lvss_store_submit_run(store, slot, &buf, 1, write, done, ctx);
}

/**
 * lvss_store_usage() - how full the store is
 * @store: the store
 * @used_slots: set to the slots allocated
 * @total_slots: set to the slots of all areas
 *
 * Any context. Bytes are slots << lvss_store_chunk_shift().
 */
void lvss_store_usage(struct lvss_store *store, u64 *used_slots,
		      u64 *total_slots)
{
	unsigned long flags;

	spin_lock_irqsave(&store->lock, flags);
	*used_slots = store->nr_used;
	*total_slots = store->nr_slots;
	spin_unlock_irqrestore(&store->lock, flags);
}

/**
 * lvss_store_set_low_watermark() - ask to be told when space runs low
 * @store: the store
 * @low_slots: threshold: fire when fewer free slots than this remain
 * @fn: the callback, or NULL to stop being told
 * @arg: its second argument
 *
 * Arms the callback: it fires once, at the first allocation that leaves
 * fewer than @low_slots free, and is armed again by every
 * lvss_store_add_area() and every call of this function (so it fires
 * again if the store is still low after space was added).
 *
 * @fn is called from lvss_store_alloc_slot()'s context, which may be
 * interrupt context (bio completion) and may hold the allocating caller's
 * spinlocks: it must not sleep, take a mutex or take any lock the
 * allocating code may hold; queue a work item that sends the netlink
 * event. It runs without the store's lock, so it may call
 * lvss_store_usage(). @arg must stay valid until the store is destroyed
 * or the callback is replaced.
 */
void lvss_store_set_low_watermark(struct lvss_store *store, u64 low_slots,
				  lvss_store_low_fn fn, void *arg)
{
	unsigned long flags;

	spin_lock_irqsave(&store->lock, flags);
	store->low_slots = low_slots;
	store->low_fn = fn;
	store->low_arg = arg;
	store->low_armed = true;
	spin_unlock_irqrestore(&store->lock, flags);
}

u32 lvss_store_chunk_shift(const struct lvss_store *store)
{
	return store->chunk_shift;
}

/**
 * lvss_store_area_at() - the @index-th area, for status
 * @store: the store
 * @index: 0-based, in slot order
 *
 * Any context. An area lives as long as its store.
 *
 * Return: the area, or NULL past the last one.
 */
const struct lvss_store_area *lvss_store_area_at(struct lvss_store *store,
						 unsigned int index)
{
	/* Pairs with the release in lvss_store_add_area(). */
	if (index >= smp_load_acquire(&store->nr_parts))
		return NULL;
	return store->parts[index].area;
}
