// SPDX-License-Identifier: GPL-2.0
/* 6.0 replaced blk_queue_split(struct bio **) with bio_split_to_limits(). */
#include <linux/blkdev.h>

struct bio *lvss_probe(struct bio *bio);
struct bio *lvss_probe(struct bio *bio)
{
	return bio_split_to_limits(bio);
}
