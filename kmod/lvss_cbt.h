/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Changed-block tracking: one byte per tracking block holding the
 * snapshot interval in which the block was last written.
 *
 * Intervals: a write made while the device's newest snapshot has sequence
 * number S belongs to interval S + 1, so "written after snapshot N was
 * taken" is every interval from N + 1 on. A byte holds
 * the interval relative to the generation's base (the snapshot sequence
 * number it began at): 1..255; 0 means not written in this generation.
 * When the next interval would not fit a byte, or the history becomes
 * untrustworthy (resize, a write outside the map, no map), a new
 * generation begins at the next take: a new random UUID, base = that
 * snapshot, every byte 0.
 *
 * Generations and intervals change at a take's flip, while the device's
 * writes are held and none is between its hold check and its completion,
 * so no write can mark the wrong map or the wrong interval; the new map
 * is allocated before the freeze (lvss_cbt_prepare()). The one exception,
 * CBT_RESET, waits for an RCU grace period and then carries the current
 * interval's marks over (lvss_cbt_reset()).
 *
 * Locking: @lock serializes the flip, MARK_DIRTY and readers that need a
 * consistent generation; the write path reads the map (with its mark)
 * under RCU and stores bytes (racing stores write the same value).
 * KUnit: kmod/tests/lvss_cbt_kunit.c.
 */
#ifndef LVSS_CBT_H
#define LVSS_CBT_H

#include <linux/compiler.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>

/**
 * struct lvss_cbt_map - the bytes of one generation
 * @rcu: freed after a grace period when replaced
 * @nr_blocks: tracking blocks covered
 * @mark: the byte writes store now (the current interval - base);
 *	changed only at a flip, read with READ_ONCE()
 * @marks: one byte per block
 */
struct lvss_cbt_map {
	struct rcu_head rcu;
	u64 nr_blocks;
	u8 mark;
	u8 marks[];
};

/**
 * struct lvss_cbt - changed-block tracking of one device
 * @block_shift: log2 of the tracking block size; constant
 * @lock: protects the fields below marked (L)
 * @generation: (L) the generation's UUID
 * @base: (L) snapshot sequence number the generation began at
 * @seq: (L) the device's newest snapshot sequence number
 * @dev_bytes: (L) device size the map was made for
 * @lost: set (any context) when a write fell outside the map or found
 *	none: the next take starts a new generation
 * @map: the bytes, NULL when no map could be allocated; replaced under
 *	@lock, read under RCU
 */
struct lvss_cbt {
	u32 block_shift;
	spinlock_t lock; /* see the kernel-doc above */
	uuid_t generation;
	u64 base;
	u64 seq;
	u64 dev_bytes;
	bool lost;
	struct lvss_cbt_map __rcu *map;
};

/* One run of changed blocks, in bytes. */
struct lvss_cbt_extent {
	u64 offset;
	u64 length;
};

/* A consistent view of the generation, for CBT_INFO. */
struct lvss_cbt_info {
	uuid_t generation;
	u64 base;
	u64 seq;
	u64 blocks;
	u64 map_bytes;
	u8 mark;
};

/*
 * Marks bytes [@offset, @offset + @len) of the device as written in the
 * current interval (@len > 0). @map is @cbt's map, read under RCU or its
 * lock; blocks past its end (a map too small: the device grew) lose the
 * history. Inline: it is part of every tracked write.
 */
static inline void lvss_cbt_mark_map(struct lvss_cbt *cbt,
				     struct lvss_cbt_map *map,
				     u64 offset, u64 len)
{
	u64 first = offset >> cbt->block_shift;
	u64 last = (offset + len - 1) >> cbt->block_shift;
	u8 mark;
	u64 b;

	if (unlikely(!map || last >= map->nr_blocks)) {
		WRITE_ONCE(cbt->lost, true);
		if (!map || first >= map->nr_blocks)
			return;
		last = map->nr_blocks - 1;
	}
	mark = READ_ONCE(map->mark);
	for (b = first; b <= last; b++)
		if (READ_ONCE(map->marks[b]) != mark)
			WRITE_ONCE(map->marks[b], mark);
}

/*
 * The write path, in an RCU read-side section of any flavour (the hook's
 * callback runs with preemption off); @len > 0.
 */
static inline void lvss_cbt_mark_rcu(struct lvss_cbt *cbt, u64 offset,
				     u64 len)
{
	lvss_cbt_mark_map(cbt, rcu_dereference_check(cbt->map,
						     rcu_read_lock_any_held()),
			  offset, len);
}

u32 lvss_cbt_default_shift(u64 dev_bytes);
int lvss_cbt_init(struct lvss_cbt *cbt, u64 dev_bytes, u32 block_shift);
void lvss_cbt_destroy(struct lvss_cbt *cbt);
void lvss_cbt_mark(struct lvss_cbt *cbt, u64 offset, u64 len);
int lvss_cbt_mark_dirty(struct lvss_cbt *cbt, u64 offset, u64 len);
struct lvss_cbt_map *lvss_cbt_prepare(struct lvss_cbt *cbt, u64 dev_bytes,
				      u64 seq);
void lvss_cbt_advance(struct lvss_cbt *cbt, u64 seq, u64 dev_bytes,
		      struct lvss_cbt_map **spare);
void lvss_cbt_free_spare(struct lvss_cbt_map *spare);
int lvss_cbt_reset(struct lvss_cbt *cbt, u64 dev_bytes);
void lvss_cbt_get_info(struct lvss_cbt *cbt, struct lvss_cbt_info *info);
int lvss_cbt_range(struct lvss_cbt *cbt, const uuid_t *generation, u64 from,
		   bool has_to, u64 to, u8 *lo, u8 *hi);
int lvss_cbt_changes(struct lvss_cbt *cbt, const uuid_t *generation, u8 lo,
		     u8 hi, u64 *pos, struct lvss_cbt_extent *ext,
		     unsigned int max);
u64 lvss_cbt_count(struct lvss_cbt *cbt, u8 mark);
u64 lvss_cbt_blocks(struct lvss_cbt *cbt);

#endif /* LVSS_CBT_H */
