// SPDX-License-Identifier: GPL-2.0
/* 6.7 and 6.8 open block devices through a struct bdev_handle. */
#include <linux/blkdev.h>

struct bdev_handle *lvss_probe(const char *path);
struct bdev_handle *lvss_probe(const char *path)
{
	return bdev_open_by_path(path, BLK_OPEN_READ, NULL, NULL);
}
