// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot device: one read-only, bio-based gendisk per snapshot,
 * /dev/lvss<N> (udev adds /dev/lvss/<origin>@<seq> from the "lvss/name"
 * sysfs attribute). It refuses everything but reads, trims reads to its
 * limits and hands them to its owner, the snapshot, which completes them.
 *
 * Life of a device, driven by its owner:
 *
 *   lvss_snapdev_new()   allocates the disk, not yet visible (before the
 *                        freeze window: nothing here may run inside it)
 *   lvss_snapdev_add()   add_disk(): /dev/lvssN appears (after the thaw)
 *   lvss_snapdev_free()  del_gendisk() if added, then drops the disk
 *
 * Locking: the owner calls new/add/free of one device one at a time, in
 * process context; they take no lock of their own. The device numbers
 * come from an IDA, which locks itself. On the I/O path nothing is
 * locked: the fields it reads are constant from new() to free().
 *
 * Removal while open or mounted: del_gendisk() shuts a mounted filesystem
 * down, fails new I/O, and waits for submit_bio calls in progress; the
 * queue then stays frozen and dying, so no bio reaches the owner again.
 * Openers keep the struct gendisk (not our struct lvss_snapdev) alive
 * until they close it, and their open pins the module (fops.owner).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "lvss_compat.h"
#include "lvss_snapdev.h"

#define LVSS_SNAPDEV_BLKDEV_NAME "lvss"
/* Largest bio handed to the owner, and the optimal I/O size reported. */
#define LVSS_SNAPDEV_MAX_IO SZ_1M
/* Beyond the letters and digits, what a snapshot name may contain. */
#define LVSS_SNAPDEV_NAME_PUNCT "#+-.:=@_"

/**
 * struct lvss_snapdev - a snapshot's read-only block device
 * @disk: our reference to the gendisk; its private_data points back here
 * @ops: the owner's methods
 * @owner: passed to @ops
 * @nr_sectors: capacity; reads ending beyond it fail
 * @index: minor number and the N of "lvssN", from lvss_snapdev_ida
 * @added: add_disk() succeeded; set by add, read by free, both called by
 *	the owner one at a time
 * @name: the snapshot's name, shown as /sys/block/lvssN/lvss/name
 *
 * All but @added are constant from lvss_snapdev_new() to lvss_snapdev_free().
 */
struct lvss_snapdev {
	struct gendisk *disk;
	const struct lvss_snapdev_ops *ops;
	void *owner;
	sector_t nr_sectors;
	int index;
	bool added;
	char name[LVSS_SNAPDEV_NAME_MAX];
};

/* From register_blkdev() in init, constant until exit. */
static int lvss_snapdev_major;
/* Indexes (minors) of live devices; the IDA has its own lock. */
static DEFINE_IDA(lvss_snapdev_ida);

/*
 * Nothing but reads is served: the disk is read-only, has no cache to
 * flush, advertises neither discard nor write-zeroes. The block layer
 * already completes bare flushes itself (no write cache); that case is
 * still accepted here should one arrive.
 */
static void lvss_snapdev_serve(struct bio *bio)
{
	const struct lvss_snapdev *sd = bio->bi_bdev->bd_disk->private_data;
	sector_t sector;

	if (bio_op(bio) != REQ_OP_READ) {
		if (op_is_flush(bio->bi_opf) && !bio_sectors(bio))
			bio_endio(bio);
		else
			bio_io_error(bio);
		return;
	}
	/* At most LVSS_SNAPDEV_MAX_IO and inside one chunk; may resubmit. */
	bio = lvss_bio_split_to_limits(bio);
	if (!bio)
		return;
	if (!bio_sectors(bio)) {
		bio_endio(bio);
		return;
	}
	sector = bio->bi_iter.bi_sector;
	if (sector >= sd->nr_sectors ||
	    bio_sectors(bio) > sd->nr_sectors - sector) {
		bio_io_error(bio);
		return;
	}
	sd->ops->submit_read(sd->owner, bio);
}

static LVSS_SUBMIT_BIO_RET lvss_snapdev_submit_bio(struct bio *bio)
{
	lvss_snapdev_serve(bio);
	return LVSS_SUBMIT_BIO_DONE;
}

/* No open/release: nothing per opener, and their signatures vary. */
static const struct block_device_operations lvss_snapdev_fops = {
	.owner = THIS_MODULE,
	.submit_bio = lvss_snapdev_submit_bio,
};

/*
 * Sysfs files are removed by del_gendisk(), which waits for readers, so
 * private_data is valid in every call.
 */
