// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for lvss_cbt.c: default block sizes, marking and listing
 * (ranges at the device's end, odd sizes, partial blocks), intervals
 * across takes, generation changes (wrap, resize, lost writes, no
 * memory), the range checks of GET_CHANGES, and a model test: random
 * writes and takes, every interval checked against what was written.
 *
 * Not part of lvss.ko: tests/kunit/run.sh builds it into user-mode Linux.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <uapi/linux/lvss.h>

#include "../lvss_cbt.h"

#define KIB 1024ULL
#define MIB (1024ULL * KIB)

/* Every extent of intervals [lo, hi], one call after another. */
static unsigned int all_changes(struct kunit *test, struct lvss_cbt *cbt,
				u8 lo, u8 hi, struct lvss_cbt_extent *ext,
				unsigned int max)
{
	unsigned int n = 0;
	u64 pos = 0;

	while (pos < lvss_cbt_blocks(cbt)) {
		int got = lvss_cbt_changes(cbt, &cbt->generation, lo, hi, &pos,
					   ext + n, max - n);

		KUNIT_ASSERT_GE(test, got, 0);
		n += got;
		if (n == max)
			break;
	}
	return n;
}

/* The mark a test expects writes to store now. */
static u8 current_mark(struct lvss_cbt *cbt)
{
	struct lvss_cbt_info info;

	lvss_cbt_get_info(cbt, &info);
	return info.mark;
}

/* One take's flip, with the spare a prepare would make. */
static void take(struct lvss_cbt *cbt, u64 seq, u64 dev_bytes)
{
	struct lvss_cbt_map *spare = lvss_cbt_prepare(cbt, dev_bytes, seq);

	lvss_cbt_advance(cbt, seq, dev_bytes, &spare);
	lvss_cbt_free_spare(spare);
}

static void lvss_cbt_default_sizes(struct kunit *test)
{
	/* 4 KiB blocks up to 64 GiB (16 Mi blocks), then doubling. */
	KUNIT_EXPECT_EQ(test, lvss_cbt_default_shift(1), 12U);
	KUNIT_EXPECT_EQ(test, lvss_cbt_default_shift(64ULL << 30), 12U);
	KUNIT_EXPECT_EQ(test, lvss_cbt_default_shift((64ULL << 30) + 1), 13U);
	KUNIT_EXPECT_EQ(test, lvss_cbt_default_shift(1ULL << 40), 16U);
	/* Capped at 1 MiB blocks, even if the map then grows past 16 MiB. */
	KUNIT_EXPECT_EQ(test, lvss_cbt_default_shift(1ULL << 50), 20U);
}

static void lvss_cbt_mark_and_list(struct kunit *test)
{
	struct lvss_cbt_extent ext[8];
	struct lvss_cbt cbt;
	u64 dev = 1 * MIB + 512;	/* 257 blocks, the last one 512 bytes */

	KUNIT_ASSERT_EQ(test, lvss_cbt_init(&cbt, dev, 12), 0);
	KUNIT_EXPECT_EQ(test, lvss_cbt_blocks(&cbt), 257ULL);
	KUNIT_EXPECT_EQ(test, all_changes(test, &cbt, 1, 1, ext, 8), 0U);

	lvss_cbt_mark(&cbt, 0, 1);			/* block 0 */
	lvss_cbt_mark(&cbt, 8 * KIB - 1, 2);		/* blocks 1 and 2 */
	lvss_cbt_mark(&cbt, 100 * 4 * KIB, 4 * KIB);	/* block 100 exactly */
	lvss_cbt_mark(&cbt, dev - 1, 1);		/* the partial last */
	KUNIT_ASSERT_EQ(test, all_changes(test, &cbt, 1, 1, ext, 8), 3U);
	KUNIT_EXPECT_EQ(test, ext[0].offset, 0ULL);
	KUNIT_EXPECT_EQ(test, ext[0].length, 12 * KIB);
	KUNIT_EXPECT_EQ(test, ext[1].offset, 400 * KIB);
	KUNIT_EXPECT_EQ(test, ext[1].length, 4 * KIB);
	/* Ends at the device's end, not at the block's. */
	KUNIT_EXPECT_EQ(test, ext[2].offset, 1 * MIB);
	KUNIT_EXPECT_EQ(test, ext[2].length, 512ULL);
	KUNIT_EXPECT_EQ(test, lvss_cbt_count(&cbt, 1), 5ULL);
	KUNIT_EXPECT_FALSE(test, cbt.lost);

	/* Room for two extents: the third comes with the next call. */
	KUNIT_EXPECT_EQ(test, all_changes(test, &cbt, 1, 1, ext, 2), 2U);

	/* A write past the map is remembered as lost history. */
	lvss_cbt_mark(&cbt, dev - 1, 4096);
	KUNIT_EXPECT_TRUE(test, cbt.lost);
	lvss_cbt_destroy(&cbt);
}

static void lvss_cbt_intervals(struct kunit *test)
{
	struct lvss_cbt_extent ext[4];
	struct lvss_cbt cbt;
	u8 lo, hi;

	KUNIT_ASSERT_EQ(test, lvss_cbt_init(&cbt, 64 * KIB, 12), 0);
	lvss_cbt_mark(&cbt, 0, 4096);		/* before snapshot 1 */
	take(&cbt, 1, 64 * KIB);
	KUNIT_EXPECT_EQ(test, current_mark(&cbt), 2);
	lvss_cbt_mark(&cbt, 4096, 4096);	/* between 1 and 2 */
	take(&cbt, 2, 64 * KIB);
	lvss_cbt_mark(&cbt, 8192, 4096);	/* after 2 */

	/* 1 -> 2: block 1, and block 2 written since (a superset, see .c) */
	KUNIT_ASSERT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 1, true, 2,
					     &lo, &hi), 0);
	KUNIT_ASSERT_EQ(test, all_changes(test, &cbt, lo, hi, ext, 4), 1U);
	KUNIT_EXPECT_EQ(test, ext[0].offset, 4096ULL);
	KUNIT_EXPECT_EQ(test, ext[0].length, 8192ULL);
	/* 1 -> now: blocks 1 and 2 */
	KUNIT_ASSERT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 1, false, 0,
					     &lo, &hi), 0);
	KUNIT_ASSERT_EQ(test, all_changes(test, &cbt, lo, hi, ext, 4), 1U);
	KUNIT_EXPECT_EQ(test, ext[0].offset, 4096ULL);
	KUNIT_EXPECT_EQ(test, ext[0].length, 8192ULL);
	/* base (0) -> 1: blocks 0, 1, 2 */
	KUNIT_ASSERT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 0, true, 1,
					     &lo, &hi), 0);
	KUNIT_ASSERT_EQ(test, all_changes(test, &cbt, lo, hi, ext, 4), 1U);
	KUNIT_EXPECT_EQ(test, ext[0].offset, 0ULL);
	KUNIT_EXPECT_EQ(test, ext[0].length, 12288ULL);
	/* 2 -> 2: block 2, written after snapshot 2 */
	KUNIT_ASSERT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 2, true, 2,
					     &lo, &hi), 0);
	KUNIT_ASSERT_EQ(test, all_changes(test, &cbt, lo, hi, ext, 4), 1U);
	KUNIT_EXPECT_EQ(test, ext[0].offset, 8192ULL);
	/* Only what was written after FROM: 2 -> now leaves blocks 0, 1 out. */
	KUNIT_EXPECT_EQ(test, lvss_cbt_count(&cbt, 1), 1ULL);
	KUNIT_EXPECT_EQ(test, lvss_cbt_count(&cbt, 2), 1ULL);
	/* Rewriting a block moves it to the newest interval. */
	lvss_cbt_mark(&cbt, 0, 1);
	KUNIT_EXPECT_EQ(test, lvss_cbt_count(&cbt, 1), 0ULL);
	KUNIT_ASSERT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 2, false, 0,
					     &lo, &hi), 0);
	KUNIT_ASSERT_EQ(test, all_changes(test, &cbt, lo, hi, ext, 4), 2U);
	lvss_cbt_destroy(&cbt);
}

