/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extent maps of CoW store files: the pure part of lvss_store_file.c, free
 * of the block layer and the VFS so KUnit can test it on user-mode Linux.
 *
 * Userspace maps a preallocated file with FIEMAP and passes its extents;
 * lvss_extents_check() decides whether the list is usable and
 * lvss_extent_map_build() turns it into store slots:
 *
 *   extents (sorted by file offset)    e0: 5 chunks + a tail, e1: 2 chunks
 *   slots                               0 1 2 3 4 | 5 6
 *   runs[] { first_slot, sector }      { 0, e0 }    { 5, e1 }
 *
 * Each extent gives floor(len / chunk) whole chunks from its physical
 * start, so a chunk never straddles two extents and a slot is always one
 * contiguous device range (one bio, never split by us). Extents that
 * continue each other both in the file and on the device (ext4 splits
 * extents at 128 MiB) are merged first, so their tails are not wasted.
 * A slot's sector is found by binary search over runs[].first_slot.
 */
#ifndef LVSS_EXTENT_MAP_H
#define LVSS_EXTENT_MAP_H

#include <linux/types.h>

/* At most this many extents per store file. */
#define LVSS_EXTENTS_MAX		65536U
/*
 * At most this many extents are re-checked against the filesystem with
 * bmap() (first and last block each); longer lists are sampled evenly,
 * always including the first and the last extent.
 */
#define LVSS_EXTENT_SAMPLES_MAX		1024U

/**
 * struct lvss_extent - one extent of a store file, as FIEMAP reported it
 * @logical: byte offset in the file
 * @physical: byte offset on the filesystem's block device (s_bdev)
 * @len: length in bytes
 */
struct lvss_extent {
	u64 logical;
	u64 physical;
	u64 len;
};

/**
 * struct lvss_extent_limits - what the extents are checked against
 * @block_size: the filesystem's block size: a power of two >= 512; every
 *	offset and length must be a multiple of it
 * @dev_bytes: size of the filesystem's block device
 * @file_bytes: size of the file (i_size)
 */
struct lvss_extent_limits {
	u32 block_size;
	u64 dev_bytes;
	u64 file_bytes;
};

/**
 * struct lvss_extent_run - consecutive slots on one contiguous device range
 * @first_slot: map-relative number of the run's first slot
 * @sector: device sector (512 bytes) where that slot starts
 */
struct lvss_extent_run {
	u64 first_slot;
	u64 sector;
};

/**
 * struct lvss_extent_map - slot -> sector for one store file; constant
 * @chunk_shift: log2 of the chunk (slot) size in bytes
 * @nr_runs: entries in @runs, at least 1
 * @nr_slots: slots the map holds, at least 1
 * @runs: sorted by @first_slot; runs[0].first_slot is 0
 */
struct lvss_extent_map {
	u32 chunk_shift;
	u32 nr_runs;
	u64 nr_slots;
	struct lvss_extent_run runs[];
};

int lvss_extents_check(const struct lvss_extent *ext, u32 nr,
		       const struct lvss_extent_limits *lim, const char **why);
struct lvss_extent_map *lvss_extent_map_build(const struct lvss_extent *ext,
					      u32 nr, u32 chunk_shift,
					      const char **why);
void lvss_extent_map_free(struct lvss_extent_map *map);
int lvss_extent_map_lookup(const struct lvss_extent_map *map, u64 slot,
			   u64 *sector);
u64 lvss_extent_map_run_left(const struct lvss_extent_map *map, u64 slot);
u32 lvss_extent_samples(u32 nr);
u32 lvss_extent_sample_index(u32 nr, u32 k);

#endif /* LVSS_EXTENT_MAP_H */
