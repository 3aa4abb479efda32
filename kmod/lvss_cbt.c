// SPDX-License-Identifier: GPL-2.0
/*
 * Changed-block tracking map (see lvss_cbt.h for intervals, generations
 * and why generations only change at a take's flip).
 */
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/lvss.h>

#include "lvss_cbt.h"

/* Blocks looked at per RCU section when counting or listing. */
#define LVSS_CBT_SCAN_STEP	(256U * 1024U)

/* Smallest block size that keeps the map within LVSS_CBT_MAP_MAX_BYTES. */
u32 lvss_cbt_default_shift(u64 dev_bytes)
{
	u32 shift = ilog2(LVSS_CBT_BLOCK_SIZE_MIN);

	while (shift < ilog2(LVSS_CBT_BLOCK_SIZE_MAX) &&
	       DIV_ROUND_UP_ULL(dev_bytes, 1ULL << shift) >
	       LVSS_CBT_MAP_MAX_BYTES)
		shift++;
	return shift;
}

static struct lvss_cbt_map *lvss_cbt_map_alloc(u64 dev_bytes, u32 shift)
{
	u64 n = DIV_ROUND_UP_ULL(dev_bytes, 1ULL << shift);
	struct lvss_cbt_map *map;

	if (n > SIZE_MAX - sizeof(*map))
		return NULL;
	map = kvzalloc(struct_size(map, marks, n), GFP_KERNEL);
	if (map) {
		map->nr_blocks = n;
		map->mark = 1;
	}
	return map;
}

static struct lvss_cbt_map *lvss_cbt_map_locked(struct lvss_cbt *cbt)
{
	return rcu_dereference_protected(cbt->map, lockdep_is_held(&cbt->lock));
}

/* A fresh generation at attach: base 0, nothing written yet. */
int lvss_cbt_init(struct lvss_cbt *cbt, u64 dev_bytes, u32 block_shift)
{
	struct lvss_cbt_map *map = lvss_cbt_map_alloc(dev_bytes, block_shift);

	if (!map)
		return -ENOMEM;
	spin_lock_init(&cbt->lock);
	cbt->block_shift = block_shift;
	uuid_gen(&cbt->generation);
	cbt->base = 0;
	cbt->seq = 0;
	cbt->dev_bytes = dev_bytes;
	cbt->lost = false;
	RCU_INIT_POINTER(cbt->map, map);
	return 0;
}

/* No write can reach @cbt any more. */
void lvss_cbt_destroy(struct lvss_cbt *cbt)
{
	kvfree(rcu_dereference_protected(cbt->map, true));
	RCU_INIT_POINTER(cbt->map, NULL);
}

/*
 * The write path: bytes [@offset, @offset + @len) of the device were
 * written. Any context; never sleeps, never allocates.
 */
void lvss_cbt_mark(struct lvss_cbt *cbt, u64 offset, u64 len)
{
	if (!len)
		return;
	rcu_read_lock();
	lvss_cbt_mark_map(cbt, rcu_dereference(cbt->map), offset, len);
	rcu_read_unlock();
}

/* MARK_DIRTY: like a write now, ordered against flips. */
int lvss_cbt_mark_dirty(struct lvss_cbt *cbt, u64 offset, u64 len)
{
	int err = 0;

	spin_lock(&cbt->lock);
	if (offset >= cbt->dev_bytes || len > cbt->dev_bytes - offset)
		err = -ERANGE;
	else if (len)
		lvss_cbt_mark_map(cbt, lvss_cbt_map_locked(cbt), offset, len);
	spin_unlock(&cbt->lock);
	return err;
}

/* Whether the flip to snapshot @seq must begin a new generation. */
static bool lvss_cbt_needs_reset(struct lvss_cbt *cbt, u64 dev_bytes, u64 seq)
{
	lockdep_assert_held(&cbt->lock);
	return !rcu_access_pointer(cbt->map) || READ_ONCE(cbt->lost) ||
	       dev_bytes != cbt->dev_bytes || seq < cbt->base ||
	       seq + 1 - cbt->base > U8_MAX;
}

/*
 * Before a take's freeze (process context, may sleep): the zeroed map a
 * new generation at snapshot @seq would need, or NULL when the flip only
 * moves to the next interval (or no memory: the flip then loses the
 * history, truthfully).
 */
