// SPDX-License-Identifier: GPL-2.0
/* 6.10 added bdev_fput(): close a bdev file and give up the claim now. */
#include <linux/blkdev.h>
#include <linux/fs.h>

void lvss_probe(struct file *bdev_file);
void lvss_probe(struct file *bdev_file)
{
	bdev_fput(bdev_file);
}