static ssize_t name_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	const struct lvss_snapdev *sd = dev_to_disk(dev)->private_data;

	return sysfs_emit(buf, "%s\n", sd->name);
}
static DEVICE_ATTR_RO(name);

static struct attribute *lvss_snapdev_attrs[] = {
	&dev_attr_name.attr,
	NULL,
};

static const struct attribute_group lvss_snapdev_group = {
	.name = "lvss",
	.attrs = lvss_snapdev_attrs,
};

/* Created by device_add_disk() before the "add" uevent, so udev sees it. */
static const struct attribute_group *lvss_snapdev_groups[] = {
	&lvss_snapdev_group,
	NULL,
};

/*
 * The name becomes a /dev/lvss/ symlink: one path component, only
 * ASCII characters udev keeps as they are (it rewrites '!', splits links
 * at blanks), and neither "." nor ".." (isalnum() alone takes Latin-1).
 */
static bool lvss_snapdev_name_ok(const char *name)
{
	size_t len = strnlen(name, LVSS_SNAPDEV_NAME_MAX);
	size_t i;

	if (!len || len == LVSS_SNAPDEV_NAME_MAX)
		return false;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!(isascii(c) && isalnum(c)) &&
		    !strchr(LVSS_SNAPDEV_NAME_PUNCT, c))
			return false;
	}
	return true;
}

/* Check the request and derive the queue limits from it. */
static int lvss_snapdev_check(const char *name,
			      const struct lvss_snapdev_geometry *geo,
			      const struct lvss_snapdev_ops *ops,
			      struct lvss_disk_limits *lim,
			      struct netlink_ext_ack *extack)
{
	unsigned int lbs = geo->logical_block_size;
	unsigned int pbs = max(geo->physical_block_size, lbs);

	if (WARN_ON_ONCE(!ops || !ops->submit_read))
		return -EINVAL;
	if (!lvss_snapdev_name_ok(name)) {
		NL_SET_ERR_MSG(extack, "snapshot device name must be 1-63 characters from A-Z a-z 0-9 # + - . : = @ _ and not . or ..");
		return -EINVAL;
	}
	if (lbs < SECTOR_SIZE || lbs > SZ_64K || !is_power_of_2(lbs) ||
	    !is_power_of_2(pbs) || pbs > SZ_64K) {
		NL_SET_ERR_MSG(extack, "origin block sizes must be powers of two from 512 bytes to 64 KiB");
		return -EINVAL;
	}
	if (!geo->nr_sectors ||
	    !IS_ALIGNED(geo->nr_sectors, lbs >> SECTOR_SHIFT)) {
		NL_SET_ERR_MSG(extack, "origin size must be a non-zero multiple of its logical block size");
		return -EINVAL;
	}
	if (geo->chunk_sectors &&
	    (!is_power_of_2(geo->chunk_sectors) ||
	     geo->chunk_sectors < (lbs >> SECTOR_SHIFT))) {
		NL_SET_ERR_MSG(extack, "chunk size must be a power of two of at least the origin's logical block size");
		return -EINVAL;
	}
	lim->logical_block_size = lbs;
	lim->physical_block_size = pbs;
	lim->max_hw_sectors = LVSS_SNAPDEV_MAX_IO >> SECTOR_SHIFT;
	lim->chunk_sectors = geo->chunk_sectors;
	lim->io_opt = LVSS_SNAPDEV_MAX_IO;
	return 0;
}

/**
 * lvss_snapdev_new - allocate a snapshot device, not yet visible
 * @name: the snapshot's name for /dev/lvss/<name>, e.g. "sdb@3"; copied
 * @geo: its shape, taken from the origin
 * @ops: the owner's methods; must outlive the device
 * @owner: passed to @ops
 * @extack: where a failure is explained; may be NULL
 *
 * Process context; does no I/O. Call it before the freeze window and
 * lvss_snapdev_add() after the thaw.
 *
 * Return: the device, or an ERR_PTR with @extack set.
 */
struct lvss_snapdev *lvss_snapdev_new(const char *name,
				      const struct lvss_snapdev_geometry *geo,
				      const struct lvss_snapdev_ops *ops,
				      void *owner,
				      struct netlink_ext_ack *extack)
{
	struct lvss_disk_limits lim;
	struct lvss_snapdev *sd;
	struct gendisk *disk;
	int err;