static void lvss_cbt_range_errors(struct kunit *test)
{
	struct lvss_cbt cbt;
	uuid_t other;
	u8 lo, hi;

	KUNIT_ASSERT_EQ(test, lvss_cbt_init(&cbt, 64 * KIB, 12), 0);
	take(&cbt, 1, 64 * KIB);
	take(&cbt, 2, 64 * KIB);
	uuid_gen(&other);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &other, 1, false, 0, &lo,
					     &hi), -ESTALE);
	/* TO beyond the newest snapshot, FROM beyond it, FROM > TO. */
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 1, true, 3,
					     &lo, &hi), -ERANGE);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 3, false, 0,
					     &lo, &hi), -ERANGE);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 2, true, 1,
					     &lo, &hi), -ERANGE);
	/* MARK_DIRTY within the device only. */
	KUNIT_EXPECT_EQ(test, lvss_cbt_mark_dirty(&cbt, 60 * KIB, 4 * KIB), 0);
	KUNIT_EXPECT_EQ(test, lvss_cbt_mark_dirty(&cbt, 60 * KIB, 8 * KIB),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, lvss_cbt_mark_dirty(&cbt, 64 * KIB, 1), -ERANGE);
	KUNIT_EXPECT_EQ(test, lvss_cbt_count(&cbt, 3), 1ULL);
	lvss_cbt_destroy(&cbt);
}

