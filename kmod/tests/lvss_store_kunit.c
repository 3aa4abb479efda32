// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for lvss_store.c (the slot allocator and I/O routing, over
 * fake areas) and lvss_store_mem.c (memory areas, for real).
 *
 * Not part of lvss.ko: tests/kunit/run.sh builds this file together with
 * ../lvss_store.c and ../lvss_store_mem.c into a user-mode Linux kernel
 * and runs it there.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../lvss_store.h"

#define SHIFT	16	/* 64 KiB chunks */

/* A fake area: records submissions, counts its destruction. */
struct fake_area {
	struct lvss_store_area area;
	int *destroyed;
	unsigned int submits;
	unsigned int last_nr;
	u64 last_slot;
	bool last_write;
};

static void fake_submit(struct lvss_store_area *area, u64 slot,
			struct lvss_buf *const *bufs, unsigned int nr,
			bool write, lvss_io_done_fn done, void *ctx)
{
	struct fake_area *f = container_of(area, struct fake_area, area);

	f->submits++;
	f->last_nr = nr;
	f->last_slot = slot;
	f->last_write = write;
	done(ctx, BLK_STS_OK);
}

static void fake_destroy(struct lvss_store_area *area)
{
	struct fake_area *f = container_of(area, struct fake_area, area);

	(*f->destroyed)++;
	kfree(f);
}

static const struct lvss_store_area_ops fake_ops = {
	.kind = LVSS_STORE_MEMORY,
	.submit = fake_submit,
	.destroy = fake_destroy,
};

/* Not kunit-managed: the store frees its areas. */
static struct fake_area *fake_new(struct kunit *test, u64 slots, u32 shift,
				  int *destroyed)
{
	struct fake_area *f = kzalloc(sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->area.ops = &fake_ops;
	f->area.nr_slots = slots;
	f->area.chunk_shift = shift;
	f->destroyed = destroyed;
	return f;
}

static struct lvss_store *store_new(struct kunit *test)
{
	struct lvss_store *store = lvss_store_new(SHIFT);

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(store));
	return store;
}

static struct fake_area *add_fake(struct kunit *test, struct lvss_store *store,
				  u64 slots, int *destroyed)
{
	struct fake_area *f = fake_new(test, slots, SHIFT, destroyed);
	struct netlink_ext_ack extack = {};

	KUNIT_ASSERT_EQ_MSG(test, lvss_store_add_area(store, &f->area, &extack),
			    0, "%s", extack._msg ?: "");
	return f;
}

static void expect_usage(struct kunit *test, struct lvss_store *store,
			 u64 used, u64 total)
{
	u64 u = U64_MAX, t = U64_MAX;

	lvss_store_usage(store, &u, &t);
	KUNIT_EXPECT_EQ(test, u, used);
	KUNIT_EXPECT_EQ(test, t, total);
}

static u64 alloc_ok(struct kunit *test, struct lvss_store *store)
{
	u64 slot = U64_MAX;

	KUNIT_EXPECT_EQ(test, lvss_store_alloc_slot(store, &slot), 0);
	return slot;
}

static void expect_full(struct kunit *test, struct lvss_store *store)
{
	u64 slot = 4242;

	KUNIT_EXPECT_EQ(test, lvss_store_alloc_slot(store, &slot), -ENOSPC);
	KUNIT_EXPECT_EQ(test, slot, 4242ULL);
}

static void lvss_store_new_test(struct kunit *test)
{
	struct lvss_store *store;
	u32 shift;

	for (shift = 0; shift < 40; shift++) {
		bool ok = shift >= 12 && shift <= 20;

		store = lvss_store_new(shift);
		if (ok) {
			KUNIT_EXPECT_FALSE_MSG(test, IS_ERR_OR_NULL(store),
					       "shift %u", shift);
			if (!IS_ERR_OR_NULL(store))
				KUNIT_EXPECT_EQ(test,
						lvss_store_chunk_shift(store),
						shift);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(store),
					    -EINVAL, "shift %u", shift);
		}
		lvss_store_destroy(store);
	}
	lvss_store_destroy(NULL);
}

static void lvss_store_empty_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);

	expect_full(test, store);
	expect_usage(test, store, 0, 0);
	KUNIT_EXPECT_NULL(test, lvss_store_area_at(store, 0));
	lvss_store_destroy(store);
}

