/* SPDX-License-Identifier: GPL-2.0 */
/* The read-only block device (/dev/lvssN) through which a snapshot is read. */
#ifndef LVSS_SNAPDEV_H
#define LVSS_SNAPDEV_H

#include <linux/types.h>

struct bio;
struct block_device;
struct lvss_snapdev;
struct netlink_ext_ack;

/* Longest snapshot name with its NUL, e.g. "sdb@3": "<origin>@<seq>". */
#define LVSS_SNAPDEV_NAME_MAX 64

/**
 * struct lvss_snapdev_ops - what a snapshot device asks of its owner
 * @submit_read: serve one READ bio of the snapshot. Already checked: a
 *	read of at least one sector, inside the disk, at most 1 MiB, and
 *	inside one chunk if the geometry has @chunk_sectors. Called in
 *	process context from the disk's submit_bio, with current->bio_list
 *	set: bios submitted from here are issued only after it returns, so
 *	never wait for them here. The owner completes @bio with bio_endio(),
 *	now or later from any context; until lvss_snapdev_free() returns it
 *	must keep serving or failing reads and must not block on a lock its
 *	caller of lvss_snapdev_free() holds.
 */
struct lvss_snapdev_ops {
	void (*submit_read)(void *owner, struct bio *bio);
};

/**
 * struct lvss_snapdev_geometry - shape of a snapshot device, from its origin
 * @nr_sectors: capacity in 512-byte sectors, a multiple of the logical block
 * @logical_block_size: bytes; a power of two, at least 512
 * @physical_block_size: bytes; a power of two; raised to the logical block
 *	size if smaller; 0 means the logical block size
 * @chunk_sectors: 0, or a power of two of at least one logical block: no
 *	bio reaching @submit_read then crosses a multiple of it
 */
struct lvss_snapdev_geometry {
	sector_t nr_sectors;
	unsigned int logical_block_size;
	unsigned int physical_block_size;
	unsigned int chunk_sectors;
};

struct lvss_snapdev *lvss_snapdev_new(const char *name,
				      const struct lvss_snapdev_geometry *geo,
				      const struct lvss_snapdev_ops *ops,
				      void *owner,
				      struct netlink_ext_ack *extack);
int lvss_snapdev_add(struct lvss_snapdev *sd, struct netlink_ext_ack *extack);
void lvss_snapdev_free(struct lvss_snapdev *sd);
dev_t lvss_snapdev_devt(const struct lvss_snapdev *sd);
const char *lvss_snapdev_disk_name(const struct lvss_snapdev *sd);
bool lvss_snapdev_is_ours(struct block_device *bdev);
int lvss_snapdev_init(void);
void lvss_snapdev_exit(void);

#endif /* LVSS_SNAPDEV_H */
