// SPDX-License-Identifier: GPL-2.0
/*
 * Block-device store areas, and what every on-disk area shares: the
 * bioset chunk I/O comes from and the registry of devices and files in
 * use as stores.
 *
 * A block-device area is a whole disk or a partition opened exclusively
 * for write (holder: the area), so nothing can mount it, assemble it into
 * dm/md or open it exclusively while lvss writes to it; slot s is the
 * chunk at byte s << chunk_shift of the device.
 *
 * Chunk I/O: one bio per chunk from a module-wide bioset (mempool-backed,
 * BIOSET_NEED_RESCUER, allocated with GFP_NOIO, so it waits but does not
 * fail under memory pressure), submitted through lvss_hook_pass() so the
 * filter never takes the store's own bios for a tracked device's. The
 * bioset exists while any on-disk area does (lvss_store_bio_get/put).
 *
 * The registry closes the race between making a store area and attaching
 * lvss to the same device: an area first records its device here, then
 * asks the owner whether the device is an origin; attach first registers
 * its tracker, then asks lvss_store_uses_bdev(). Whichever runs second
 * sees the other and refuses.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/slab.h>

#include "lvss_compat.h"
#include "lvss_hook.h"
#include "lvss_store.h"

/* Bios the bioset keeps in reserve; each completes on its own. */
#define LVSS_STORE_BIO_POOL	16

/**
 * struct lvss_store_io - a chunk bio and its completion
 * @done: the submitter's completion
 * @ctx: its argument
 * @bio: the bio; last, the bioset's front_pad covers the fields above
 */
struct lvss_store_io {
	lvss_io_done_fn done;
	void *ctx;
	struct bio bio;
};

static DEFINE_MUTEX(lvss_store_bio_lock);
/* On-disk areas alive; the bioset exists while nonzero. lvss_store_bio_lock. */
static unsigned int lvss_store_bio_users;
static struct bio_set lvss_store_bioset;

static DEFINE_MUTEX(lvss_store_claims_lock);
/* struct lvss_store_claim.node of every on-disk area; lvss_store_claims_lock. */
static LIST_HEAD(lvss_store_claims);

/* Process context. Pairs with lvss_store_bio_put(). */
int lvss_store_bio_get(void)
{
	int err = 0;

	mutex_lock(&lvss_store_bio_lock);
	if (!lvss_store_bio_users)
		err = bioset_init(&lvss_store_bioset, LVSS_STORE_BIO_POOL,
				  offsetof(struct lvss_store_io, bio),
				  BIOSET_NEED_BVECS | BIOSET_NEED_RESCUER);
	if (!err)
		lvss_store_bio_users++;
	mutex_unlock(&lvss_store_bio_lock);
	return err;
}

/* Process context; no bio of the caller's may be in flight. */
void lvss_store_bio_put(void)
{
	mutex_lock(&lvss_store_bio_lock);
	if (!WARN_ON(!lvss_store_bio_users) && !--lvss_store_bio_users)
		bioset_exit(&lvss_store_bioset);
	mutex_unlock(&lvss_store_bio_lock);
}

/* Any context, as bi_end_io is: saves the completion, frees, completes. */
static void lvss_store_bio_end_io(struct bio *bio)
{
	struct lvss_store_io *io = container_of(bio, struct lvss_store_io, bio);
	lvss_io_done_fn done = io->done;
	blk_status_t status = bio->bi_status;
	void *ctx = io->ctx;

	/* Back to the mempool first: @done may submit the next chunk. */
	bio_put(bio);
	done(ctx, status);
}

/**
 * lvss_store_bio_submit() - read or write chunks that lie back to back
 * @bdev: the device (a store device, or a store file's filesystem device)
 * @sector: where the first chunk starts, in 512-byte sectors
 * @chunk_shift: log2 of the chunk size
 * @bufs: one buffer per chunk (each enough for the chunk)
 * @nr: chunks, 1..LVSS_STORE_RUN_MAX
 * @write: write @bufs to the device, or read into them
 * @done: completion, called once from any context
 * @ctx: its argument
 *
 * One bio. Process context: may sleep in the bioset's mempool (GFP_NOIO).
 * The caller holds lvss_store_bio_get() while this runs and until @done.
 */
