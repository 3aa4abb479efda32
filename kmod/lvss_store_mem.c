// SPDX-License-Identifier: GPL-2.0
/*
 * Memory store areas: pages allocated up front when the area is made, so
 * the I/O path never allocates; I/O is a copy and completes before submit
 * returns. For tests and small snapshots. All memory areas together may
 * take at most half of the RAM (lvss_store_mem_pages).
 *
 * No block layer in here: KUnit tests this file on user-mode Linux.
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "lvss_store.h"

/* Pages held by all memory areas together, for the RAM cap. */
static atomic_long_t lvss_store_mem_pages = ATOMIC_LONG_INIT(0);

/**
 * struct lvss_store_mem_area - a memory store area; constant once made
 * @area: the generic part
 * @nr_pages: pages in @pages
 * @pages: the data; slot s is the bytes [s << chunk_shift, (s + 1) <<
 *	chunk_shift) of their concatenation
 */
struct lvss_store_mem_area {
	struct lvss_store_area area;
	unsigned long nr_pages;
	struct page **pages;
};

static struct lvss_store_mem_area *to_mem_area(struct lvss_store_area *area)
{
	return container_of(area, struct lvss_store_mem_area, area);
}

/* Copies one chunk between slot @slot and @buf; false if out of range. */
static bool lvss_store_mem_copy(struct lvss_store_mem_area *m, u64 slot,
				struct lvss_buf *buf, bool write)
{
	size_t left = (size_t)1 << m->area.chunk_shift;
	u64 pos = slot << m->area.chunk_shift;	/* byte offset in the area */
	size_t boff = 0;			/* byte offset in @buf */

	if (slot >= m->area.nr_slots ||
	    (u64)buf->nr_pages << PAGE_SHIFT < left)
		return false;
	while (left) {
		struct page *mpage = m->pages[pos >> PAGE_SHIFT];
		struct page *bpage = buf->pages[boff >> PAGE_SHIFT];
		size_t moff = offset_in_page(pos), bpoff = offset_in_page(boff);
		size_t n = min3(left, PAGE_SIZE - moff, PAGE_SIZE - bpoff);

		if (write)
			memcpy_page(mpage, moff, bpage, bpoff, n);
		else
			memcpy_page(bpage, bpoff, mpage, moff, n);
		pos += n;
		boff += n;
		left -= n;
	}
	return true;
}

/* Any context: kmap_local and memcpy only. */
static void lvss_store_mem_submit(struct lvss_store_area *area, u64 slot,
				  struct lvss_buf *const *bufs,
				  unsigned int nr, bool write,
				  lvss_io_done_fn done, void *ctx)
{
	struct lvss_store_mem_area *m = to_mem_area(area);
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (!lvss_store_mem_copy(m, slot + i, bufs[i], write)) {
			done(ctx, BLK_STS_IOERR);
			return;
		}
	}
	done(ctx, BLK_STS_OK);
}

/* Any slots: a copy per chunk anyway. */
static u64 lvss_store_mem_run_left(struct lvss_store_area *area, u64 slot)
{
	return slot < area->nr_slots ? area->nr_slots - slot : 1;
}

static void lvss_store_mem_free_pages(struct lvss_store_mem_area *m,
				      unsigned long nr)
{
	while (nr)
		__free_page(m->pages[--nr]);
	kvfree(m->pages);
	atomic_long_sub(m->nr_pages, &lvss_store_mem_pages);
}

static void lvss_store_mem_destroy(struct lvss_store_area *area)
{
	struct lvss_store_mem_area *m = to_mem_area(area);

	lvss_store_mem_free_pages(m, m->nr_pages);
	kfree(m);
}

static const struct lvss_store_area_ops lvss_store_mem_ops = {
	.kind = LVSS_STORE_MEMORY,
	.submit = lvss_store_mem_submit,
	.run_left = lvss_store_mem_run_left,
	.destroy = lvss_store_mem_destroy,
};

/**
 * lvss_store_mem_area_new() - a store area in kernel memory
 * @bytes: capacity; rounded down to whole chunks
 * @chunk_shift: log2 of the chunk size
 * @extack: for the reason of a refusal
 *
 * Process context: allocates every page now, with GFP_KERNEL, failing
 * rather than invoking the OOM killer; a fatal signal interrupts it.
 *
 * Return: the area, or ERR_PTR(-EINVAL) (less than a chunk), -ERANGE (over 1 TiB), -ENOMEM
 * (over the RAM cap), -ENOMEM, -EINTR.
 */
struct lvss_store_area *lvss_store_mem_area_new(u64 bytes, u32 chunk_shift,
						struct netlink_ext_ack *extack)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN;
	struct lvss_store_mem_area *m;
	unsigned long i, nr_pages, cap;
	u64 slots;
	int err;

	if (!lvss_store_chunk_shift_ok(chunk_shift)) {
		lvss_store_set_err(extack, "chunk size must be between 4 KiB and 1 MiB");
		return ERR_PTR(-EINVAL);
	}
	if (bytes > LVSS_STORE_MEM_MAX_BYTES) {
		lvss_store_set_err(extack, "a memory store area may hold at most 1 TiB");
		return ERR_PTR(-ERANGE);
	}
	slots = bytes >> chunk_shift;
	if (!slots) {
		lvss_store_set_err(extack, "a memory store area must hold at least one chunk");
		return ERR_PTR(-EINVAL);
	}
	/* Half of the RAM for all memory areas together, checked in pages. */
	cap = totalram_pages() / 2;
	if (slots > (u64)cap << PAGE_SHIFT >> chunk_shift) {
		lvss_store_set_err(extack, "a memory store may use at most half of the RAM: give a smaller size or use a block device or file");
		return ERR_PTR(-ENOMEM);
	}
	nr_pages = DIV_ROUND_UP((unsigned long)(slots << chunk_shift),
				PAGE_SIZE);
	if (atomic_long_add_return(nr_pages, &lvss_store_mem_pages) > cap) {
		atomic_long_sub(nr_pages, &lvss_store_mem_pages);
		lvss_store_set_err(extack, "memory stores would use more than half of the RAM together: give a smaller size or use a block device or file");
		return ERR_PTR(-ENOMEM);
	}

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m) {
		err = -ENOMEM;
		goto err_unaccount;
	}
	m->nr_pages = nr_pages;
	m->pages = kvcalloc(nr_pages, sizeof(*m->pages), GFP_KERNEL);
	if (!m->pages) {
		err = -ENOMEM;
		goto err_free_area;
	}
	for (i = 0; i < nr_pages; i++) {
		m->pages[i] = alloc_page(gfp);
		if (!m->pages[i]) {
			err = -ENOMEM;
			goto err_free_pages;
		}
		if (fatal_signal_pending(current)) {
			i++;
			err = -EINTR;
			goto err_free_pages;
		}
		cond_resched();
	}
	m->area.ops = &lvss_store_mem_ops;
	m->area.nr_slots = slots;
	m->area.chunk_shift = chunk_shift;
	return &m->area;

err_free_pages:
	/* Also gives back the pages we accounted for. */
	lvss_store_mem_free_pages(m, i);
	kfree(m);
	if (err == -EINTR)
		lvss_store_set_err(extack, "interrupted while allocating the memory store");
	else
		lvss_store_set_err(extack, "not enough free memory for the memory store: give a smaller size");
	return ERR_PTR(err);
err_free_area:
	kfree(m);
err_unaccount:
	atomic_long_sub(nr_pages, &lvss_store_mem_pages);
	lvss_store_set_err(extack, "not enough free memory for the memory store: give a smaller size");
	return ERR_PTR(err);
}
