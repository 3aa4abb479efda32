// SPDX-License-Identifier: GPL-2.0
/* 6.6 marks filesystem holders with fs_holder_ops (bd_super is gone). */
#include <linux/blkdev.h>

bool lvss_probe(struct block_device *bdev);
bool lvss_probe(struct block_device *bdev)
{
	return bdev->bd_holder_ops == &fs_holder_ops;
}
