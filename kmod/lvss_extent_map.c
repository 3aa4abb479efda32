// SPDX-License-Identifier: GPL-2.0
/*
 * Extent lists of CoW store files: validation and the slot -> sector map
 * (see lvss_extent_map.h). Pure code: no block layer, no VFS, so KUnit
 * runs it on user-mode Linux. Everything here runs in process context when
 * a store file is added, except lvss_extent_map_lookup() and
 * lvss_extent_map_run_left(), which the I/O path calls from any context
 * (they neither sleep nor allocate).
 */
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "lvss_extent_map.h"

#define LVSS_SECTOR_SHIFT	9

/* Sets the reason for an error and returns the error. */
static int lvss_extent_fail(const char **why, int err, const char *msg)
{
	*why = msg;
	return err;
}

/* A device range [start, end) in bytes, for the overlap check. */
struct lvss_phys_range {
	u64 start;
	u64 end;
};

static int lvss_phys_range_cmp(const void *a, const void *b)
{
	const struct lvss_phys_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/*
 * No two extents may share device blocks. Files are usually allocated in
 * order, so the common case needs no copy; otherwise sort a copy of the
 * ranges and compare neighbours. The ranges were checked for overflow.
 */
static int lvss_extents_check_physical(const struct lvss_extent *ext, u32 nr,
				       const char **why)
{
	struct lvss_phys_range *r;
	bool sorted = true;
	int err = 0;
	u32 i;

	for (i = 1; i < nr && sorted; i++)
		sorted = ext[i].physical >= ext[i - 1].physical + ext[i - 1].len;
	if (sorted)
		return 0;

	r = kvmalloc_array(nr, sizeof(*r), GFP_KERNEL);
	if (!r)
		return lvss_extent_fail(why, -ENOMEM,
					"out of memory while checking the extent list");
	for (i = 0; i < nr; i++) {
		r[i].start = ext[i].physical;
		r[i].end = ext[i].physical + ext[i].len;
	}
	sort(r, nr, sizeof(*r), lvss_phys_range_cmp, NULL);
	for (i = 1; i < nr; i++) {
		if (r[i].start < r[i - 1].end) {
			err = lvss_extent_fail(why, -EINVAL,
					       "two extents overlap on the device: pass the file's FIEMAP extents unchanged (shared or reflinked extents are not allowed)");
			break;
		}
	}
	kvfree(r);
	return err;
}

/**
 * lvss_extents_check() - is this extent list a usable store file?
 * @ext: the extents, in the order userspace passed them
 * @nr: how many
 * @lim: the filesystem's block size and the device and file sizes
 * @why: on error, set to a message fit for an extended ack
 *
 * Rules: 1 to %LVSS_EXTENTS_MAX extents; each has len > 0 and offsets and
 * length that are multiples of the block size (hence of 512); each lies
 * within the device and within the file; file offsets are sorted and do
 * not overlap; device ranges do not overlap. Process context (may
 * allocate with GFP_KERNEL for the overlap check).
 *
 * Return: 0, -EINVAL, -E2BIG (too many), -ERANGE (beyond device or file
 * end) or -ENOMEM.
 */
int lvss_extents_check(const struct lvss_extent *ext, u32 nr,
		       const struct lvss_extent_limits *lim, const char **why)
{
	u64 align = lim->block_size, prev_end = 0, end;
	u32 i;

	if (align < 512 || !is_power_of_2(align)) {
		return lvss_extent_fail(why, -EINVAL,
					"the filesystem's block size is not a power of two of at least 512 bytes");
	}
	if (!ext || !nr) {
		return lvss_extent_fail(why, -EINVAL,
					"the extent list is empty: map the file with FIEMAP and pass its extents");
	}
	if (nr > LVSS_EXTENTS_MAX) {
		return lvss_extent_fail(why, -E2BIG,
					"the file has more than 65536 extents: preallocate it in one piece on a less fragmented filesystem");
	}
	for (i = 0; i < nr; i++) {
		const struct lvss_extent *e = &ext[i];

		if (!e->len) {
			return lvss_extent_fail(why, -EINVAL,
						"an extent has length 0");
		}
		if ((e->logical | e->physical | e->len) & (align - 1)) {
			return lvss_extent_fail(why, -EINVAL,
						"extent offsets and lengths must be multiples of the filesystem block size");
		}
		if (check_add_overflow(e->physical, e->len, &end) ||
		    end > lim->dev_bytes) {
			return lvss_extent_fail(why, -ERANGE,
						"an extent lies beyond the end of the filesystem's device");
		}
		if (check_add_overflow(e->logical, e->len, &end) ||
		    end > lim->file_bytes) {
			return lvss_extent_fail(why, -ERANGE,
						"an extent lies beyond the end of the file");
		}
		if (i && e->logical < prev_end) {
			return lvss_extent_fail(why, -EINVAL,
						"extents must be sorted by file offset and must not overlap");
		}
		prev_end = end;
	}
	return lvss_extents_check_physical(ext, nr, why);
}

/*
 * The extent at @i merged with the ones that continue it both in the file
 * and on the device, into *@run. Returns the index after the run.
 */
static u32 lvss_extent_next_run(const struct lvss_extent *ext, u32 nr, u32 i,
				struct lvss_extent *run)
{
	*run = ext[i++];
	while (i < nr && ext[i].logical == run->logical + run->len &&
	       ext[i].physical == run->physical + run->len) {
		run->len += ext[i].len;
		i++;
	}
	return i;
}

/**
 * lvss_extent_map_build() - the slot map of a checked extent list
 * @ext: extents that passed lvss_extents_check()
 * @nr: how many
 * @chunk_shift: log2 of the slot size in bytes, at least 9
 * @why: on error, set to a message fit for an extended ack
 *
 * Process context. Free the result with lvss_extent_map_free().
 *
 * Return: the map, ERR_PTR(-EINVAL) when no extent holds a whole chunk
 * (or @chunk_shift is out of range), ERR_PTR(-ENOMEM).
 */
struct lvss_extent_map *lvss_extent_map_build(const struct lvss_extent *ext,
					      u32 nr, u32 chunk_shift,
					      const char **why)
{
	struct lvss_extent_map *map;
	struct lvss_extent run;
	u64 slots = 0;
	u32 i, runs = 0;
	int err;

	if (chunk_shift < LVSS_SECTOR_SHIFT || chunk_shift > 30) {
		err = lvss_extent_fail(why, -EINVAL,
				       "invalid chunk size for a store file");
		return ERR_PTR(err);
	}
	for (i = 0; i < nr; ) {
		i = lvss_extent_next_run(ext, nr, i, &run);
		if (run.len >> chunk_shift) {
			runs++;
			slots += run.len >> chunk_shift;
		}
	}
	if (!slots) {
		err = lvss_extent_fail(why, -EINVAL,
				       "no extent of the file holds a whole chunk: preallocate it in larger pieces or use a smaller chunk size");
		return ERR_PTR(err);
	}

	map = kvmalloc(struct_size(map, runs, runs), GFP_KERNEL);
	if (!map) {
		err = lvss_extent_fail(why, -ENOMEM,
				       "out of memory for the store file's extent map");
		return ERR_PTR(err);
	}
	map->chunk_shift = chunk_shift;
	map->nr_runs = runs;
	map->nr_slots = slots;
	slots = 0;
	runs = 0;
	for (i = 0; i < nr; ) {
		i = lvss_extent_next_run(ext, nr, i, &run);
		if (!(run.len >> chunk_shift))
			continue;
		map->runs[runs].first_slot = slots;
		map->runs[runs].sector = run.physical >> LVSS_SECTOR_SHIFT;
		slots += run.len >> chunk_shift;
		runs++;
	}
	return map;
}

void lvss_extent_map_free(struct lvss_extent_map *map)
{
	kvfree(map);
}

/* The run holding @slot, which is in the map: binary search. */
static u32 lvss_extent_map_run_of(const struct lvss_extent_map *map, u64 slot)
{
	u32 lo = 0, hi = map->nr_runs, mid;

	/* runs[lo].first_slot <= slot < runs[hi].first_slot (or the end). */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (map->runs[mid].first_slot <= slot)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/**
 * lvss_extent_map_lookup() - where a slot lives on the device
 * @map: the map
 * @slot: map-relative slot number
 * @sector: set to the device sector where the slot's chunk starts
 *
 * Any context: no locks, no allocation; O(log runs).
 *
 * Return: 0, or -ERANGE when @slot is not in the map.
 */
int lvss_extent_map_lookup(const struct lvss_extent_map *map, u64 slot,
			   u64 *sector)
{
	u32 run;

	if (slot >= map->nr_slots)
		return -ERANGE;
	run = lvss_extent_map_run_of(map, slot);
	*sector = map->runs[run].sector +
		  ((slot - map->runs[run].first_slot) <<
		   (map->chunk_shift - LVSS_SECTOR_SHIFT));
	return 0;
}

/**
 * lvss_extent_map_run_left() - slots that lie back to back from a slot on
 * @map: the map
 * @slot: map-relative slot number
 *
 * Any context, as lvss_extent_map_lookup().
 *
 * Return: the slots from @slot to the end of its run (at least 1), or 0
 * when @slot is not in the map.
 */
u64 lvss_extent_map_run_left(const struct lvss_extent_map *map, u64 slot)
{
	u32 run;

	if (slot >= map->nr_slots)
		return 0;
	run = lvss_extent_map_run_of(map, slot);
	if (run + 1 < map->nr_runs)
		return map->runs[run + 1].first_slot - slot;
	return map->nr_slots - slot;
}

/* How many of @nr extents are re-checked with bmap(). */
u32 lvss_extent_samples(u32 nr)
{
	return min(nr, LVSS_EXTENT_SAMPLES_MAX);
}

/*
 * The index of the @k-th sampled extent, 0 <= k < lvss_extent_samples(@nr):
 * every extent of a short list; an even spread over a long one, starting
 * with the first extent and ending with the last.
 */
u32 lvss_extent_sample_index(u32 nr, u32 k)
{
	if (nr <= LVSS_EXTENT_SAMPLES_MAX)
		return k;
	return (u32)div_u64((u64)k * (nr - 1), LVSS_EXTENT_SAMPLES_MAX - 1);
}
