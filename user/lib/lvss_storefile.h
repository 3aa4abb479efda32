/* SPDX-License-Identifier: MIT */
/*
 * Internal to liblvss: the pure parts of preparing a store file
 * (lvss_storefile.c, the only FIEMAP and inode-flag code), so unit tests
 * feed them what the filesystem would say.
 *
 * A store file's life on the client side:
 *
 *   missing or empty  --write-->  allocated and written in full, synced
 *                     --chattr +i-->  immutable: its blocks stay put
 *                     --FIEMAP-->  extents, handed to LVSS_CMD_STORE_ADD
 *   immutable, right size  --FIEMAP-->  extents again (after a reboot)
 *   anything else      refused: lvss never overwrites a file
 *   release            chattr -i, once no device uses it any more
 */
#ifndef LVSS_STOREFILE_H
#define LVSS_STOREFILE_H

#include <stdbool.h>
#include <linux/fiemap.h>

#include "lvss_error.h"

/* What to do with the file found at the path. */
enum lvss_storefile_plan {
	LVSS_STOREFILE_WRITE,	/* allocate, write, sync, make immutable */
	LVSS_STOREFILE_REMAP,	/* prepared before: only map it */
};

/*
 * The plan for a file at @path of @have bytes, @immutable or not, that
 * should become a store of @want bytes. Returns a plan or -EEXIST with
 * @err saying why the file is left alone and what to do.
 */
int lvss_storefile_plan(const char *path, uint64_t have, bool immutable,
			uint64_t want, struct lvss_error *err);

/* The extents mapped so far: 0 .. @next of the file, in @ext. */
struct lvss_extent_list {
	struct lvss_extent *ext;	/* malloc'd, @nr used of @cap */
	size_t nr, cap;
	uint64_t next;			/* file offset mapped up to */
};

/*
 * Takes one FIEMAP answer @fm (asked from l->next on) for the store file
 * @path of @size bytes on a filesystem of @block_size bytes per block:
 * each extent must be plain written blocks of the file's own (no UNKNOWN,
 * DELALLOC, ENCODED, DATA_ENCRYPTED, DATA_INLINE, DATA_TAIL, NOT_ALIGNED,
 * SHARED or UNWRITTEN flag), aligned to @block_size, without a hole
 * before it. Extents are clipped at @size (blocks past the end are not
 * the file's to give), and one that continues the previous both in the
 * file and on the device is merged into it; at most
 * LVSS_STORE_FILE_EXTENTS_MAX remain.
 * Returns 1 once the file is mapped to its end, 0 when another FIEMAP
 * from l->next is due, or a negative errno with @err naming the file,
 * the offset and what to do.
 */
int lvss_storefile_take(struct lvss_extent_list *l, const struct fiemap *fm,
			uint64_t size, uint32_t block_size, const char *path,
			struct lvss_error *err);

void lvss_extent_list_free(struct lvss_extent_list *l);

#endif /* LVSS_STOREFILE_H */