	err = lvss_snapdev_check(name, geo, ops, &lim, extack);
	if (err)
		return ERR_PTR(err);

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd) {
		NL_SET_ERR_MSG(extack, "out of memory for the snapshot device");
		return ERR_PTR(-ENOMEM);
	}
	strscpy(sd->name, name, sizeof(sd->name));
	sd->ops = ops;
	sd->owner = owner;
	sd->nr_sectors = geo->nr_sectors;

	err = ida_alloc_max(&lvss_snapdev_ida, MINORMASK, GFP_KERNEL);
	if (err < 0) {
		if (err == -ENOSPC)
			NL_SET_ERR_MSG(extack, "no free lvss device numbers: delete snapshots that are no longer needed");
		else
			NL_SET_ERR_MSG(extack, "out of memory for the snapshot device number");
		goto err_free_sd;
	}
	sd->index = err;

	disk = lvss_blk_alloc_disk(&lim);
	if (IS_ERR(disk)) {
		err = PTR_ERR(disk);
		if (err == -ENOMEM)
			NL_SET_ERR_MSG(extack, "out of memory for the snapshot disk");
		else
			NL_SET_ERR_MSG(extack, "the kernel refused the snapshot disk's block or chunk size: see the kernel log");
		goto err_free_index;
	}
	disk->major = lvss_snapdev_major;
	disk->first_minor = sd->index;
	disk->minors = 1;
	lvss_disk_set_no_part(disk);
	disk->fops = &lvss_snapdev_fops;
	disk->private_data = sd;
	snprintf(disk->disk_name, DISK_NAME_LEN, LVSS_SNAPDEV_BLKDEV_NAME "%d",
		 sd->index);
	set_capacity(disk, geo->nr_sectors);
	set_disk_ro(disk, true);
	sd->disk = disk;
	return sd;

err_free_index:
	ida_free(&lvss_snapdev_ida, sd->index);
err_free_sd:
	kfree(sd);
	return ERR_PTR(err);
}

/**
 * lvss_snapdev_add - make the device visible: /dev/lvssN, then udev's link
 * @sd: a device from lvss_snapdev_new(), not added yet
 * @extack: where a failure is explained; may be NULL
 *
 * Process context, outside the freeze window: udev and others start
 * reading the snapshot at once. On failure @sd can only be freed.
 *
 * Return: 0 or a negative errno with @extack set.
 */
int lvss_snapdev_add(struct lvss_snapdev *sd, struct netlink_ext_ack *extack)
{
	int err;

	if (WARN_ON_ONCE(sd->added))
		return -EINVAL;
	err = device_add_disk(NULL, sd->disk, lvss_snapdev_groups);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot add the snapshot block device: see the kernel log");
		pr_err("cannot add snapshot device %s (%s): %d\n",
		       sd->disk->disk_name, sd->name, err);
		return err;
	}
	sd->added = true;
	return 0;
}

/**
 * lvss_snapdev_free - remove the device (if added) and free it
 * @sd: the device; NULL is allowed
 *
 * Process context; may sleep for long: a mounted filesystem on the device
 * is shut down first. Works while the device is open or mounted; I/O to
 * it fails from then on. When this returns no bio reaches submit_read
 * again; reads the owner still holds must be completed by the owner (the
 * disk stays valid for them: their submitters hold it open).
 */
void lvss_snapdev_free(struct lvss_snapdev *sd)
{
	if (!sd)
		return;
	if (sd->added)
		del_gendisk(sd->disk);
	/* Only openers may still hold the disk; none of them reads this. */
	sd->disk->private_data = NULL;
	lvss_blk_put_disk(sd->disk);
	ida_free(&lvss_snapdev_ida, sd->index);
	kfree(sd);
}

dev_t lvss_snapdev_devt(const struct lvss_snapdev *sd)
{
	return disk_devt(sd->disk);
}

/* "lvss3": the kernel's name of the device, valid before it is added. */
const char *lvss_snapdev_disk_name(const struct lvss_snapdev *sd)
{
	return sd->disk->disk_name;
}

/* True for a snapshot device or a (never existing) partition of one. */
bool lvss_snapdev_is_ours(struct block_device *bdev)
{
	return bdev->bd_disk->fops == &lvss_snapdev_fops;
}

int lvss_snapdev_init(void)
{
	int major = register_blkdev(0, LVSS_SNAPDEV_BLKDEV_NAME);

	if (major < 0)
		return major;
	lvss_snapdev_major = major;
	return 0;
}

/* Every device is freed by now: each snapshot pins the module. */
void lvss_snapdev_exit(void)
{
	WARN_ON(!ida_is_empty(&lvss_snapdev_ida));
	unregister_blkdev(lvss_snapdev_major, LVSS_SNAPDEV_BLKDEV_NAME);
	ida_destroy(&lvss_snapdev_ida);
}
