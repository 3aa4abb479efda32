// SPDX-License-Identifier: GPL-2.0
/*
 * Chunk buffers (lvss_buf.h): allocation, and moving their data into and
 * out of bios.
 */
#include <linux/bio.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "lvss_buf.h"

void lvss_buf_free(struct lvss_buf *buf)
{
	unsigned int i;

	if (!buf)
		return;
	for (i = 0; i < buf->nr_pages; i++)
		if (buf->pages[i])
			__free_page(buf->pages[i]);
	kfree(buf);
}

/*
 * The chunk in physically contiguous pages, where the allocator has them
 * at once: a chunk's load and store write then carry one segment instead
 * of one per page (one bio_vec that fits in the bio itself, fewer
 * descriptors for the disk). Split into single pages, which is how they
 * are freed. False (nothing allocated) for single-page chunks or when no
 * such block is free.
 */
static bool lvss_buf_alloc_contig(struct lvss_buf *buf, gfp_t gfp)
{
	unsigned int i, order = ilog2(buf->nr_pages);
	struct page *page;

	if (!order)
		return false;
	page = alloc_pages(gfp | __GFP_NORETRY | __GFP_NOWARN, order);
	if (!page)
		return false;
	split_page(page, order);
	for (i = 0; i < buf->nr_pages; i++)
		buf->pages[i] = nth_page(page, i);
	buf->contig = true;
	return true;
}

/* A buffer for a chunk of 1 << @chunk_shift bytes, or NULL. */
struct lvss_buf *lvss_buf_alloc(u32 chunk_shift, gfp_t gfp)
{
	unsigned int i, nr = max(1U, 1U << (chunk_shift - PAGE_SHIFT));
	struct lvss_buf *buf;

	buf = kzalloc(struct_size(buf, pages, nr), gfp);
	if (!buf)
		return NULL;
	buf->nr_pages = nr;
	if (lvss_buf_alloc_contig(buf, gfp))
		return buf;
	for (i = 0; i < nr; i++) {
		buf->pages[i] = alloc_page(gfp);
		if (!buf->pages[i]) {
			lvss_buf_free(buf);
			return NULL;
		}
	}
	return buf;
}

/* The bio_vecs a bio needs to carry the whole buffer. */
unsigned int lvss_buf_nr_vecs(const struct lvss_buf *buf)
{
	return buf->contig ? 1 : buf->nr_pages;
}

/*
 * Adds the first @bytes of @buf to @bio, which has room for
 * lvss_buf_nr_vecs() vectors. Returns 0 or -EIO.
 */
int lvss_buf_add_to_bio(struct lvss_buf *buf, struct bio *bio, u32 bytes)
{
	unsigned int i;

	if (buf->contig)
		return bio_add_page(bio, buf->pages[0], bytes, 0) == bytes ?
		       0 : -EIO;
	for (i = 0; bytes; i++) {
		u32 n = min_t(u32, bytes, PAGE_SIZE);

		if (bio_add_page(bio, buf->pages[i], n, 0) != n)
			return -EIO;
		bytes -= n;
	}
	return 0;
}

/* Copies @bio's data range out of @buf, @offset bytes into the chunk. */
void lvss_buf_copy_to_bio(struct lvss_buf *buf, u32 offset, struct bio *bio)
{
	struct bvec_iter iter;
	struct bio_vec bv;

	bio_for_each_segment(bv, bio, iter) {
		u32 done = 0;

		while (done < bv.bv_len) {
			struct page *src = buf->pages[offset >> PAGE_SHIFT];
			u32 in_page = offset & ~PAGE_MASK;
			u32 n = min_t(u32, bv.bv_len - done, PAGE_SIZE - in_page);

			memcpy_page(bv.bv_page, bv.bv_offset + done, src,
				    in_page, n);
			done += n;
			offset += n;
		}
	}
}
