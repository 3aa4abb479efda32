// SPDX-License-Identifier: GPL-2.0
/* 6.6 added bdev_mark_dead() and blk_holder_ops.mark_dead. */
#include <linux/blkdev.h>

void lvss_probe(struct block_device *bdev);
void lvss_probe(struct block_device *bdev)
{
	bdev_mark_dead(bdev, true);
}