static void lvss_store_alloc_until_full_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);
	DECLARE_BITMAP(seen, 10) = {};
	int destroyed = 0;
	unsigned int i;

	add_fake(test, store, 10, &destroyed);
	for (i = 0; i < 10; i++) {
		u64 s = alloc_ok(test, store);

		KUNIT_ASSERT_LT(test, s, 10ULL);
		KUNIT_EXPECT_FALSE_MSG(test, test_bit(s, seen),
				       "slot %llu handed out twice", s);
		__set_bit(s, seen);
		expect_usage(test, store, i + 1, 10);
	}
	expect_full(test, store);
	expect_full(test, store);
	expect_usage(test, store, 10, 10);
	lvss_store_destroy(store);
	KUNIT_EXPECT_EQ(test, destroyed, 1);
}

static void lvss_store_free_realloc_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);
	int destroyed = 0;
	unsigned int i;
	u64 a, b;

	add_fake(test, store, 10, &destroyed);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, alloc_ok(test, store), (u64)i);
	lvss_store_free_slot(store, 7);
	lvss_store_free_slot(store, 3);
	expect_usage(test, store, 8, 10);
	a = alloc_ok(test, store);
	b = alloc_ok(test, store);
	KUNIT_EXPECT_TRUE_MSG(test, (a == 3 && b == 7) || (a == 7 && b == 3),
			      "got %llu and %llu", a, b);
	expect_full(test, store);

	/* Free everything; all ten come back. */
	for (i = 0; i < 10; i++)
		lvss_store_free_slot(store, i);
	expect_usage(test, store, 0, 10);
	for (i = 0; i < 10; i++)
		alloc_ok(test, store);
	expect_full(test, store);
	lvss_store_destroy(store);
	KUNIT_EXPECT_EQ(test, destroyed, 1);
}

/* Next fit: a freed slot is reused only after the cursor wraps. */
static void lvss_store_next_fit_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);
	int destroyed = 0;

	add_fake(test, store, 5, &destroyed);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, store), 0ULL);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, store), 1ULL);
	lvss_store_free_slot(store, 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, store), 2ULL);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, store), 3ULL);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, store), 4ULL);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, store), 0ULL);
	expect_full(test, store);

	/* The only free slot lies before the cursor, in the same area. */
	lvss_store_free_slot(store, 3);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, store), 3ULL);
	lvss_store_free_slot(store, 1);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, store), 1ULL);
	expect_full(test, store);
	lvss_store_destroy(store);
}

static void lvss_store_append_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);
	struct fake_area *a, *b, *c;
	int destroyed = 0;
	unsigned int i;

	a = add_fake(test, store, 4, &destroyed);
	KUNIT_EXPECT_EQ(test, a->area.first_slot, 0ULL);
	for (i = 0; i < 4; i++)
		alloc_ok(test, store);
	expect_full(test, store);

	/* Space appended to a full, live store. */
	b = add_fake(test, store, 6, &destroyed);
	KUNIT_EXPECT_EQ(test, b->area.first_slot, 4ULL);
	expect_usage(test, store, 4, 10);
	for (i = 0; i < 6; i++) {
		u64 s = alloc_ok(test, store);

		KUNIT_EXPECT_GE(test, s, 4ULL);
		KUNIT_EXPECT_LT(test, s, 10ULL);
	}
	expect_full(test, store);

	/* A slot freed in the first area is found across the areas. */
	lvss_store_free_slot(store, 2);
	lvss_store_free_slot(store, 8);
	c = add_fake(test, store, 1, &destroyed);
	KUNIT_EXPECT_EQ(test, c->area.first_slot, 10ULL);
	expect_usage(test, store, 8, 11);
	for (i = 0; i < 3; i++) {
		u64 s = alloc_ok(test, store);

		KUNIT_EXPECT_TRUE_MSG(test, s == 2 || s == 8 || s == 10,
				      "slot %llu", s);
	}
	expect_full(test, store);

	KUNIT_EXPECT_PTR_EQ(test, lvss_store_area_at(store, 0),
			    (const struct lvss_store_area *)&a->area);
	KUNIT_EXPECT_PTR_EQ(test, lvss_store_area_at(store, 1),
			    (const struct lvss_store_area *)&b->area);
	KUNIT_EXPECT_PTR_EQ(test, lvss_store_area_at(store, 2),
			    (const struct lvss_store_area *)&c->area);
	KUNIT_EXPECT_NULL(test, lvss_store_area_at(store, 3));
	lvss_store_destroy(store);
	KUNIT_EXPECT_EQ(test, destroyed, 3);
}

