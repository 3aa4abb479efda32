/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where kernel version differences live. Choices come from
 * probes compiled against the target headers (lvss_compat_gen.h, written by
 * compat/gen-compat.sh), never from LINUX_VERSION_CODE: distributions
 * backport, so only what the headers offer counts.
 */
#ifndef LVSS_COMPAT_H
#define LVSS_COMPAT_H

#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include "lvss_compat_gen.h"

/*
 * Without WITH_ARGS the generic "set instruction pointer" helpers compile
 * to nothing and the hook would silently never redirect a bio.
 */
#ifndef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
#error "lvss needs CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS (x86_64, arm64, ...)"
#endif

static __always_inline void lvss_ftrace_redirect(struct ftrace_regs *fregs,
						 unsigned long ip)
{
#ifdef LVSS_HAS_FTRACE_REGS_SET_IP
	ftrace_regs_set_instruction_pointer(fregs, ip);
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}

/*
 * The traced function's first argument, in the callback: the accessor is
 * generic from 6.12 (linux/ftrace_regs.h); before, ftrace_regs is the
 * architecture's own (pt_regs on x86_64, an array of x0..x8 on arm64).
 */
#if defined(ftrace_regs_get_argument)
#define lvss_ftrace_arg0(fregs)	ftrace_regs_get_argument(fregs, 0)
#elif defined(CONFIG_X86_64)
#define lvss_ftrace_arg0(fregs)	regs_get_kernel_argument(&(fregs)->regs, 0)
#elif defined(CONFIG_ARM64)
#define lvss_ftrace_arg0(fregs)	((fregs)->regs[0])
#else
#error "lvss: no way to read a traced function's argument on this architecture"
#endif

/*
 * The start and size of a module's text (6.4 split a module's memory into
 * mem[] by type; before, text led core_layout).
 */
#ifdef LVSS_HAS_MODULE_MEM
#define lvss_module_text_base(mod)	((unsigned long)(mod)->mem[MOD_TEXT].base)
#define lvss_module_text_size(mod)	((unsigned long)(mod)->mem[MOD_TEXT].size)
#else
#define lvss_module_text_base(mod)	((unsigned long)(mod)->core_layout.base)
#define lvss_module_text_size(mod)	((unsigned long)(mod)->core_layout.text_size)
#endif

/*
 * Who may listen to lvss events: CAP_SYS_ADMIN where the kernel can say so
 * per group (6.7), CAP_NET_ADMIN before. Events go to the initial network
 * namespace only, like the family's commands.
 */
#ifdef GENL_MCAST_CAP_SYS_ADMIN
#define LVSS_GENL_MCGRP_FLAGS	GENL_MCAST_CAP_SYS_ADMIN
#else
#define LVSS_GENL_MCGRP_FLAGS	GENL_UNS_ADMIN_PERM
#endif