struct lvss_cbt_map *lvss_cbt_prepare(struct lvss_cbt *cbt, u64 dev_bytes,
				      u64 seq)
{
	bool reset;

	spin_lock(&cbt->lock);
	reset = lvss_cbt_needs_reset(cbt, dev_bytes, seq);
	spin_unlock(&cbt->lock);
	return reset ? lvss_cbt_map_alloc(dev_bytes, cbt->block_shift) : NULL;
}

void lvss_cbt_free_spare(struct lvss_cbt_map *spare)
{
	kvfree(spare);
}

/*
 * The flip of a take that made snapshot @seq, with the device's writes
 * held: writes from now on belong to interval @seq + 1. Begins a new
 * generation when needed, with *@spare (consumed) or, lacking one, with
 * no map at all until the next take. Never sleeps.
 */
void lvss_cbt_advance(struct lvss_cbt *cbt, u64 seq, u64 dev_bytes,
		      struct lvss_cbt_map **spare)
{
	struct lvss_cbt_map *old = NULL, *map;

	spin_lock(&cbt->lock);
	map = lvss_cbt_map_locked(cbt);
	if (lvss_cbt_needs_reset(cbt, dev_bytes, seq)) {
		old = map;
		map = *spare;
		*spare = NULL;
		/* A spare made for another size is of no use. */
		if (map && map->nr_blocks !=
		    DIV_ROUND_UP_ULL(dev_bytes, 1ULL << cbt->block_shift)) {
			kvfree_rcu(map, rcu);
			map = NULL;
		}
		uuid_gen(&cbt->generation);
		cbt->base = seq;
		cbt->dev_bytes = dev_bytes;
		WRITE_ONCE(cbt->lost, false);
		rcu_assign_pointer(cbt->map, map);
	} else {
		WRITE_ONCE(map->mark, seq + 1 - cbt->base);
	}
	cbt->seq = seq;
	spin_unlock(&cbt->lock);
	if (old)
		kvfree_rcu(old, rcu);
}

/*
 * CBT_RESET (process context, may sleep): a new generation now, based at
 * the newest snapshot. Its map keeps the blocks written since that
 * snapshot (they did change after the new base); everything older is
 * forgotten. Writes racing the switch mark the old map until an RCU grace
 * period has passed, so the current interval is copied over after one.
 */
int lvss_cbt_reset(struct lvss_cbt *cbt, u64 dev_bytes)
{
	struct lvss_cbt_map *map = lvss_cbt_map_alloc(dev_bytes,
						      cbt->block_shift);
	struct lvss_cbt_map *old;
	u64 b, n;

	if (!map)
		return -ENOMEM;
	spin_lock(&cbt->lock);
	old = lvss_cbt_map_locked(cbt);
	uuid_gen(&cbt->generation);
	cbt->base = cbt->seq;
	cbt->dev_bytes = dev_bytes;
	WRITE_ONCE(cbt->lost, false);
	rcu_assign_pointer(cbt->map, map);
	spin_unlock(&cbt->lock);
	if (!old)
		return 0;
	synchronize_rcu();
	n = min(old->nr_blocks, map->nr_blocks);
	for (b = 0; b < n; b++) {
		if (READ_ONCE(old->marks[b]) == old->mark)
			WRITE_ONCE(map->marks[b], 1);
		if (!(b % LVSS_CBT_SCAN_STEP))
			cond_resched();
	}
	kvfree(old);
	return 0;
}

void lvss_cbt_get_info(struct lvss_cbt *cbt, struct lvss_cbt_info *info)
{
	struct lvss_cbt_map *map;

	spin_lock(&cbt->lock);
	map = lvss_cbt_map_locked(cbt);
	info->generation = cbt->generation;
	info->base = cbt->base;
	info->seq = cbt->seq;
	info->blocks = map ? map->nr_blocks : 0;
	info->map_bytes = map ? struct_size(map, marks, map->nr_blocks) : 0;
	info->mark = map ? READ_ONCE(map->mark) : 0;
	spin_unlock(&cbt->lock);
}

/*
 * The marks a GET_CHANGES from snapshot @from to snapshot @to (or now)
 * wants, in generation @generation, as bytes *@lo .. *@hi. A byte keeps
 * only the last interval a block was written in, so a block written
 * before @to and again after it carries a later mark: every interval
 * after @from is listed, which is a superset of the changes up to @to and
 * never misses one (reading them from snapshot @to is always right).
 * Return: 0, -ESTALE (another generation, or no map), -ERANGE.
 */