/* Refused areas stay the caller's; the store stays as it was. */
static void lvss_store_add_refusals_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);
	struct netlink_ext_ack extack = {};
	int destroyed = 0, refused = 0;
	struct fake_area *f;
	unsigned int i;

	f = fake_new(test, 4, SHIFT + 1, &refused);
	KUNIT_EXPECT_EQ(test, lvss_store_add_area(store, &f->area, &extack),
			-EINVAL);
	KUNIT_EXPECT_TRUE(test, extack._msg && strstr(extack._msg, "chunk size"));
	lvss_store_area_destroy(&f->area);

	extack._msg = NULL;
	f = fake_new(test, 0, SHIFT, &refused);
	KUNIT_EXPECT_EQ(test, lvss_store_add_area(store, &f->area, &extack),
			-EINVAL);
	KUNIT_EXPECT_TRUE(test, extack._msg && strstr(extack._msg, "no chunk"));
	lvss_store_area_destroy(&f->area);

	extack._msg = NULL;
	f = fake_new(test, LVSS_STORE_AREA_SLOTS_MAX + 1, SHIFT, &refused);
	KUNIT_EXPECT_EQ(test, lvss_store_add_area(store, &f->area, &extack),
			-EFBIG);
	KUNIT_EXPECT_TRUE(test, extack._msg && strstr(extack._msg, "too many"));
	lvss_store_area_destroy(&f->area);
	KUNIT_EXPECT_EQ(test, refused, 3);
	expect_usage(test, store, 0, 0);

	/* A NULL extack is allowed. */
	f = fake_new(test, 0, SHIFT, &refused);
	KUNIT_EXPECT_EQ(test, lvss_store_add_area(store, &f->area, NULL),
			-EINVAL);
	lvss_store_area_destroy(&f->area);
	lvss_store_area_destroy(NULL);

	/* The area limit: 64 fit, the 65th does not. */
	for (i = 0; i < LVSS_STORE_AREAS_MAX; i++)
		add_fake(test, store, 1, &destroyed);
	expect_usage(test, store, 0, LVSS_STORE_AREAS_MAX);
	extack._msg = NULL;
	f = fake_new(test, 1, SHIFT, &refused);
	KUNIT_EXPECT_EQ(test, lvss_store_add_area(store, &f->area, &extack),
			-E2BIG);
	KUNIT_EXPECT_TRUE(test, extack._msg && strstr(extack._msg, "64 areas"));
	lvss_store_area_destroy(&f->area);
	expect_usage(test, store, 0, LVSS_STORE_AREAS_MAX);
	for (i = 0; i < LVSS_STORE_AREAS_MAX; i++)
		KUNIT_EXPECT_EQ(test, alloc_ok(test, store), (u64)i);
	expect_full(test, store);
	lvss_store_destroy(store);
	KUNIT_EXPECT_EQ(test, destroyed, (int)LVSS_STORE_AREAS_MAX);
	KUNIT_EXPECT_EQ(test, refused, 5);
}

struct done_rec {
	unsigned int calls;
	blk_status_t status;
};

static void done_fn(void *ctx, blk_status_t status)
{
	struct done_rec *r = ctx;

	r->calls++;
	r->status = status;
}

/* How far one I/O may go: the fake's own limit, the run cap, 1 without. */
static u64 fake_run_left(struct lvss_store_area *area, u64 slot)
{
	return area->nr_slots - slot;
}

static const struct lvss_store_area_ops fake_run_ops = {
	.kind = LVSS_STORE_MEMORY,
	.submit = fake_submit,
	.run_left = fake_run_left,
	.destroy = fake_destroy,
};

