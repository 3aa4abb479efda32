// SPDX-License-Identifier: GPL-2.0
/* 6.8 made a block device's freeze count an atomic_t (was an int). */
#include <linux/atomic.h>
#include <linux/blk_types.h>

int lvss_probe(struct block_device *bdev);
int lvss_probe(struct block_device *bdev)
{
	return atomic_read(&bdev->bd_fsfreeze_count);
}
