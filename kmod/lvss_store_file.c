// SPDX-License-Identifier: GPL-2.0
/*
 * File store areas: a preallocated file on another filesystem, written
 * with raw bios to the filesystem's block device at the file's blocks.
 *
 * Userspace creates the file, writes it in full (fallocate alone leaves
 * unwritten extents, which bmap() reports as holes), fsyncs it, sets
 * FS_IMMUTABLE_FL and maps it with FIEMAP; it passes the path and the
 * extents (file offset, device offset, length in bytes). The kernel:
 *  - opens the file and keeps it open for the area's life, which keeps
 *    the filesystem mounted (umount sees it busy) and its s_bdev open;
 *  - requires a regular, immutable file on ext2/3/4 or xfs (filesystems
 *    that neither move data blocks behind the owner's back nor lack a
 *    single block device) that nobody has mapped for writing, on a
 *    writable device that is not an lvss origin;
 *  - checks the extents (lvss_extent_map.c) and re-checks a sample of
 *    them against the filesystem with bmap(): first and last block of
 *    every extent, of at most LVSS_EXTENT_SAMPLES_MAX extents;
 *  - maps slots to device sectors with lvss_extent_map_lookup().
 * Immutability is what keeps the blocks where they are (no write,
 * truncate, fallocate, defrag or reflink), so every I/O checks that it
 * still holds; once the flag was seen cleared the area fails all I/O for
 * good (the blocks may have moved), which fails the snapshots using it
 * rather than corrupting another file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/netlink.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "lvss_store.h"

/* lvss_store_file_area.flags */
#define LVSS_STORE_FILE_REVOKED	0	/* immutability was lost */

/**
 * struct lvss_store_file_area - a store file
 * @area: the generic part
 * @file: the file, open for the area's life; constant
 * @bdev: its filesystem's device (kept open by the mounted filesystem,
 *	which @file keeps busy); constant
 * @map: slot -> sector; constant
 * @claim: in the store registry while the area lives
 * @flags: LVSS_STORE_FILE_REVOKED; atomic bit operations
 */
struct lvss_store_file_area {
	struct lvss_store_area area;
	struct file *file;
	struct block_device *bdev;
	struct lvss_extent_map *map;
	struct lvss_store_claim claim;
	unsigned long flags;
};

static struct lvss_store_file_area *to_file_area(struct lvss_store_area *area)
{
	return container_of(area, struct lvss_store_file_area, area);
}

static void lvss_store_file_submit(struct lvss_store_area *area, u64 slot,
				   struct lvss_buf *const *bufs,
				   unsigned int nr, bool write,
				   lvss_io_done_fn done, void *ctx)
{
	struct lvss_store_file_area *f = to_file_area(area);
	u64 sector;

	if (unlikely(!IS_IMMUTABLE(file_inode(f->file)))) {
		if (!test_and_set_bit(LVSS_STORE_FILE_REVOKED, &f->flags))
			pr_err("store file %pD lost its immutable flag: its blocks may have moved, failing all store I/O to it\n",
			       f->file);
	}
	if (test_bit(LVSS_STORE_FILE_REVOKED, &f->flags) ||
	    WARN_ON_ONCE(lvss_extent_map_lookup(f->map, slot, &sector) ||
			 nr > lvss_extent_map_run_left(f->map, slot))) {
		done(ctx, BLK_STS_IOERR);
		return;
	}
	lvss_store_bio_submit(f->bdev, sector, area->chunk_shift, bufs, nr,
			      write, done, ctx);
}

/* Slots of one extent run lie back to back on the device. */
static u64 lvss_store_file_run_left(struct lvss_store_area *area, u64 slot)
{
	return lvss_extent_map_run_left(to_file_area(area)->map, slot);
}

static void lvss_store_file_destroy(struct lvss_store_area *area)
{
	struct lvss_store_file_area *f = to_file_area(area);

	lvss_store_unclaim(&f->claim);
	lvss_extent_map_free(f->map);
	filp_close(f->file, NULL);
	lvss_store_bio_put();
	kfree(f);
}

static const struct lvss_store_area_ops lvss_store_file_ops = {
	.kind = LVSS_STORE_FILE,
	.submit = lvss_store_file_submit,
	.run_left = lvss_store_file_run_left,
	.destroy = lvss_store_file_destroy,
};

/* Does file block @lblk live at device block @want? */
static int lvss_store_file_check_block(struct inode *inode, u64 lblk,
				       u64 want, struct netlink_ext_ack *extack)
{
	sector_t blk = lblk;

	if (bmap(inode, &blk)) {
		NL_SET_ERR_MSG(extack, "the store file's filesystem cannot report block mappings (bmap): use ext4 or xfs");
		return -EOPNOTSUPP;
	}
	if (!blk) {
		NL_SET_ERR_MSG(extack, "the store file has unwritten or unmapped blocks: write it in full (e.g. from /dev/zero), not just fallocate, then fsync and map it again");
		return -EINVAL;
	}
	if (blk != want) {
		NL_SET_ERR_MSG(extack, "the extents do not match the store file's blocks: fsync the file, map it again with FIEMAP and pass the extents unchanged");
		return -EINVAL;
	}
	return 0;
}

/*
 * Re-check what userspace claimed: first and last block of each sampled
 * extent. The extents passed lvss_extents_check(), so they are aligned to
 * the block size and within the file and the device.
 */
static int lvss_store_file_verify(struct inode *inode,
				  const struct lvss_extent *ext, u32 nr,
				  struct netlink_ext_ack *extack)
{
	unsigned int bits = inode->i_blkbits;
	u32 k, n = lvss_extent_samples(nr);
	int err;