void lvss_store_bio_submit(struct block_device *bdev, u64 sector,
			   u32 chunk_shift, struct lvss_buf *const *bufs,
			   unsigned int nr, bool write, lvss_io_done_fn done,
			   void *ctx)
{
	unsigned int bytes = 1U << chunk_shift, i, nr_vecs = 0;
	struct lvss_store_io *io;
	struct bio *bio;

	for (i = 0; i < nr; i++) {
		if (WARN_ON_ONCE(((size_t)bufs[i]->nr_pages << PAGE_SHIFT) <
				 bytes)) {
			done(ctx, BLK_STS_IOERR);
			return;
		}
		nr_vecs += lvss_buf_nr_vecs(bufs[i]);
	}
	if (WARN_ON_ONCE(!nr || nr_vecs > BIO_MAX_VECS)) {
		done(ctx, BLK_STS_IOERR);
		return;
	}
	bio = bio_alloc_bioset(bdev, nr_vecs,
			       write ? REQ_OP_WRITE : REQ_OP_READ, GFP_NOIO,
			       &lvss_store_bioset);
	if (!bio) {
		done(ctx, BLK_STS_RESOURCE);
		return;
	}
	io = container_of(bio, struct lvss_store_io, bio);
	io->done = done;
	io->ctx = ctx;
	bio->bi_iter.bi_sector = sector;
	bio->bi_end_io = lvss_store_bio_end_io;
	for (i = 0; i < nr; i++) {
		if (lvss_buf_add_to_bio(bufs[i], bio, bytes)) {
			bio->bi_status = BLK_STS_IOERR;
			bio_endio(bio);
			return;
		}
	}
	lvss_hook_pass(bio);
}

static bool lvss_store_claim_overlaps(const struct lvss_store_claim *c,
				      dev_t dev, dev_t whole)
{
	/* Same device; @dev a partition of c's disk; c a partition of @dev. */
	return c->dev == dev || c->dev == whole || c->whole == dev;
}

/**
 * lvss_store_claim() - record a device (and file) as in use by a store
 * @claim: the area's record, filled here
 * @bdev: the device the area writes to
 * @inode: the store file, or NULL for a block-device area
 * @is_origin: the owner's origin check, or NULL
 * @extack: for the reason of a refusal
 *
 * Process context; calls @is_origin with no lvss lock held, after the
 * claim is visible to lvss_store_uses_bdev().
 *
 * Return: 0; -EBUSY when @inode is already a store file or @bdev overlaps
 * an origin.
 */
int lvss_store_claim(struct lvss_store_claim *claim, struct block_device *bdev,
		     struct inode *inode, lvss_is_origin_fn is_origin,
		     struct netlink_ext_ack *extack)
{
	struct lvss_store_claim *c;

	claim->dev = bdev->bd_dev;
	claim->whole = bdev_whole(bdev)->bd_dev;
	claim->inode = inode;

	mutex_lock(&lvss_store_claims_lock);
	list_for_each_entry(c, &lvss_store_claims, node) {
		if (inode && c->inode == inode) {
			mutex_unlock(&lvss_store_claims_lock);
			NL_SET_ERR_MSG(extack, "this file is already in use as an lvss CoW store");
			return -EBUSY;
		}
	}
	list_add_tail(&claim->node, &lvss_store_claims);
	mutex_unlock(&lvss_store_claims_lock);

	if (is_origin && is_origin(bdev)) {
		lvss_store_unclaim(claim);
		NL_SET_ERR_MSG(extack, "the store would live on a device lvss tracks as an origin (or a disk or partition overlapping one): put it on another device");
		return -EBUSY;
	}
	return 0;
}

void lvss_store_unclaim(struct lvss_store_claim *claim)
{
	mutex_lock(&lvss_store_claims_lock);
	list_del(&claim->node);
	mutex_unlock(&lvss_store_claims_lock);
}

/**
 * lvss_store_uses_bdev() - is a device (or an overlapping one) a store?
 * @bdev: a device about to be attached as an origin
 *
 * True when a store area writes to @bdev, to its whole disk, or to one of
 * its partitions (a store file counts for its filesystem's device).
 * Process context; takes a mutex, so the caller may hold its own lock
 * (the tracker's) as long as it never holds it while a store area is
 * made.
 */
bool lvss_store_uses_bdev(struct block_device *bdev)
{
	dev_t dev = bdev->bd_dev, whole = bdev_whole(bdev)->bd_dev;
	struct lvss_store_claim *c;
	bool used = false;

	mutex_lock(&lvss_store_claims_lock);
	list_for_each_entry(c, &lvss_store_claims, node) {
		if (lvss_store_claim_overlaps(c, dev, whole)) {
			used = true;
			break;
		}
	}
	mutex_unlock(&lvss_store_claims_lock);
	return used;
}

/**
 * struct lvss_store_bdev_area - a block device as store area
 * @area: the generic part
 * @ref: our exclusive read-write open; constant
 * @claim: in the store registry while the area lives
 */
struct lvss_store_bdev_area {
	struct lvss_store_area area;
	struct lvss_bdev_ref ref;
	struct lvss_store_claim claim;
};

static struct lvss_store_bdev_area *to_bdev_area(struct lvss_store_area *area)
{
	return container_of(area, struct lvss_store_bdev_area, area);
}