static void lvss_cbt_generations(struct kunit *test)
{
	struct lvss_cbt_map *spare;
	struct lvss_cbt_extent ext[2];
	struct lvss_cbt_info info;
	struct lvss_cbt cbt;
	uuid_t gen;
	u64 seq;
	u8 lo, hi;

	KUNIT_ASSERT_EQ(test, lvss_cbt_init(&cbt, 64 * KIB, 12), 0);
	gen = cbt.generation;
	/* 254 takes fit a byte (marks 2..255) ... */
	for (seq = 1; seq <= 254; seq++)
		take(&cbt, seq, 64 * KIB);
	KUNIT_EXPECT_TRUE(test, uuid_equal(&gen, &cbt.generation));
	KUNIT_EXPECT_EQ(test, current_mark(&cbt), 255);
	lvss_cbt_mark(&cbt, 0, 1);
	/* ... the 255th wraps: new generation based at it, map empty. */
	take(&cbt, 255, 64 * KIB);
	KUNIT_EXPECT_FALSE(test, uuid_equal(&gen, &cbt.generation));
	lvss_cbt_get_info(&cbt, &info);
	KUNIT_EXPECT_EQ(test, info.base, 255ULL);
	KUNIT_EXPECT_EQ(test, info.mark, 1);
	KUNIT_EXPECT_EQ(test, lvss_cbt_count(&cbt, 255), 0ULL);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &gen, 254, false, 0, &lo,
					     &hi), -ESTALE);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 254, false,
					     0, &lo, &hi), -ERANGE);

	/* Resize: a write past the end, then a take on the grown device. */
	gen = cbt.generation;
	lvss_cbt_mark(&cbt, 64 * KIB, 4096);
	take(&cbt, 256, 128 * KIB);
	KUNIT_EXPECT_FALSE(test, uuid_equal(&gen, &cbt.generation));
	KUNIT_EXPECT_EQ(test, lvss_cbt_blocks(&cbt), 32ULL);
	KUNIT_EXPECT_FALSE(test, cbt.lost);
	lvss_cbt_mark(&cbt, 124 * KIB, 4096);
	KUNIT_ASSERT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 256, false,
					     0, &lo, &hi), 0);
	KUNIT_ASSERT_EQ(test, all_changes(test, &cbt, lo, hi, ext, 2), 1U);
	KUNIT_EXPECT_EQ(test, ext[0].offset, 124 * KIB);

	/* No memory for the new map: history lost, truthfully. */
	gen = cbt.generation;
	spare = NULL;
	lvss_cbt_advance(&cbt, 257, 256 * KIB, &spare);
	KUNIT_EXPECT_FALSE(test, uuid_equal(&gen, &cbt.generation));
	KUNIT_EXPECT_EQ(test, lvss_cbt_blocks(&cbt), 0ULL);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 257, false,
					     0, &lo, &hi), -ESTALE);
	lvss_cbt_mark(&cbt, 0, 1);	/* no map: only noted */
	KUNIT_EXPECT_TRUE(test, cbt.lost);
	/* The next take gets a map again. */
	take(&cbt, 258, 256 * KIB);
	KUNIT_EXPECT_EQ(test, lvss_cbt_blocks(&cbt), 64ULL);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 258, false,
					     0, &lo, &hi), 0);
	/* Without a reset, prepare makes no spare. */
	KUNIT_EXPECT_NULL(test, lvss_cbt_prepare(&cbt, 256 * KIB, 259));
	lvss_cbt_destroy(&cbt);
}