	for (k = 0; k < n; k++) {
		const struct lvss_extent *e = &ext[lvss_extent_sample_index(nr, k)];
		u64 last = e->len - 1;

		err = lvss_store_file_check_block(inode, e->logical >> bits,
						  e->physical >> bits, extack);
		if (!err)
			err = lvss_store_file_check_block(inode,
							  (e->logical + last) >> bits,
							  (e->physical + last) >> bits,
							  extack);
		if (err)
			return err;
		if (fatal_signal_pending(current)) {
			NL_SET_ERR_MSG(extack, "interrupted while checking the store file's extents");
			return -EINTR;
		}
		cond_resched();
	}
	return 0;
}

/* The file itself: what kind, on what, and who else may touch it. */
static int lvss_store_file_check_inode(struct file *file,
				       struct netlink_ext_ack *extack)
{
	struct inode *inode = file_inode(file);
	struct super_block *sb = inode->i_sb;

	if (!S_ISREG(inode->i_mode)) {
		NL_SET_ERR_MSG(extack, "the store file is not a regular file");
		return -EINVAL;
	}
	if (!IS_IMMUTABLE(inode)) {
		NL_SET_ERR_MSG(extack, "the store file must be immutable: after writing and fsyncing it, run chattr +i on it");
		return -EINVAL;
	}
	if (sb->s_magic != EXT4_SUPER_MAGIC && sb->s_magic != XFS_SUPER_MAGIC) {
		NL_SET_ERR_MSG(extack, "store files are supported on ext2/3/4 and xfs only: use a block device store on other filesystems");
		return -EOPNOTSUPP;
	}
	if (!sb->s_bdev) {
		NL_SET_ERR_MSG(extack, "the store file's filesystem has no block device");
		return -EOPNOTSUPP;
	}
	if (bdev_read_only(sb->s_bdev)) {
		NL_SET_ERR_MSG(extack, "the store file's filesystem lies on a read-only device");
		return -EROFS;
	}
	if (mapping_writably_mapped(file->f_mapping)) {
		NL_SET_ERR_MSG(extack, "a process has the store file mapped for writing");
		return -EBUSY;
	}
	return 0;
}

/**
 * lvss_store_file_area_new() - a preallocated immutable file as store
 * @path: the file (on another filesystem than any lvss origin)
 * @ext: its extents from FIEMAP, sorted by file offset, in bytes
 * @nr_ext: how many (at most %LVSS_EXTENTS_MAX)
 * @chunk_shift: log2 of the chunk size
 * @is_origin: the owner's origin check (see lvss_is_origin_fn), or NULL
 * @extack: for the reason of a refusal
 *
 * Process context; may take a while for a long extent list (bmap() of up
 * to 2 * LVSS_EXTENT_SAMPLES_MAX blocks); a fatal signal interrupts it.
 * The caller may free @ext on return.
 *
 * Return: the area (add it with lvss_store_add_area()) or an ERR_PTR.
 */
struct lvss_store_area *lvss_store_file_area_new(const char *path,
						 const struct lvss_extent *ext,
						 u32 nr_ext, u32 chunk_shift,
						 lvss_is_origin_fn is_origin,
						 struct netlink_ext_ack *extack)
{
	struct lvss_extent_limits lim;
	struct lvss_store_file_area *f;
	struct inode *inode;
	const char *why;
	int err;

	if (!lvss_store_chunk_shift_ok(chunk_shift)) {
		NL_SET_ERR_MSG(extack, "chunk size must be between 4 KiB and 1 MiB");
		return ERR_PTR(-EINVAL);
	}
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return ERR_PTR(-ENOMEM);
	err = lvss_store_bio_get();
	if (err) {
		NL_SET_ERR_MSG(extack, "out of memory for the store's bio pool");
		goto err_free;
	}
	f->file = filp_open(path, O_RDONLY | O_LARGEFILE, 0);
	if (IS_ERR(f->file)) {
		err = PTR_ERR(f->file);
		NL_SET_ERR_MSG(extack, "cannot open the store file");
		goto err_bio;
	}
	err = lvss_store_file_check_inode(f->file, extack);
	if (err)
		goto err_close;
	inode = file_inode(f->file);
	f->bdev = inode->i_sb->s_bdev;

	lim.block_size = i_blocksize(inode);
	lim.dev_bytes = bdev_nr_bytes(f->bdev);
	lim.file_bytes = i_size_read(inode);
	err = lvss_extents_check(ext, nr_ext, &lim, &why);
	if (err) {
		lvss_store_set_err(extack, why);
		goto err_close;
	}
	err = lvss_store_file_verify(inode, ext, nr_ext, extack);
	if (err)
		goto err_close;
	f->map = lvss_extent_map_build(ext, nr_ext, chunk_shift, &why);
	if (IS_ERR(f->map)) {
		err = PTR_ERR(f->map);
		lvss_store_set_err(extack, why);
		goto err_close;
	}
	err = lvss_store_claim(&f->claim, f->bdev, inode, is_origin, extack);
	if (err)
		goto err_map;

	f->area.ops = &lvss_store_file_ops;
	f->area.nr_slots = f->map->nr_slots;
	f->area.chunk_shift = chunk_shift;
	f->area.dev = f->bdev->bd_dev;
	pr_info("store area in %pD on %u:%u, %llu chunks of %u KiB in %u runs\n",
		f->file, MAJOR(f->area.dev), MINOR(f->area.dev),
		f->area.nr_slots, 1U << (chunk_shift - 10), f->map->nr_runs);
	return &f->area;

err_map:
	lvss_extent_map_free(f->map);
err_close:
	filp_close(f->file, NULL);
err_bio:
	lvss_store_bio_put();
err_free:
	kfree(f);
	return ERR_PTR(err);
}