static void lvss_store_bdev_submit(struct lvss_store_area *area, u64 slot,
				   struct lvss_buf *const *bufs,
				   unsigned int nr, bool write,
				   lvss_io_done_fn done, void *ctx)
{
	struct lvss_store_bdev_area *b = to_bdev_area(area);

	if (WARN_ON_ONCE(slot >= area->nr_slots ||
			 nr > area->nr_slots - slot)) {
		done(ctx, BLK_STS_IOERR);
		return;
	}
	lvss_store_bio_submit(b->ref.bdev,
			      slot << (area->chunk_shift - SECTOR_SHIFT),
			      area->chunk_shift, bufs, nr, write, done, ctx);
}

/* The device holds the slots in order: all the rest lie back to back. */
static u64 lvss_store_bdev_run_left(struct lvss_store_area *area, u64 slot)
{
	return slot < area->nr_slots ? area->nr_slots - slot : 1;
}

static void lvss_store_bdev_destroy(struct lvss_store_area *area)
{
	struct lvss_store_bdev_area *b = to_bdev_area(area);

	lvss_store_unclaim(&b->claim);
	lvss_bdev_close_excl(&b->ref, b);
	lvss_store_bio_put();
	kfree(b);
}

static const struct lvss_store_area_ops lvss_store_bdev_ops = {
	.kind = LVSS_STORE_BDEV,
	.submit = lvss_store_bdev_submit,
	.run_left = lvss_store_bdev_run_left,
	.destroy = lvss_store_bdev_destroy,
};

static void lvss_store_bdev_open_error(int err, struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EBUSY:
		NL_SET_ERR_MSG(extack, "the store device is in use (mounted, a dm/md or swap member, or open for writing elsewhere): unmount it or pick another");
		break;
	case -EACCES:
	case -EROFS:
	case -EPERM:
		NL_SET_ERR_MSG(extack, "the store device is read-only");
		break;
	case -ENOENT:
		NL_SET_ERR_MSG(extack, "the store device path does not exist");
		break;
	case -ENOTBLK:
		NL_SET_ERR_MSG(extack, "the store device path is not a block device");
		break;
	default:
		NL_SET_ERR_MSG(extack, "cannot open the store device for writing");
		break;
	}
}

/**
 * lvss_store_bdev_area_new() - a whole block device or partition as store
 * @path: the device node
 * @chunk_shift: log2 of the chunk size
 * @is_origin: the owner's origin check (see lvss_is_origin_fn), or NULL
 * @extack: for the reason of a refusal
 *
 * Process context. Refused: a device that is mounted or held (exclusive
 * open fails), read-only, zoned, smaller than a chunk, or that overlaps an
 * lvss origin. Everything on the device is overwritten as chunks are
 * stored: userspace must make sure it holds nothing of value.
 *
 * Return: the area (add it with lvss_store_add_area()) or an ERR_PTR.
 */
struct lvss_store_area *lvss_store_bdev_area_new(const char *path,
						 u32 chunk_shift,
						 lvss_is_origin_fn is_origin,
						 struct netlink_ext_ack *extack)
{
	struct lvss_store_bdev_area *b;
	struct block_device *bdev;
	int err;

	if (!lvss_store_chunk_shift_ok(chunk_shift)) {
		NL_SET_ERR_MSG(extack, "chunk size must be between 4 KiB and 1 MiB");
		return ERR_PTR(-EINVAL);
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	err = lvss_store_bio_get();
	if (err) {
		NL_SET_ERR_MSG(extack, "out of memory for the store's bio pool");
		goto err_free;
	}
	err = lvss_bdev_open_excl(path, b, &b->ref);
	if (err) {
		lvss_store_bdev_open_error(err, extack);
		goto err_bio;
	}
	bdev = b->ref.bdev;
	if (bdev_is_zoned(bdev)) {
		NL_SET_ERR_MSG(extack, "zoned block devices cannot hold a CoW store");
		err = -EOPNOTSUPP;
		goto err_close;
	}
	if ((1U << chunk_shift) < bdev_logical_block_size(bdev)) {
		NL_SET_ERR_MSG(extack, "the chunk size is smaller than the store device's logical block size");
		err = -EINVAL;
		goto err_close;
	}
	b->area.nr_slots = (u64)bdev_nr_bytes(bdev) >> chunk_shift;
	if (!b->area.nr_slots) {
		NL_SET_ERR_MSG(extack, "the store device is smaller than one chunk");
		err = -ENOSPC;
		goto err_close;
	}
	err = lvss_store_claim(&b->claim, bdev, NULL, is_origin, extack);
	if (err)
		goto err_close;

	b->area.ops = &lvss_store_bdev_ops;
	b->area.chunk_shift = chunk_shift;
	b->area.dev = bdev->bd_dev;
	pr_info("store area on %s (%u:%u), %llu chunks of %u KiB\n", path,
		MAJOR(bdev->bd_dev), MINOR(bdev->bd_dev), b->area.nr_slots,
		1U << (chunk_shift - 10));
	return &b->area;

err_close:
	lvss_bdev_close_excl(&b->ref, b);
err_bio:
	lvss_store_bio_put();
err_free:
	kfree(b);
	return ERR_PTR(err);
}