static void lvss_store_run_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);
	struct netlink_ext_ack extack = {};
	struct lvss_buf *bufs[LVSS_STORE_RUN_MAX + 1] = {};
	struct fake_area *a, *b, *c;
	struct done_rec r = {};
	int destroyed = 0;

	/* Slots 0..2: no run_left (1 each); 3..7; 8..(8 + 2 * MAX - 1). */
	a = add_fake(test, store, 3, &destroyed);
	b = fake_new(test, 5, SHIFT, &destroyed);
	b->area.ops = &fake_run_ops;
	KUNIT_ASSERT_EQ(test, lvss_store_add_area(store, &b->area, &extack), 0);
	c = fake_new(test, 2 * LVSS_STORE_RUN_MAX, SHIFT, &destroyed);
	c->area.ops = &fake_run_ops;
	KUNIT_ASSERT_EQ(test, lvss_store_add_area(store, &c->area, &extack), 0);

	KUNIT_EXPECT_EQ(test, lvss_store_run_left(store, 0), 1U);
	KUNIT_EXPECT_EQ(test, lvss_store_run_left(store, 2), 1U);
	/* Never across an area's end. */
	KUNIT_EXPECT_EQ(test, lvss_store_run_left(store, 3), 5U);
	KUNIT_EXPECT_EQ(test, lvss_store_run_left(store, 7), 1U);
	/* Capped at what one I/O carries. */
	KUNIT_EXPECT_EQ(test, lvss_store_run_left(store, 8), LVSS_STORE_RUN_MAX);
	KUNIT_EXPECT_EQ(test, lvss_store_run_left(store, 8 + 2 * LVSS_STORE_RUN_MAX - 2), 2U);
	/* A slot no area holds: one chunk, which submit then refuses. */
	KUNIT_EXPECT_EQ(test, lvss_store_run_left(store, 1000), 1U);

	lvss_store_submit_run(store, 4, bufs, 4, true, done_fn, &r);
	KUNIT_EXPECT_EQ(test, r.calls, 1U);
	KUNIT_EXPECT_EQ(test, r.status, BLK_STS_OK);
	KUNIT_EXPECT_EQ(test, b->submits, 1U);
	KUNIT_EXPECT_EQ(test, b->last_slot, 1ULL);
	KUNIT_EXPECT_EQ(test, b->last_nr, 4U);

	KUNIT_EXPECT_EQ(test, a->submits, 0U);
	KUNIT_EXPECT_EQ(test, c->submits, 0U);
	lvss_store_destroy(store);
	KUNIT_EXPECT_EQ(test, destroyed, 3);
}

static void lvss_store_submit_routing_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);
	const u64 sizes[] = { 2, 3, 5 };
	struct fake_area *f[3];
	int destroyed = 0;
	unsigned int i;
	u64 slot = 0, j;

	for (i = 0; i < 3; i++)
		f[i] = add_fake(test, store, sizes[i], &destroyed);
	for (i = 0; i < 3; i++) {
		for (j = 0; j < sizes[i]; j++, slot++) {
			struct done_rec r = {};
			bool write = slot & 1;

			lvss_store_submit(store, slot, NULL, write, done_fn, &r);
			KUNIT_EXPECT_EQ_MSG(test, r.calls, 1U, "slot %llu", slot);
			KUNIT_EXPECT_EQ(test, r.status, BLK_STS_OK);
			KUNIT_EXPECT_EQ_MSG(test, f[i]->last_slot, j,
					    "slot %llu", slot);
			KUNIT_EXPECT_EQ(test, f[i]->last_write, write);
		}
		KUNIT_EXPECT_EQ(test, f[i]->submits, (unsigned int)sizes[i]);
	}
	lvss_store_destroy(store);
	KUNIT_EXPECT_EQ(test, destroyed, 3);
}

struct low_rec {
	struct lvss_store *store;
	unsigned int calls;
	u64 used, total;	/* lvss_store_usage() from inside the callback */
};

static void low_fn(struct lvss_store *store, void *arg)
{
	struct low_rec *r = arg;

	r->calls++;
	r->store = store;
	lvss_store_usage(store, &r->used, &r->total);
}