/* The request attributes of a dump, parsed by its op's policy. */
static inline struct nlattr **lvss_genl_dump_attrs(struct netlink_callback *cb)
{
#ifdef LVSS_HAS_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/**
 * struct lvss_bdev_ref - a shared, read-only open of a block device
 * @bdev: the device
 * @handle: what the kernel's open returned, needed to close it again
 *
 * Read-only and non-exclusive, so a mounted filesystem keeps working and
 * kernels with BLK_DEV_WRITE_MOUNTED do not object.
 */
struct lvss_bdev_ref {
	struct block_device *bdev;
#if defined(LVSS_HAS_BDEV_FILE_OPEN_BY_PATH)
	struct file *handle;
#elif defined(LVSS_HAS_BDEV_OPEN_BY_PATH)
	struct bdev_handle *handle;
#endif
};

static inline int lvss_bdev_open_ro(const char *path, struct lvss_bdev_ref *ref)
{
#if defined(LVSS_HAS_BDEV_FILE_OPEN_BY_PATH)
	ref->handle = bdev_file_open_by_path(path, BLK_OPEN_READ, NULL, NULL);
	if (IS_ERR(ref->handle))
		return PTR_ERR(ref->handle);
	ref->bdev = file_bdev(ref->handle);
#elif defined(LVSS_HAS_BDEV_OPEN_BY_PATH)
	ref->handle = bdev_open_by_path(path, BLK_OPEN_READ, NULL, NULL);
	if (IS_ERR(ref->handle))
		return PTR_ERR(ref->handle);
	ref->bdev = ref->handle->bdev;
#elif defined(LVSS_HAS_BLK_MODE_T)
	ref->bdev = blkdev_get_by_path(path, BLK_OPEN_READ, NULL, NULL);
	if (IS_ERR(ref->bdev))
		return PTR_ERR(ref->bdev);
#else
	ref->bdev = blkdev_get_by_path(path, FMODE_READ, NULL);
	if (IS_ERR(ref->bdev))
		return PTR_ERR(ref->bdev);
#endif
	return 0;
}

static inline void lvss_bdev_close(struct lvss_bdev_ref *ref)
{
#if defined(LVSS_HAS_BDEV_FILE_OPEN_BY_PATH)
	fput(ref->handle);
#elif defined(LVSS_HAS_BDEV_OPEN_BY_PATH)
	bdev_release(ref->handle);
#elif defined(LVSS_HAS_BLK_MODE_T)
	blkdev_put(ref->bdev, NULL);
#else
	blkdev_put(ref->bdev, FMODE_READ);
#endif
	ref->bdev = NULL;
}

/*
 * An exclusive read-write open of a block device, for a CoW store. It
 * fails with -EBUSY while a filesystem, dm/md, swap or another exclusive
 * opener holds the device (for a whole disk: one of its partitions), and
 * where the kernel offers it (6.8+), keeps others from opening it for
 * write while we hold it. @holder is any unique pointer (the store area);
 * close with lvss_bdev_close_excl() and the same @holder.
 */
#if defined(LVSS_HAS_BLK_OPEN_RESTRICT_WRITES)
#define LVSS_BDEV_EXCL_MODE \
	(BLK_OPEN_READ | BLK_OPEN_WRITE | BLK_OPEN_RESTRICT_WRITES)
#elif defined(LVSS_HAS_BLK_MODE_T)
#define LVSS_BDEV_EXCL_MODE	(BLK_OPEN_READ | BLK_OPEN_WRITE)
#else
#define LVSS_BDEV_EXCL_MODE	(FMODE_READ | FMODE_WRITE | FMODE_EXCL)
#endif

static inline int lvss_bdev_open_excl(const char *path, void *holder,
				      struct lvss_bdev_ref *ref)
{
#if defined(LVSS_HAS_BDEV_FILE_OPEN_BY_PATH)
	ref->handle = bdev_file_open_by_path(path, LVSS_BDEV_EXCL_MODE, holder,
					     NULL);
	if (IS_ERR(ref->handle))
		return PTR_ERR(ref->handle);
	ref->bdev = file_bdev(ref->handle);
#elif defined(LVSS_HAS_BDEV_OPEN_BY_PATH)
	ref->handle = bdev_open_by_path(path, LVSS_BDEV_EXCL_MODE, holder, NULL);
	if (IS_ERR(ref->handle))
		return PTR_ERR(ref->handle);
	ref->bdev = ref->handle->bdev;
#elif defined(LVSS_HAS_BLK_MODE_T)
	ref->bdev = blkdev_get_by_path(path, LVSS_BDEV_EXCL_MODE, holder, NULL);
	if (IS_ERR(ref->bdev))
		return PTR_ERR(ref->bdev);
#else
	ref->bdev = blkdev_get_by_path(path, LVSS_BDEV_EXCL_MODE, holder);
	if (IS_ERR(ref->bdev))
		return PTR_ERR(ref->bdev);
#endif
	return 0;
}

/*
 * Gives up the exclusive claim before returning, so the device can be
 * opened again at once; except on 6.9, which lacks bdev_fput(): there
 * the final fput() and with it the release are deferred a little.
 */
static inline void lvss_bdev_close_excl(struct lvss_bdev_ref *ref,
					void *holder)
{
#if defined(LVSS_HAS_BDEV_FILE_OPEN_BY_PATH) && defined(LVSS_HAS_BDEV_FPUT)
	bdev_fput(ref->handle);
#elif defined(LVSS_HAS_BDEV_FILE_OPEN_BY_PATH)
	fput(ref->handle);
#elif defined(LVSS_HAS_BDEV_OPEN_BY_PATH)
	bdev_release(ref->handle);
#elif defined(LVSS_HAS_BLK_MODE_T)
	blkdev_put(ref->bdev, holder);
#else
	blkdev_put(ref->bdev, LVSS_BDEV_EXCL_MODE);
#endif
	ref->bdev = NULL;
}

/*
 * True when something other than a mounted filesystem holds @bdev
 * exclusively (a dm/md member, swap, another driver): writes to such a
 * device arrive as nested bios the hook cannot see.
 */
static inline bool lvss_bdev_held_by_driver(struct block_device *bdev)
{
	if (!bdev->bd_holders)
		return false;
#ifdef LVSS_HAS_FS_HOLDER_OPS
	return bdev->bd_holder_ops != &fs_holder_ops;
#else
	return !bdev->bd_super;
#endif
}

/*
 * Snapshot disks (lvss_snapdev.c): bio-based gendisks allocated with
 * lvss_blk_alloc_disk(), released with lvss_blk_put_disk().
 */

/**
 * struct lvss_disk_limits - queue limits of a snapshot disk
 * @logical_block_size: bytes
 * @physical_block_size: bytes, at least @logical_block_size
 * @max_hw_sectors: largest bio after splitting, in sectors
 * @chunk_sectors: 0, or a power of two no bio may cross
 * @io_opt: optimal I/O size in bytes (sets the read-ahead too)
 */
struct lvss_disk_limits {
	unsigned int logical_block_size;
	unsigned int physical_block_size;
	unsigned int max_hw_sectors;
	unsigned int chunk_sectors;
	unsigned int io_opt;
};

/*
 * A bio-based gendisk with those limits, or an ERR_PTR. Segments are left
 * unlimited: the disk never maps bios for DMA, so only size and chunk
 * boundaries should split them. 6.9 takes the limits at allocation (and
 * validates them); before, the disk is allocated and then limited.
 */
static inline struct gendisk *
lvss_blk_alloc_disk(const struct lvss_disk_limits *l)
{
#ifdef LVSS_HAS_BLK_ALLOC_DISK_LIMITS
	struct queue_limits lim = {
		.logical_block_size = l->logical_block_size,
		.physical_block_size = l->physical_block_size,
		.max_hw_sectors = l->max_hw_sectors,
		.chunk_sectors = l->chunk_sectors,
		.io_opt = l->io_opt,
		.max_segments = USHRT_MAX,
		.max_segment_size = UINT_MAX,
	};

	return blk_alloc_disk(&lim, NUMA_NO_NODE);
#else
	struct gendisk *disk = blk_alloc_disk(NUMA_NO_NODE);
	struct request_queue *q;

	if (!disk)
		return ERR_PTR(-ENOMEM);
	q = disk->queue;
	blk_queue_logical_block_size(q, l->logical_block_size);
	blk_queue_physical_block_size(q, l->physical_block_size);
	blk_queue_max_hw_sectors(q, l->max_hw_sectors);
	blk_queue_max_segments(q, USHRT_MAX);
	blk_queue_max_segment_size(q, UINT_MAX);
	blk_queue_chunk_sectors(q, l->chunk_sectors);
	blk_queue_io_opt(q, l->io_opt);
	return disk;
#endif
}

/*
 * Drop our reference to a disk from lvss_blk_alloc_disk(), never added or
 * already passed to del_gendisk(). Up to 5.19 blk_cleanup_disk() also
 * marks the queue dying; from 6.0 put_disk() does all of it.
 */
static inline void lvss_blk_put_disk(struct gendisk *disk)
{
#ifdef LVSS_HAS_BLK_CLEANUP_DISK
	blk_cleanup_disk(disk);
#else
	put_disk(disk);
#endif
}

/* Never scan the disk for partitions (nor allow adding any). */
static inline void lvss_disk_set_no_part(struct gendisk *disk)
{
#ifdef LVSS_HAS_GENHD_FL_NO_PART
	disk->flags |= GENHD_FL_NO_PART;
#else
	disk->flags |= GENHD_FL_NO_PART_SCAN;
#endif
}

/*
 * Split @bio to the queue limits of its disk (size, chunk boundaries); the
 * remainder is resubmitted. NULL when the block layer ended the bio.
 */
static inline struct bio *lvss_bio_split_to_limits(struct bio *bio)
{
#ifdef LVSS_HAS_BIO_SPLIT_TO_LIMITS
	return bio_split_to_limits(bio);
#else
	blk_queue_split(&bio);
	return bio;
#endif
}

/*
 * block_device_operations.submit_bio returned a blk_qc_t before 5.16:
 *
 *	static LVSS_SUBMIT_BIO_RET foo_submit_bio(struct bio *bio)
 *	{
 *		...
 *		return LVSS_SUBMIT_BIO_DONE;
 *	}
 */
#ifdef LVSS_HAS_SUBMIT_BIO_VOID
#define LVSS_SUBMIT_BIO_RET void
#define LVSS_SUBMIT_BIO_DONE
#else
#define LVSS_SUBMIT_BIO_RET blk_qc_t
#define LVSS_SUBMIT_BIO_DONE BLK_QC_T_NONE
#endif

/*
 * How many bdev freezes hold @bdev (a userspace FIFREEZE is not one of
 * them: it freezes the superblock directly). Read without the bdev's
 * freeze mutex: a snapshot of the count, for a check before freezing.
 */
#ifdef LVSS_HAS_BD_FSFREEZE_COUNT_ATOMIC
#define lvss_bdev_freeze_count(bdev)	atomic_read(&(bdev)->bd_fsfreeze_count)
#else
#define lvss_bdev_freeze_count(bdev)	READ_ONCE((bdev)->bd_fsfreeze_count)
#endif

/* Freezes the filesystem on @bdev, if any (nests with userspace fsfreeze). */
static inline int lvss_bdev_freeze(struct block_device *bdev)
{
#ifdef LVSS_HAS_BDEV_FREEZE
	return bdev_freeze(bdev);
#else
	return freeze_bdev(bdev);
#endif
}

static inline int lvss_bdev_thaw(struct block_device *bdev)
{
#ifdef LVSS_HAS_BDEV_FREEZE
	return bdev_thaw(bdev);
#else
	return thaw_bdev(bdev);
#endif
}

#endif /* LVSS_COMPAT_H */
