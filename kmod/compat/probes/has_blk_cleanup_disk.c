// SPDX-License-Identifier: GPL-2.0
/*
 * Up to 5.19 a disk from blk_alloc_disk() is released with
 * blk_cleanup_disk() (marks its queue dying, then puts the disk); 6.0
 * removed it and put_disk() does both.
 */
#include <linux/blkdev.h>

void lvss_probe(struct gendisk *disk);
void lvss_probe(struct gendisk *disk)
{
	blk_cleanup_disk(disk);
}