static void lvss_store_low_watermark_test(struct kunit *test)
{
	struct lvss_store *store = store_new(test);
	struct low_rec r = {};
	int destroyed = 0;
	unsigned int i;
	u64 last;

	add_fake(test, store, 10, &destroyed);
	lvss_store_set_low_watermark(store, 3, low_fn, &r);
	/* 8 allocations leave 2 free, fewer than 3: the 8th fires. */
	for (i = 0; i < 7; i++)
		alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 0U);
	alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 1U);
	KUNIT_EXPECT_PTR_EQ(test, r.store, store);
	KUNIT_EXPECT_EQ(test, r.used, 8ULL);
	KUNIT_EXPECT_EQ(test, r.total, 10ULL);

	/* Once: not again while still low, not after frees, not when full. */
	alloc_ok(test, store);
	alloc_ok(test, store);
	expect_full(test, store);
	lvss_store_free_slot(store, 0);
	lvss_store_free_slot(store, 1);
	lvss_store_free_slot(store, 2);
	lvss_store_free_slot(store, 3);
	alloc_ok(test, store);
	alloc_ok(test, store);
	alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 1U);

	/* Adding space re-arms it: 10 + 10 slots, 9 used, 11 free. */
	add_fake(test, store, 10, &destroyed);
	expect_usage(test, store, 9, 20);
	for (i = 0; i < 8; i++)
		alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 1U);	/* 3 free: not below 3 */
	alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 2U);	/* 2 free */
	KUNIT_EXPECT_EQ(test, r.used, 18ULL);
	KUNIT_EXPECT_EQ(test, r.total, 20ULL);
	alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 2U);

	/* Adding space that leaves the store low fires at the next alloc. */
	add_fake(test, store, 2, &destroyed);
	alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 3U);

	/* Setting the watermark re-arms it too; NULL silences it. */
	lvss_store_set_low_watermark(store, 5, low_fn, &r);
	alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 4U);
	lvss_store_free_slot(store, 0);
	lvss_store_set_low_watermark(store, 5, NULL, NULL);
	last = alloc_ok(test, store);
	KUNIT_EXPECT_EQ(test, r.calls, 4U);

	/* A threshold of 0 never fires, even when the store fills up. */
	lvss_store_free_slot(store, last);
	lvss_store_set_low_watermark(store, 0, low_fn, &r);
	for (i = 0; i < 22 && !lvss_store_alloc_slot(store, &last); i++)
		;
	KUNIT_EXPECT_LT(test, i, 22U);
	expect_usage(test, store, 22, 22);
	KUNIT_EXPECT_EQ(test, r.calls, 4U);
	lvss_store_destroy(store);
	KUNIT_EXPECT_EQ(test, destroyed, 3);
}

/* A chunk buffer of @nr pages, freed by free_buf(). */
static struct lvss_buf *alloc_buf(struct kunit *test, unsigned int nr)
{
	struct lvss_buf *buf = kzalloc(struct_size(buf, pages, nr), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf->nr_pages = nr;
	for (i = 0; i < nr; i++) {
		buf->pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf->pages[i]);
	}
	return buf;
}

static void free_buf(struct lvss_buf *buf)
{
	unsigned int i;

	for (i = 0; i < buf->nr_pages; i++)
		__free_page(buf->pages[i]);
	kfree(buf);
}

static void fill_buf(struct lvss_buf *buf, size_t bytes, u8 seed)
{
	size_t i;

	for (i = 0; i < bytes; i++) {
		u8 *p = kmap_local_page(buf->pages[i / PAGE_SIZE]);

		p[i % PAGE_SIZE] = (u8)(seed + i * 31 + i / 4096);
		kunmap_local(p);
	}
}

static bool buf_matches(struct lvss_buf *buf, size_t bytes, u8 seed)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < bytes && ok; i++) {
		u8 *p = kmap_local_page(buf->pages[i / PAGE_SIZE]);

		ok = p[i % PAGE_SIZE] == (u8)(seed + i * 31 + i / 4096);
		kunmap_local(p);
	}
	return ok;
}

/*
 * Write all slots but the first with one run (each its own pattern), read
 * each back alone; then read them all with one run.
 */
