/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chunk buffers: the unit of copy-on-write I/O. A buffer holds one chunk
 * (4 KiB..1 MiB) in whole pages; buffers come from a bounded per-device
 * pool (lvss_cow.c) so a write burst meets back-pressure, not an
 * unbounded allocation.
 */
#ifndef LVSS_BUF_H
#define LVSS_BUF_H

#include <linux/blk_types.h>
#include <linux/mm_types.h>
#include <linux/types.h>

/**
 * struct lvss_buf - one chunk's data in memory
 * @nr_pages: chunk size / PAGE_SIZE (at least 1)
 * @pages: the pages, in order
 */
struct lvss_buf {
	unsigned int nr_pages;
	struct page *pages[];
};

/*
 * Completion of one chunk I/O. Called exactly once per submission, from
 * any context (interrupt included) and possibly before submit returns; it
 * must not sleep.
 */
typedef void (*lvss_io_done_fn)(void *ctx, blk_status_t status);

#endif /* LVSS_BUF_H */
