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

/* Multicast an lvss event to listeners in every network namespace. */
static inline int lvss_genl_multicast_allns(const struct genl_family *family,
					    struct sk_buff *skb,
					    unsigned int group)
{
#ifdef LVSS_HAS_GENL_MULTICAST_ALLNS_GFP
	return genlmsg_multicast_allns(family, skb, 0, group, GFP_KERNEL);
#else
	return genlmsg_multicast_allns(family, skb, 0, group);
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

#endif /* LVSS_COMPAT_H */