static void mem_run_roundtrip(struct kunit *test, struct lvss_store *store,
			      u32 shift, u64 nr_slots)
{
	size_t chunk = (size_t)1 << shift;
	unsigned int nr_pages = DIV_ROUND_UP(chunk, PAGE_SIZE);
	unsigned int i, nr = min_t(u64, nr_slots - 1, LVSS_STORE_RUN_MAX);
	struct lvss_buf *bufs[LVSS_STORE_RUN_MAX];
	struct done_rec r = {};

	KUNIT_ASSERT_GE(test, nr, 2U);
	KUNIT_EXPECT_EQ(test, lvss_store_run_left(store, 1), nr);
	for (i = 0; i < nr; i++) {
		bufs[i] = alloc_buf(test, nr_pages);
		fill_buf(bufs[i], chunk, (u8)(0x40 + i));
	}
	lvss_store_submit_run(store, 1, bufs, nr, true, done_fn, &r);
	KUNIT_EXPECT_EQ(test, r.calls, 1U);
	KUNIT_EXPECT_EQ(test, r.status, BLK_STS_OK);
	for (i = 0; i < nr; i++) {
		r = (struct done_rec){};
		fill_buf(bufs[0], chunk, 0xa5);
		lvss_store_submit(store, 1 + i, bufs[0], false, done_fn, &r);
		KUNIT_EXPECT_EQ(test, r.status, BLK_STS_OK);
		KUNIT_EXPECT_TRUE_MSG(test, buf_matches(bufs[0], chunk,
							(u8)(0x40 + i)),
				      "shift %u run slot %u read back wrong",
				      shift, 1 + i);
	}
	for (i = 0; i < nr; i++)
		fill_buf(bufs[i], chunk, 0x5a);
	r = (struct done_rec){};
	lvss_store_submit_run(store, 1, bufs, nr, false, done_fn, &r);
	KUNIT_EXPECT_EQ(test, r.calls, 1U);
	KUNIT_EXPECT_EQ(test, r.status, BLK_STS_OK);
	for (i = 0; i < nr; i++) {
		KUNIT_EXPECT_TRUE_MSG(test, buf_matches(bufs[i], chunk,
							(u8)(0x40 + i)),
				      "shift %u run read of slot %u wrong",
				      shift, 1 + i);
		free_buf(bufs[i]);
	}
}

/* Write a pattern per slot, then read every slot back, for a chunk size. */
static void mem_roundtrip(struct kunit *test, u32 shift, u64 bytes,
			  u64 want_slots)
{
	struct lvss_store *store = lvss_store_new(shift);
	size_t chunk = (size_t)1 << shift;
	unsigned int nr = DIV_ROUND_UP(chunk, PAGE_SIZE);
	struct netlink_ext_ack extack = {};
	struct lvss_store_area *area;
	struct lvss_buf *buf;
	u64 slot;

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(store));
	area = lvss_store_mem_area_new(bytes, shift, &extack);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(area), "%s", extack._msg ?: "");
	KUNIT_EXPECT_EQ(test, area->nr_slots, want_slots);
	KUNIT_EXPECT_EQ(test, area->chunk_shift, shift);
	KUNIT_EXPECT_EQ(test, area->ops->kind, (u32)LVSS_STORE_MEMORY);
	KUNIT_ASSERT_EQ(test, lvss_store_add_area(store, area, &extack), 0);

	buf = alloc_buf(test, nr);
	for (slot = 0; slot < want_slots; slot++) {
		struct done_rec r = {};

		fill_buf(buf, chunk, (u8)slot);
		lvss_store_submit(store, slot, buf, true, done_fn, &r);
		/* Memory areas complete before submit returns. */
		KUNIT_EXPECT_EQ(test, r.calls, 1U);
		KUNIT_EXPECT_EQ(test, r.status, BLK_STS_OK);
	}
	for (slot = 0; slot < want_slots; slot++) {
		struct done_rec r = {};

		fill_buf(buf, chunk, 0xa5);
		lvss_store_submit(store, slot, buf, false, done_fn, &r);
		KUNIT_EXPECT_EQ(test, r.calls, 1U);
		KUNIT_EXPECT_EQ(test, r.status, BLK_STS_OK);
		KUNIT_EXPECT_TRUE_MSG(test, buf_matches(buf, chunk, (u8)slot),
				      "shift %u slot %llu read back wrong",
				      shift, slot);
	}
	free_buf(buf);
	mem_run_roundtrip(test, store, shift, want_slots);

	/* A buffer too small for the chunk is refused, not overrun. */
	if (nr > 1) {
		struct done_rec r = {};

		buf = alloc_buf(test, nr - 1);
		lvss_store_submit(store, 0, buf, true, done_fn, &r);
		KUNIT_EXPECT_EQ(test, r.calls, 1U);
		KUNIT_EXPECT_EQ(test, r.status, BLK_STS_IOERR);
		free_buf(buf);
	}
	lvss_store_destroy(store);
}