static void lvss_cbt_reset_keeps_current(struct kunit *test)
{
	struct lvss_cbt_extent ext[4];
	struct lvss_cbt_info info;
	struct lvss_cbt cbt;
	uuid_t gen;
	u8 lo, hi;

	KUNIT_ASSERT_EQ(test, lvss_cbt_init(&cbt, 64 * KIB, 12), 0);
	lvss_cbt_mark(&cbt, 0, 4096);		/* before snapshot 3 */
	take(&cbt, 1, 64 * KIB);
	take(&cbt, 2, 64 * KIB);
	take(&cbt, 3, 64 * KIB);
	lvss_cbt_mark(&cbt, 20 * KIB, 4096);	/* after it: block 5 */
	gen = cbt.generation;
	KUNIT_ASSERT_EQ(test, lvss_cbt_reset(&cbt, 64 * KIB), 0);
	KUNIT_EXPECT_FALSE(test, uuid_equal(&gen, &cbt.generation));
	lvss_cbt_get_info(&cbt, &info);
	KUNIT_EXPECT_EQ(test, info.base, 3ULL);
	KUNIT_EXPECT_EQ(test, info.mark, 1);
	/* Since the new base: block 5 still, block 0 forgotten. */
	KUNIT_ASSERT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 3, false, 0,
					     &lo, &hi), 0);
	KUNIT_ASSERT_EQ(test, all_changes(test, &cbt, lo, hi, ext, 4), 1U);
	KUNIT_EXPECT_EQ(test, ext[0].offset, 20 * KIB);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &cbt.generation, 2, false, 0,
					     &lo, &hi), -ERANGE);
	KUNIT_EXPECT_EQ(test, lvss_cbt_range(&cbt, &gen, 3, false, 0, &lo, &hi),
			-ESTALE);
	/* Takes go on from the new base. */
	take(&cbt, 4, 64 * KIB);
	KUNIT_EXPECT_EQ(test, current_mark(&cbt), 2);
	lvss_cbt_destroy(&cbt);
}

/*
 * Model: random writes between random takes on an odd-sized device; for
 * every pair of snapshots (and "now") the listed changes must be exactly
 * the blocks written after the first: every block written between the two
 * (no false negatives) and nothing written only before the first
 * (block-aligned writes: no false positives).
 */
static void lvss_cbt_model(struct kunit *test)
{
	const u64 nr = 1000, dev = nr * 4096 - 1000;
	struct lvss_cbt_extent *ext;
	struct rnd_state rnd;
	struct lvss_cbt cbt;
	u64 *last, seq = 0, b, i, from, to;
	unsigned int n, e;
	u8 lo, hi;

	last = kunit_kcalloc(test, nr, sizeof(*last), GFP_KERNEL);
	ext = kunit_kcalloc(test, nr, sizeof(*ext), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, last);
	KUNIT_ASSERT_NOT_NULL(test, ext);
	for (b = 0; b < nr; b++)
		last[b] = U64_MAX;	/* never written */
	prandom_seed_state(&rnd, 4242);
	KUNIT_ASSERT_EQ(test, lvss_cbt_init(&cbt, dev, 12), 0);
	for (i = 0; i < 40; i++) {
		unsigned int w, nw = prandom_u32_state(&rnd) % 30;

		for (w = 0; w < nw; w++) {
			u64 first = prandom_u32_state(&rnd) % nr;
			u64 len = 1 + prandom_u32_state(&rnd) % 8;

			len = min(len, nr - first);
			lvss_cbt_mark(&cbt, first * 4096,
				      min(len * 4096, dev - first * 4096));
			for (b = first; b < first + len; b++)
				last[b] = seq + 1;	/* its interval */
		}
		take(&cbt, ++seq, dev);
	}
	for (from = 0; from <= seq; from += 3) {
		for (to = from; to <= seq + 1; to += 5) {
			bool now = to > seq;
			int rc;

			rc = lvss_cbt_range(&cbt, &cbt.generation, from, !now,
					    to, &lo, &hi);
			KUNIT_ASSERT_EQ(test, rc, 0);
			n = all_changes(test, &cbt, lo, hi, ext, nr);
			/* Expand the extents back into blocks and compare. */
			for (b = 0, e = 0; b < nr; b++) {
				bool want = last[b] != U64_MAX &&
					    last[b] > from;
				bool got = e < n && b * 4096 >= ext[e].offset &&
					   b * 4096 < ext[e].offset + ext[e].length;

				KUNIT_EXPECT_EQ_MSG(test, got, want,
						    "block %llu, %llu -> %llu",
						    b, from, to);
				if (e < n && (b + 1) * 4096 >=
				    ext[e].offset + ext[e].length)
					e++;
			}
		}
	}
	lvss_cbt_destroy(&cbt);
}

static struct kunit_case lvss_cbt_cases[] = {
	KUNIT_CASE(lvss_cbt_default_sizes),
	KUNIT_CASE(lvss_cbt_mark_and_list),
	KUNIT_CASE(lvss_cbt_intervals),
	KUNIT_CASE(lvss_cbt_range_errors),
	KUNIT_CASE(lvss_cbt_generations),
	KUNIT_CASE(lvss_cbt_reset_keeps_current),
	KUNIT_CASE(lvss_cbt_model),
	{}
};

static struct kunit_suite lvss_cbt_suite = {
	.name = "lvss_cbt",
	.test_cases = lvss_cbt_cases,
};

kunit_test_suite(lvss_cbt_suite);

MODULE_LICENSE("GPL");
