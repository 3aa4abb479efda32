// SPDX-License-Identifier: GPL-2.0
/* 6.9 passes queue limits to blk_alloc_disk() and returns an ERR_PTR. */
#include <linux/blkdev.h>

struct gendisk *lvss_probe(struct queue_limits *lim);
struct gendisk *lvss_probe(struct queue_limits *lim)
{
	return blk_alloc_disk(lim, NUMA_NO_NODE);
}