static void lvss_store_mem_roundtrip_test(struct kunit *test)
{
	/* Rounded down to whole chunks. */
	mem_roundtrip(test, 12, 5 * 4096 + 4095, 5);
	mem_roundtrip(test, 13, 3 * 8192, 3);
	mem_roundtrip(test, 16, 4 * 65536 + 512, 4);
}

static void expect_mem_refused(struct kunit *test, u64 bytes, u32 shift,
			       int err, const char *phrase)
{
	struct netlink_ext_ack extack = {};
	struct lvss_store_area *area;

	area = lvss_store_mem_area_new(bytes, shift, &extack);
	KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(area), err,
			    "bytes %llu shift %u", bytes, shift);
	if (!IS_ERR(area)) {
		lvss_store_area_destroy(area);
		return;
	}
	KUNIT_EXPECT_TRUE_MSG(test, extack._msg && strstr(extack._msg, phrase),
			      "message \"%s\" lacks \"%s\"",
			      extack._msg ?: "(none)", phrase);
}

static void lvss_store_mem_refusals_test(struct kunit *test)
{
	u64 ram = (u64)totalram_pages() << PAGE_SHIFT;
	struct lvss_store_area *a, *b;

	expect_mem_refused(test, 0, 12, -EINVAL, "at least one chunk");
	expect_mem_refused(test, 4095, 12, -EINVAL, "at least one chunk");
	expect_mem_refused(test, 65535, 16, -EINVAL, "at least one chunk");
	expect_mem_refused(test, 4096, 11, -EINVAL, "chunk size");
	expect_mem_refused(test, 1 << 21, 21, -EINVAL, "chunk size");
	expect_mem_refused(test, LVSS_STORE_MEM_MAX_BYTES + 1, 16, -ERANGE,
			   "1 TiB");
	expect_mem_refused(test, U64_MAX, 16, -ERANGE, "1 TiB");
	expect_mem_refused(test, ram / 2 + 65536, 16, -ENOMEM, "half of the RAM");
	expect_mem_refused(test, ram, 12, -ENOMEM, "half of the RAM");

	/* Together: two areas of a third of the RAM each do not fit. */
	a = lvss_store_mem_area_new(4096, 12, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	lvss_store_area_destroy(a);
	a = lvss_store_mem_area_new(ram / 2 - 4 * 4096, 12, NULL);
	if (IS_ERR(a)) {
		kunit_skip(test, "cannot allocate half of the RAM here (%ld)",
			   PTR_ERR(a));
		return;
	}
	expect_mem_refused(test, 8 * 4096, 12, -ENOMEM,
			   "more than half of the RAM together");
	b = lvss_store_mem_area_new(4096, 12, NULL);
	KUNIT_EXPECT_FALSE(test, IS_ERR(b));
	if (!IS_ERR(b))
		lvss_store_area_destroy(b);
	lvss_store_area_destroy(a);
	/* Given back: the same again fits. */
	a = lvss_store_mem_area_new(8 * 4096, 12, NULL);
	KUNIT_EXPECT_FALSE(test, IS_ERR(a));
	if (!IS_ERR(a))
		lvss_store_area_destroy(a);
}

static struct kunit_case lvss_store_cases[] = {
	KUNIT_CASE(lvss_store_new_test),
	KUNIT_CASE(lvss_store_empty_test),
	KUNIT_CASE(lvss_store_alloc_until_full_test),
	KUNIT_CASE(lvss_store_free_realloc_test),
	KUNIT_CASE(lvss_store_next_fit_test),
	KUNIT_CASE(lvss_store_append_test),
	KUNIT_CASE(lvss_store_add_refusals_test),
	KUNIT_CASE(lvss_store_submit_routing_test),
	KUNIT_CASE(lvss_store_run_test),
	KUNIT_CASE(lvss_store_low_watermark_test),
	KUNIT_CASE(lvss_store_mem_roundtrip_test),
	KUNIT_CASE(lvss_store_mem_refusals_test),
	{}
};

static struct kunit_suite lvss_store_suite = {
	.name = "lvss_store",
	.test_cases = lvss_store_cases,
};

kunit_test_suite(lvss_store_suite);

MODULE_DESCRIPTION("KUnit tests for the lvss CoW store and memory areas");
MODULE_LICENSE("GPL");
