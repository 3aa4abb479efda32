// SPDX-License-Identifier: GPL-2.0
/* 6.8 lets an exclusive opener forbid other writers (BLK_OPEN_RESTRICT_WRITES). */
#include <linux/blkdev.h>

blk_mode_t lvss_probe(void);
blk_mode_t lvss_probe(void)
{
	return BLK_OPEN_READ | BLK_OPEN_WRITE | BLK_OPEN_RESTRICT_WRITES;
}
