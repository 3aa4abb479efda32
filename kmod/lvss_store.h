/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CoW store: where copied chunks live. One store per attached device,
 * shared by all of that device's snapshots (like a VSS "shadow storage"
 * association). A store is a list of areas, each from one backend behind
 * struct lvss_store_area_ops; appending space means adding an area to a
 * live store. Slots are chunk-sized and numbered store-wide.
 *
 *   store slot s  ->  area a with a->first_slot <= s < a->first_slot + a->nr_slots
 *                 ->  a->ops->submit(a, s - a->first_slot, ...)
 *
 * Backends: lvss_store_bdev.c (a whole block device or partition, opened
 * exclusively), lvss_store_file.c (a preallocated immutable file on another
 * filesystem, described by its extents), lvss_store_mem.c (kernel memory
 * with a cap, for tests and small snapshots).
 *
 * Calling contexts (the owner must honour these):
 *  - lvss_store_new(), _add_area(), _destroy(), _set_low_watermark() and
 *    every area constructor: process context, may sleep, no lvss spinlock
 *    held. _destroy() only when nothing else calls into the store and no
 *    submission is in flight.
 *  - lvss_store_alloc_slot(), _free_slot(), _usage(): any context,
 *    interrupt and bio completion included; they never sleep or allocate.
 *  - lvss_store_submit(), _submit_run(): process context (a WQ_MEM_RECLAIM work item, or
 *    a snapshot disk's submit_bio): block-device and file areas allocate a
 *    bio with GFP_NOIO from a mempool-backed bioset (BIOSET_NEED_RESCUER),
 *    which may sleep but does not fail. Never from bi_end_io or under a
 *    spinlock. @done runs exactly once, from any context, possibly before
 *    submit returns (always so for memory areas and on errors).
 *  - the low-space callback: see lvss_store_set_low_watermark().
 */
#ifndef LVSS_STORE_H
#define LVSS_STORE_H

#include <linux/bits.h>
#include <linux/log2.h>
#include <linux/netlink.h>
#include <linux/types.h>
#include <uapi/linux/lvss.h>

#include "lvss_buf.h"
#include "lvss_extent_map.h"

struct block_device;
struct lvss_store;
struct lvss_store_area;
struct netlink_ext_ack;

/* Chunk sizes a store supports: those lvss_check_chunk_size() allows. */
#define LVSS_STORE_CHUNK_SHIFT_MIN	ilog2(LVSS_CHUNK_SIZE_MIN)
#define LVSS_STORE_CHUNK_SHIFT_MAX	ilog2(LVSS_CHUNK_SIZE_MAX)

static inline bool lvss_store_chunk_shift_ok(u32 chunk_shift)
{
	return chunk_shift >= LVSS_STORE_CHUNK_SHIFT_MIN &&
	       chunk_shift <= LVSS_STORE_CHUNK_SHIFT_MAX;
}

/* Chunks one store I/O carries at most (lvss_store_submit_run()). */
#define LVSS_STORE_RUN_MAX		16U

/* Areas one store can hold; each added area takes one. */
#define LVSS_STORE_AREAS_MAX		64U
/*
 * Slots one area can hold (its used-slot bitmap is at most 256 MiB):
 * 8 TiB at 4 KiB chunks, 128 TiB at 64 KiB chunks.
 */
#define LVSS_STORE_AREA_SLOTS_MAX	BIT_ULL(31)

/**
 * struct lvss_store_area_ops - one backend
 * @kind: enum lvss_store_kind of the uapi header (reported in status)
 * @submit: read (@write false) or write @nr chunks at area-relative
 *	slots @slot.. into/from @bufs, as one I/O; calls @done(@ctx, status)
 *	exactly once, from any context, possibly before returning. @nr is at
 *	most LVSS_STORE_RUN_MAX and @run_left(@slot). Process context (see
 *	above); allocates only with GFP_NOIO.
 * @run_left: how many slots from area-relative @slot on (at least 1) one
 *	@submit can carry: they lie back to back on the device. NULL: 1.
 *	Any context.
 * @destroy: frees the area; process context; no I/O is in flight.
 */
struct lvss_store_area_ops {
	u32 kind;
	void (*submit)(struct lvss_store_area *area, u64 slot,
		       struct lvss_buf *const *bufs, unsigned int nr,
		       bool write, lvss_io_done_fn done, void *ctx);
	u64 (*run_left)(struct lvss_store_area *area, u64 slot);
	void (*destroy)(struct lvss_store_area *area);
};

/**
 * struct lvss_store_area - a contiguous range of store slots
 * @ops: its backend; constant
 * @first_slot: store-wide number of the area's slot 0; set by
 *	lvss_store_add_area(), constant afterwards
 * @nr_slots: chunk-sized slots the area holds; constant
 * @chunk_shift: log2 of the slot size in bytes; must equal the store's
 * @dev: block device the area's I/O goes to (the filesystem's device for
 *	a file area), 0 for memory; constant; for status
 *
 * Backends embed this and use container_of(). Capacity in bytes is
 * @nr_slots << @chunk_shift.
 */
struct lvss_store_area {
	const struct lvss_store_area_ops *ops;
	u64 first_slot;
	u64 nr_slots;
	u32 chunk_shift;
	dev_t dev;
};

/*
 * Called once when the store's free slots drop below the owner's
 * threshold; see lvss_store_set_low_watermark().
 */
typedef void (*lvss_store_low_fn)(struct lvss_store *store, void *arg);

/*
 * The owner's answer to "is @bdev an lvss origin?": true when lvss is
 * attached to @bdev, to the whole disk of partition @bdev, or to any
 * partition of whole disk @bdev. Called in process context with no lvss
 * lock held; may sleep.
 */
typedef bool (*lvss_is_origin_fn)(struct block_device *bdev);

/* The store: lvss_store.c. */
struct lvss_store *lvss_store_new(u32 chunk_shift);
void lvss_store_destroy(struct lvss_store *store);
int lvss_store_add_area(struct lvss_store *store, struct lvss_store_area *area,
			struct netlink_ext_ack *extack);
int lvss_store_alloc_slot(struct lvss_store *store, u64 *slot);
void lvss_store_free_slot(struct lvss_store *store, u64 slot);
void lvss_store_submit(struct lvss_store *store, u64 slot,
		       struct lvss_buf *buf, bool write, lvss_io_done_fn done,
		       void *ctx);
unsigned int lvss_store_run_left(struct lvss_store *store, u64 slot);
void lvss_store_submit_run(struct lvss_store *store, u64 slot,
			   struct lvss_buf *const *bufs, unsigned int nr,
			   bool write, lvss_io_done_fn done, void *ctx);
void lvss_store_usage(struct lvss_store *store, u64 *used_slots,
		      u64 *total_slots);
void lvss_store_set_low_watermark(struct lvss_store *store, u64 low_slots,
				  lvss_store_low_fn fn, void *arg);
u32 lvss_store_chunk_shift(const struct lvss_store *store);
const struct lvss_store_area *lvss_store_area_at(struct lvss_store *store,
						 unsigned int index);
void lvss_store_area_destroy(struct lvss_store_area *area);

/* Backends: lvss_store_bdev.c, lvss_store_file.c, lvss_store_mem.c. */
struct lvss_store_area *lvss_store_bdev_area_new(const char *path,
						 u32 chunk_shift,
						 lvss_is_origin_fn is_origin,
						 struct netlink_ext_ack *extack);
struct lvss_store_area *lvss_store_file_area_new(const char *path,
						 const struct lvss_extent *ext,
						 u32 nr_ext, u32 chunk_shift,
						 lvss_is_origin_fn is_origin,
						 struct netlink_ext_ack *extack);
struct lvss_store_area *lvss_store_mem_area_new(u64 bytes, u32 chunk_shift,
						struct netlink_ext_ack *extack);

/*
 * NL_SET_ERR_MSG() for files KUnit builds: user-mode Linux has no
 * networking, so the macro's tracepoint would not link. @msg must be a
 * static string.
 */
static inline void lvss_store_set_err(struct netlink_ext_ack *extack,
				      const char *msg)
{
	if (extack)
		extack->_msg = msg;
}

/* For the tracker: is @bdev (or an overlapping disk/partition) a store? */
bool lvss_store_uses_bdev(struct block_device *bdev);

/*
 * For backends only (lvss_store_bdev.c): the shared bioset, raw chunk I/O
 * and the registry of devices and files in use as stores.
 */
struct inode;

/**
 * struct lvss_store_claim - a device (and file) recorded as in use
 * @dev: the device the area writes to
 * @whole: its whole disk (== @dev for a whole disk)
 * @inode: the store file, or NULL for a block-device area
 * @node: in the registry; protected by the registry's mutex
 */
struct lvss_store_claim {
	dev_t dev;
	dev_t whole;
	struct inode *inode;
	struct list_head node;
};

int lvss_store_claim(struct lvss_store_claim *claim, struct block_device *bdev,
		     struct inode *inode, lvss_is_origin_fn is_origin,
		     struct netlink_ext_ack *extack);
void lvss_store_unclaim(struct lvss_store_claim *claim);
int lvss_store_bio_get(void);
void lvss_store_bio_put(void);
void lvss_store_bio_submit(struct block_device *bdev, u64 sector,
			   u32 chunk_shift, struct lvss_buf *const *bufs,
			   unsigned int nr, bool write, lvss_io_done_fn done,
			   void *ctx);

#endif /* LVSS_STORE_H */
