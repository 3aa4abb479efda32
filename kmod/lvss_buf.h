/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chunk buffers: the unit of copy-on-write I/O. A buffer holds one chunk
 * (4 KiB..1 MiB) in whole pages, physically contiguous where the
 * allocator allows; buffers come from a bounded per-device pool
 * (lvss_cow.c) so a write burst meets back-pressure, not an unbounded
 * allocation. Code: lvss_buf.c.
 */
#ifndef LVSS_BUF_H
#define LVSS_BUF_H

#include <linux/blk_types.h>
#include <linux/mm_types.h>
#include <linux/types.h>

/**
 * struct lvss_buf - one chunk's data in memory
 * @nr_pages: chunk size / PAGE_SIZE (at least 1)
 * @contig: the pages are physically contiguous
 * @pages: the pages, in order
 */
struct lvss_buf {
	unsigned int nr_pages;
	bool contig;
	struct page *pages[];
};

/*
 * Completion of one chunk I/O. Called exactly once per submission, from
 * any context (interrupt included) and possibly before submit returns; it
 * must not sleep.
 */
typedef void (*lvss_io_done_fn)(void *ctx, blk_status_t status);

struct bio;

struct lvss_buf *lvss_buf_alloc(u32 chunk_shift, gfp_t gfp);
void lvss_buf_free(struct lvss_buf *buf);
unsigned int lvss_buf_nr_vecs(const struct lvss_buf *buf);
int lvss_buf_add_to_bio(struct lvss_buf *buf, struct bio *bio, u32 bytes);
void lvss_buf_copy_to_bio(struct lvss_buf *buf, u32 offset, struct bio *bio);

#endif /* LVSS_BUF_H */
