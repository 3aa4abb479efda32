// SPDX-License-Identifier: GPL-2.0
/* 5.17 renamed GENHD_FL_NO_PART_SCAN to GENHD_FL_NO_PART (5.15.y had both). */
#include <linux/blkdev.h>

int lvss_probe(void);
int lvss_probe(void)
{
	return GENHD_FL_NO_PART;
}