int lvss_cbt_range(struct lvss_cbt *cbt, const uuid_t *generation, u64 from,
		   bool has_to, u64 to, u8 *lo, u8 *hi)
{
	struct lvss_cbt_map *map;
	int err = 0;

	spin_lock(&cbt->lock);
	map = lvss_cbt_map_locked(cbt);
	if (!uuid_equal(generation, &cbt->generation) || !map)
		err = -ESTALE;
	else if (from < cbt->base || from > cbt->seq ||
		 (has_to && (to < from || to > cbt->seq)))
		err = -ERANGE;
	if (!err) {
		*lo = from + 1 - cbt->base;
		*hi = READ_ONCE(map->mark);
	}
	spin_unlock(&cbt->lock);
	return err;
}

/*
 * The map of @generation and the device size it covers, under RCU; NULL
 * when @generation is not current.
 */
static struct lvss_cbt_map *lvss_cbt_map_of(struct lvss_cbt *cbt,
					    const uuid_t *generation,
					    u64 *dev_bytes)
{
	struct lvss_cbt_map *map = NULL;

	spin_lock(&cbt->lock);
	if (uuid_equal(generation, &cbt->generation)) {
		map = rcu_dereference(cbt->map);
		*dev_bytes = cbt->dev_bytes;
	}
	spin_unlock(&cbt->lock);
	return map;
}

/* Blocks [@first, @end) as bytes, the last one cut at the device's end. */
static void lvss_cbt_extent_set(struct lvss_cbt_extent *ext, u32 shift,
				u64 first, u64 end, u64 dev_bytes)
{
	ext->offset = first << shift;
	ext->length = min(end << shift, dev_bytes) - ext->offset;
}

/*
 * Lists runs of blocks with marks in [@lo, @hi] from block *@pos on into
 * @ext (at most @max), advancing *@pos; looks at no more than
 * LVSS_CBT_SCAN_STEP blocks per call, so a caller goes on while *@pos is
 * short of the map's end (a run may be split where a call ends).
 * Return: extents filled, or -ESTALE when @generation is not current.
 */
int lvss_cbt_changes(struct lvss_cbt *cbt, const uuid_t *generation, u8 lo,
		     u8 hi, u64 *pos, struct lvss_cbt_extent *ext,
		     unsigned int max)
{
	u64 b, end, run = U64_MAX, dev_bytes = 0;
	u32 shift = cbt->block_shift;
	struct lvss_cbt_map *map;
	unsigned int n = 0;

	rcu_read_lock();
	map = lvss_cbt_map_of(cbt, generation, &dev_bytes);
	if (!map) {
		rcu_read_unlock();
		return -ESTALE;
	}
	end = min(map->nr_blocks, *pos + LVSS_CBT_SCAN_STEP);
	for (b = *pos; b < end; b++) {
		u8 m = READ_ONCE(map->marks[b]);

		if (m >= lo && m <= hi && m) {
			if (run != U64_MAX)
				continue;
			if (n == max)
				break;
			run = b;
		} else if (run != U64_MAX) {
			lvss_cbt_extent_set(&ext[n++], shift, run, b, dev_bytes);
			run = U64_MAX;
		}
	}
	if (run != U64_MAX)
		lvss_cbt_extent_set(&ext[n++], shift, run, b, dev_bytes);
	*pos = b;
	rcu_read_unlock();
	return n;
}

/* Blocks the map of the current generation has, for the dump's end. */
u64 lvss_cbt_blocks(struct lvss_cbt *cbt)
{
	struct lvss_cbt_map *map;
	u64 n;

	rcu_read_lock();
	map = rcu_dereference(cbt->map);
	n = map ? map->nr_blocks : 0;
	rcu_read_unlock();
	return n;
}

/* Blocks carrying @mark now (for CBT_INFO); approximate while written. */
u64 lvss_cbt_count(struct lvss_cbt *cbt, u8 mark)
{
	struct lvss_cbt_map *map, *first;
	u64 b = 0, n = 0, end;

	rcu_read_lock();
	first = rcu_dereference(cbt->map);
	rcu_read_unlock();
	for (;;) {
		rcu_read_lock();
		map = rcu_dereference(cbt->map);
		if (!map || map != first || b >= map->nr_blocks) {
			rcu_read_unlock();
			return n;
		}
		end = min(map->nr_blocks, b + LVSS_CBT_SCAN_STEP);
		for (; b < end; b++)
			n += READ_ONCE(map->marks[b]) == mark;
		rcu_read_unlock();
		cond_resched();
	}
}
