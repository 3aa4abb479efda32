// SPDX-License-Identifier: GPL-2.0
/* 5.16 made block_device_operations.submit_bio return void (was blk_qc_t). */
#include <linux/blkdev.h>
#include <linux/module.h>

static void lvss_probe_submit_bio(struct bio *bio)
{
}

const struct block_device_operations lvss_probe_fops;
const struct block_device_operations lvss_probe_fops = {
	.owner = THIS_MODULE,
	.submit_bio = lvss_probe_submit_bio,
};
