// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for lvss_extent_map.c: every rule of the extent check on
 * both sides of its boundary, the slot -> sector map against a brute-force
 * reference, and the choice of extents re-checked with bmap().
 *
 * Not part of lvss.ko: tests/kunit/run.sh builds this file together with
 * ../lvss_extent_map.c into a user-mode Linux kernel and runs it there.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../lvss_extent_map.h"

#define KIB	1024ULL
#define MIB	(1024ULL * KIB)
#define GIB	(1024ULL * MIB)

/* The filesystem most cases run against. */
#define BS	4096ULL			/* block size */
#define DEV	GIB			/* device size */
#define FSZ	(64 * MIB)		/* file size */

static const char *const untouched = "untouched";

struct lvss_ext_case {
	const char *name;
	u32 block_size;			/* 0: BS */
	u32 nr;
	struct lvss_extent ext[4];
	int err;
	const char *phrase;		/* in *why when @err != 0 */
};

#define E(l, p, n)	{ .logical = (l), .physical = (p), .len = (n) }

static const struct lvss_ext_case lvss_ext_cases[] = {
	/* count */
	{ "empty", 0, 0, {}, -EINVAL, "empty" },
	{ "one-block", 0, 1, { E(0, 0, BS) }, 0 },
	/* block size of the filesystem */
	{ "bs-256", 256, 1, { E(0, 0, 4096) }, -EINVAL, "block size" },
	{ "bs-511", 511, 1, { E(0, 0, 4096) }, -EINVAL, "block size" },
	{ "bs-512", 512, 1, { E(0, 512, 512) }, 0 },
	{ "bs-3072", 3072, 1, { E(0, 0, 3072) }, -EINVAL, "block size" },
	{ "bs-64k", 65536, 1, { E(0, 0, 65536) }, 0 },
	/* length */
	{ "len-0", 0, 1, { E(0, 0, 0) }, -EINVAL, "length 0" },
	{ "len-512", 0, 1, { E(0, 0, 512) }, -EINVAL, "multiples" },
	{ "len-bs-1", 0, 1, { E(0, 0, BS - 1) }, -EINVAL, "multiples" },
	{ "len-bs+512", 0, 1, { E(0, 0, BS + 512) }, -EINVAL, "multiples" },
	{ "len-2bs", 0, 1, { E(0, 0, 2 * BS) }, 0 },
	{ "len-512-on-bs-512", 512, 1, { E(0, 0, 512) }, 0 },
	{ "len-256-on-bs-512", 512, 1, { E(0, 0, 256) }, -EINVAL, "multiples" },
	/* alignment of the offsets */
	{ "logical-512", 0, 1, { E(512, 0, BS) }, -EINVAL, "multiples" },
	{ "logical-bs", 0, 1, { E(BS, 0, BS) }, 0 },
	{ "physical-1", 0, 1, { E(0, 1, BS) }, -EINVAL, "multiples" },
	{ "physical-2048", 0, 1, { E(0, 2048, BS) }, -EINVAL, "multiples" },
	{ "physical-bs", 0, 1, { E(0, BS, BS) }, 0 },
	/* the end of the device */
	{ "dev-end", 0, 1, { E(0, DEV - BS, BS) }, 0 },
	{ "dev-end+bs", 0, 1, { E(0, DEV, BS) }, -ERANGE, "device" },
	{ "dev-straddle", 0, 1, { E(0, DEV - BS, 2 * BS) }, -ERANGE, "device" },
	{ "dev-overflow", 0, 1, { E(0, U64_MAX - BS + 1, 2 * BS) },
	  -ERANGE, "device" },
	{ "dev-huge-len", 0, 1, { E(0, 0, U64_MAX - BS + 1) },
	  -ERANGE, "device" },
	/* the end of the file */
	{ "file-end", 0, 1, { E(FSZ - BS, 0, BS) }, 0 },
	{ "file-end+bs", 0, 1, { E(FSZ, 0, BS) }, -ERANGE, "end of the file" },
	{ "file-straddle", 0, 1, { E(FSZ - BS, 0, 2 * BS) },
	  -ERANGE, "end of the file" },
	{ "file-overflow", 0, 1, { E(U64_MAX - BS + 1, 0, 2 * BS) },
	  -ERANGE, "end of the file" },
	{ "whole-file", 0, 1, { E(0, 0, FSZ) }, 0 },
	/* order and overlap in the file */
	{ "logical-adjacent", 0, 2, { E(0, 0, BS), E(BS, 8 * BS, BS) }, 0 },
	{ "logical-gap", 0, 2, { E(0, 0, BS), E(4 * BS, 8 * BS, BS) }, 0 },
	{ "logical-overlap-1-block", 0, 2,
	  { E(0, 0, 2 * BS), E(BS, 8 * BS, BS) }, -EINVAL, "sorted" },
	{ "logical-same", 0, 2, { E(0, 0, BS), E(0, 8 * BS, BS) },
	  -EINVAL, "sorted" },
	{ "logical-unsorted", 0, 2, { E(4 * BS, 0, BS), E(0, 8 * BS, BS) },
	  -EINVAL, "sorted" },
	{ "logical-unsorted-late", 0, 4,
	  { E(0, 0, BS), E(2 * BS, BS, BS), E(BS, 2 * BS, BS),
	    E(8 * BS, 3 * BS, BS) }, -EINVAL, "sorted" },
	/* overlap on the device (in order, then needing the sort) */
	{ "physical-adjacent", 0, 2, { E(0, 0, BS), E(BS, BS, BS) }, 0 },
	{ "physical-overlap-1-block", 0, 2,
	  { E(0, 0, 2 * BS), E(4 * BS, BS, BS) }, -EINVAL, "overlap on the device" },
	{ "physical-same", 0, 2, { E(0, 4 * BS, BS), E(BS, 4 * BS, BS) },
	  -EINVAL, "overlap on the device" },
	{ "physical-reversed-disjoint", 0, 3,
	  { E(0, 8 * BS, BS), E(BS, 4 * BS, 4 * BS), E(5 * BS, 0, 4 * BS) }, 0 },
	{ "physical-reversed-adjacent", 0, 2,
	  { E(0, 4 * BS, BS), E(BS, 0, 4 * BS) }, 0 },
	{ "physical-reversed-overlap", 0, 2,
	  { E(0, 4 * BS, BS), E(BS, 0, 4 * BS + BS) },
	  -EINVAL, "overlap on the device" },
	{ "physical-contained", 0, 3,
	  { E(0, 16 * BS, BS), E(BS, 0, 32 * BS), E(33 * BS, 64 * BS, BS) },
	  -EINVAL, "overlap on the device" },
};

static void lvss_ext_case_desc(const struct lvss_ext_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(lvss_ext, lvss_ext_cases, lvss_ext_case_desc);

static void expect_result(struct kunit *test, int ret, const char *why,
			  int err, const char *phrase)
{
	KUNIT_EXPECT_EQ(test, ret, err);
	if (!err) {
		KUNIT_EXPECT_PTR_EQ_MSG(test, why, untouched,
					"success must not touch *why");
		return;
	}
	KUNIT_ASSERT_NOT_NULL(test, why);
	KUNIT_EXPECT_PTR_NE_MSG(test, why, untouched,
				"error path did not set *why");
	KUNIT_EXPECT_TRUE_MSG(test, strstr(why, phrase),
			      "*why is \"%s\", expected it to mention \"%s\"",
			      why, phrase);
}

static void lvss_extents_check_test(struct kunit *test)
{
	const struct lvss_ext_case *c = test->param_value;
	struct lvss_extent_limits lim = {
		.block_size = c->block_size ?: BS,
		.dev_bytes = DEV,
		.file_bytes = FSZ,
	};
	const char *why = untouched;
	int ret = lvss_extents_check(c->ext, c->nr, &lim, &why);

	expect_result(test, ret, why, c->err, c->phrase);
}

static void lvss_extents_check_null_test(struct kunit *test)
{
	struct lvss_extent_limits lim = { BS, DEV, FSZ };
	const char *why = untouched;
	int ret = lvss_extents_check(NULL, 1, &lim, &why);

	expect_result(test, ret, why, -EINVAL, "empty");
}

/*
 * @nr one-block extents: file order i, device order reversed (so the
 * overlap check has to sort), @gap blocks between them on the device.
 */
static struct lvss_extent *lvss_many_extents(struct kunit *test, u32 nr,
					     u32 gap)
{
	struct lvss_extent *ext = kvmalloc_array(nr, sizeof(*ext), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, ext);
	for (i = 0; i < nr; i++) {
		ext[i].logical = i * BS;
		ext[i].physical = (u64)(nr - 1 - i) * (1 + gap) * BS;
		ext[i].len = BS;
	}
	return ext;
}

static void lvss_extents_check_count_test(struct kunit *test)
{
	const u32 max = LVSS_EXTENTS_MAX;
	struct lvss_extent_limits lim = {
		.block_size = BS,
		.dev_bytes = DEV,
		.file_bytes = (u64)(max + 1) * BS,
	};
	struct lvss_extent *ext = lvss_many_extents(test, max + 1, 0);
	const char *why = untouched;
	int ret;

	/* The most allowed, all disjoint but in reverse device order. */
	ret = lvss_extents_check(ext + 1, max, &lim, &why);
	expect_result(test, ret, why, 0, NULL);
	why = untouched;
	ret = lvss_extents_check(ext, max + 1, &lim, &why);
	expect_result(test, ret, why, -E2BIG, "65536");
	why = untouched;
	ret = lvss_extents_check(ext, U32_MAX, &lim, &why);
	expect_result(test, ret, why, -E2BIG, "65536");

	/* The same list with two extents on the same device block. */
	ext[max / 2].physical = ext[max / 3].physical;
	why = untouched;
	ret = lvss_extents_check(ext + 1, max, &lim, &why);
	expect_result(test, ret, why, -EINVAL, "overlap on the device");
	kvfree(ext);
}

/* Brute force: walk the extents chunk by chunk, as the map promises. */
static u64 lvss_ref_sector(const struct lvss_extent *ext, u32 nr,
			   u32 chunk_shift, u64 slot)
{
	u64 chunk = 1ULL << chunk_shift, n = 0, off;
	u32 i = 0, j;

	while (i < nr) {
		/* Merge what continues in the file and on the device. */
		u64 len = ext[i].len;

		for (j = i + 1; j < nr &&
		     ext[j].logical == ext[i].logical + len &&
		     ext[j].physical == ext[i].physical + len; j++)
			len += ext[j].len;
		for (off = 0; off + chunk <= len; off += chunk, n++)
			if (n == slot)
				return (ext[i].physical + off) >> 9;
		i = j;
	}
	return U64_MAX;
}

static void expect_sector(struct kunit *test,
			  const struct lvss_extent_map *map, u64 slot,
			  u64 want)
{
	u64 sector = U64_MAX;

	KUNIT_EXPECT_EQ_MSG(test, lvss_extent_map_lookup(map, slot, &sector),
			    0, "slot %llu", slot);
	KUNIT_EXPECT_EQ_MSG(test, sector, want, "slot %llu", slot);
}

static void expect_no_slot(struct kunit *test,
			   const struct lvss_extent_map *map, u64 slot)
{
	u64 sector = 12345;

	KUNIT_EXPECT_EQ_MSG(test, lvss_extent_map_lookup(map, slot, &sector),
			    -ERANGE, "slot %llu", slot);
	KUNIT_EXPECT_EQ(test, sector, 12345ULL);
}

static struct lvss_extent_map *build_map(struct kunit *test,
					 const struct lvss_extent *ext, u32 nr,
					 u32 shift)
{
	const char *why = untouched;
	struct lvss_extent_map *map;

	map = lvss_extent_map_build(ext, nr, shift, &why);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(map), "the map was refused: %s", why);
	KUNIT_EXPECT_PTR_EQ(test, why, untouched);
	KUNIT_EXPECT_EQ(test, map->chunk_shift, shift);
	return map;
}

static void lvss_map_one_extent_test(struct kunit *test)
{
	/* 10 chunks of 64 KiB at 1 MiB on the device. */
	const struct lvss_extent ext[] = { E(0, MIB, 10 * 64 * KIB) };
	struct lvss_extent_map *map = build_map(test, ext, 1, 16);

	KUNIT_EXPECT_EQ(test, map->nr_slots, 10ULL);
	KUNIT_EXPECT_EQ(test, map->nr_runs, 1U);
	expect_sector(test, map, 0, MIB >> 9);
	expect_sector(test, map, 1, (MIB + 64 * KIB) >> 9);
	expect_sector(test, map, 9, (MIB + 9 * 64 * KIB) >> 9);
	/* One extent: every slot up to the end lies back to back. */
	KUNIT_EXPECT_EQ(test, lvss_extent_map_run_left(map, 0), 10ULL);
	KUNIT_EXPECT_EQ(test, lvss_extent_map_run_left(map, 9), 1ULL);
	KUNIT_EXPECT_EQ(test, lvss_extent_map_run_left(map, 10), 0ULL);
	expect_no_slot(test, map, 10);
	expect_no_slot(test, map, U64_MAX);
	lvss_extent_map_free(map);
}

/* Extents that are not chunk multiples: their tails are left unused. */
static void lvss_map_odd_sizes_test(struct kunit *test)
{
	const u64 c = 64 * KIB;
	const struct lvss_extent ext[] = {
		E(0, 10 * MIB, 2 * c + c / 2),		/* 2 slots */
		E(4 * c, 20 * MIB, c / 2),		/* none */
		E(8 * c, 30 * MIB + BS, c + BS),	/* 1 slot */
		E(16 * c, 5 * MIB, 3 * c - BS),		/* 2 slots */
	};
	struct lvss_extent_map *map = build_map(test, ext, 4, 16);

	KUNIT_EXPECT_EQ(test, map->nr_slots, 5ULL);
	KUNIT_EXPECT_EQ(test, map->nr_runs, 3U);
	expect_sector(test, map, 0, (10 * MIB) >> 9);
	expect_sector(test, map, 1, (10 * MIB + c) >> 9);
	/* Across the boundary: the next slot starts the next useful extent. */
	expect_sector(test, map, 2, (30 * MIB + BS) >> 9);
	expect_sector(test, map, 3, (5 * MIB) >> 9);
	expect_sector(test, map, 4, (5 * MIB + c) >> 9);
	/* An I/O never crosses from one extent into the next. */
	KUNIT_EXPECT_EQ(test, lvss_extent_map_run_left(map, 0), 2ULL);
	KUNIT_EXPECT_EQ(test, lvss_extent_map_run_left(map, 1), 1ULL);
	KUNIT_EXPECT_EQ(test, lvss_extent_map_run_left(map, 2), 1ULL);
	KUNIT_EXPECT_EQ(test, lvss_extent_map_run_left(map, 3), 2ULL);
	expect_no_slot(test, map, 5);
	lvss_extent_map_free(map);
}

/* ext4 splits long extents: pieces that continue each other are merged. */
static void lvss_map_merge_test(struct kunit *test)
{
	const u64 c = 64 * KIB;
	const struct lvss_extent contiguous[] = {
		E(0, MIB, c + c / 2),
		E(c + c / 2, MIB + c + c / 2, c + c / 2),
	};
	/* Adjacent on the device, but with a hole in the file between. */
	const struct lvss_extent hole[] = {
		E(0, MIB, c + c / 2),
		E(4 * c, MIB + c + c / 2, c + c / 2),
	};
	/* Adjacent in the file, but not on the device. */
	const struct lvss_extent apart[] = {
		E(0, MIB, c + c / 2),
		E(c + c / 2, 2 * MIB, c + c / 2),
	};
	struct lvss_extent_map *map;

	map = build_map(test, contiguous, 2, 16);
	KUNIT_EXPECT_EQ(test, map->nr_slots, 3ULL);
	KUNIT_EXPECT_EQ(test, map->nr_runs, 1U);
	expect_sector(test, map, 1, (MIB + c) >> 9);
	expect_sector(test, map, 2, (MIB + 2 * c) >> 9);
	lvss_extent_map_free(map);

	map = build_map(test, hole, 2, 16);
	KUNIT_EXPECT_EQ(test, map->nr_slots, 2ULL);
	expect_sector(test, map, 1, (MIB + c + c / 2) >> 9);
	lvss_extent_map_free(map);

	map = build_map(test, apart, 2, 16);
	KUNIT_EXPECT_EQ(test, map->nr_slots, 2ULL);
	KUNIT_EXPECT_EQ(test, map->nr_runs, 2U);
	expect_sector(test, map, 1, (2 * MIB) >> 9);
	lvss_extent_map_free(map);
}

static void lvss_map_refusals_test(struct kunit *test)
{
	const struct lvss_extent small[] = {
		E(0, 0, 60 * KIB), E(64 * KIB, MIB, 4 * KIB),
	};
	const struct lvss_extent one[] = { E(0, 0, 64 * KIB) };
	struct lvss_extent_map *map;
	const char *why = untouched;

	map = lvss_extent_map_build(small, 2, 16, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(map), -EINVAL);
	KUNIT_EXPECT_TRUE(test, why != untouched && strstr(why, "whole chunk"));

	/* Exactly one chunk is enough; one byte-shift more is not. */
	map = build_map(test, one, 1, 16);
	KUNIT_EXPECT_EQ(test, map->nr_slots, 1ULL);
	lvss_extent_map_free(map);
	why = untouched;
	map = lvss_extent_map_build(one, 1, 17, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(map), -EINVAL);
	KUNIT_EXPECT_TRUE(test, why != untouched && strstr(why, "whole chunk"));

	why = untouched;
	map = lvss_extent_map_build(one, 1, 8, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(map), -EINVAL);
	KUNIT_EXPECT_TRUE(test, why != untouched && strstr(why, "chunk size"));
}

/*
 * Many extents of assorted lengths (some below a chunk, some odd
 * multiples, some continuing the previous one in the file and on the
 * device), device order shuffled: every slot must land where the
 * brute-force walk says, and one past the end must not exist.
 */
static void lvss_map_many_extents_test(struct kunit *test)
{
	const u32 nr = 3000, shift = 15;	/* 32 KiB chunks */
	const u64 cell = 128 * BS;		/* device room per extent */
	struct lvss_extent *ext = kvmalloc_array(nr, sizeof(*ext), GFP_KERNEL);
	struct lvss_extent_limits lim = { .block_size = BS };
	u64 logical = 0, slot, want = 0;
	struct lvss_extent_map *map;
	const char *why = untouched;
	u32 i, j;

	KUNIT_ASSERT_NOT_NULL(test, ext);
	for (i = 0; i < nr; i++) {
		ext[i].logical = logical;
		ext[i].len = (1 + (i * 7919) % 40) * BS;	/* 4..160 KiB */
		/*
		 * Every 5th continues its predecessor on the device (inside
		 * the predecessor's cell); the others get cell 7i mod nr,
		 * a permutation since gcd(7, nr) = 1.
		 */
		if (i % 5 == 0 && i)
			ext[i].physical = ext[i - 1].physical + ext[i - 1].len;
		else
			ext[i].physical = (u64)((i * 7) % nr) * cell;
		/* A hole in the file after every 3rd extent. */
		logical += ext[i].len + (i % 3 == 0 ? BS : 0);
	}
	lim.dev_bytes = (u64)nr * cell;
	lim.file_bytes = logical;
	KUNIT_ASSERT_EQ_MSG(test, lvss_extents_check(ext, nr, &lim, &why), 0,
			    "%s", why);

	for (i = 0; i < nr; i = j) {
		u64 len = ext[i].len;

		for (j = i + 1; j < nr &&
		     ext[j].logical == ext[i].logical + len &&
		     ext[j].physical == ext[i].physical + len; j++)
			len += ext[j].len;
		want += len >> shift;
	}

	map = build_map(test, ext, nr, shift);
	KUNIT_EXPECT_EQ(test, map->nr_slots, want);
	KUNIT_EXPECT_LT(test, map->nr_runs, nr);	/* some merged */
	for (slot = 0; slot < map->nr_slots; slot++) {
		u64 sector = U64_MAX, ref = lvss_ref_sector(ext, nr, shift, slot);

		u64 left = lvss_extent_map_run_left(map, slot), k;

		lvss_extent_map_lookup(map, slot, &sector);
		if (sector != ref) {
			KUNIT_FAIL(test, "slot %llu: sector %llu, expected %llu",
				   slot, sector, ref);
			break;
		}
		/* The slots run_left() promises lie back to back; no more. */
		for (k = 1; k < left; k++) {
			if (lvss_ref_sector(ext, nr, shift, slot + k) !=
			    ref + (k << (shift - 9))) {
				KUNIT_FAIL(test, "slot %llu: run_left %llu, but slot %llu is elsewhere",
					   slot, left, slot + k);
				break;
			}
		}
		/* Within the map; one run counts down to its end. */
		if (left < 1 || slot + left > map->nr_slots ||
		    (left > 1 &&
		     lvss_extent_map_run_left(map, slot + 1) != left - 1)) {
			KUNIT_FAIL(test, "slot %llu: run_left %llu of %llu slots is inconsistent",
				   slot, left, map->nr_slots);
			break;
		}
	}
	KUNIT_EXPECT_EQ(test, lvss_extent_map_run_left(map, map->nr_slots), 0ULL);
	expect_no_slot(test, map, map->nr_slots);
	lvss_extent_map_free(map);
	kvfree(ext);
}

/* A list of the maximal length, one slot per extent: first and last. */
static void lvss_map_max_extents_test(struct kunit *test)
{
	const u32 nr = LVSS_EXTENTS_MAX;
	struct lvss_extent *ext = lvss_many_extents(test, nr, 1);
	struct lvss_extent_map *map = build_map(test, ext, nr, 12);

	KUNIT_EXPECT_EQ(test, map->nr_slots, (u64)nr);
	KUNIT_EXPECT_EQ(test, map->nr_runs, nr);
	expect_sector(test, map, 0, ext[0].physical >> 9);
	expect_sector(test, map, 1, ext[1].physical >> 9);
	expect_sector(test, map, nr / 2, ext[nr / 2].physical >> 9);
	expect_sector(test, map, nr - 1, ext[nr - 1].physical >> 9);
	expect_no_slot(test, map, nr);
	lvss_extent_map_free(map);
	kvfree(ext);
}

static void lvss_samples_test(struct kunit *test)
{
	const u32 max = LVSS_EXTENT_SAMPLES_MAX;
	const u32 sizes[] = { max + 1, max + 2, 2 * max, 3 * max - 1,
			      LVSS_EXTENTS_MAX };
	u32 i, k;

	KUNIT_EXPECT_EQ(test, lvss_extent_samples(1), 1U);
	KUNIT_EXPECT_EQ(test, lvss_extent_samples(max - 1), max - 1);
	KUNIT_EXPECT_EQ(test, lvss_extent_samples(max), max);
	for (k = 0; k < max; k++)
		KUNIT_EXPECT_EQ(test, lvss_extent_sample_index(max, k), k);

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u32 nr = sizes[i], prev = 0, step = DIV_ROUND_UP(nr - 1, max - 1);

		KUNIT_EXPECT_EQ(test, lvss_extent_samples(nr), max);
		KUNIT_EXPECT_EQ(test, lvss_extent_sample_index(nr, 0), 0U);
		KUNIT_EXPECT_EQ(test, lvss_extent_sample_index(nr, max - 1),
				nr - 1);
		for (k = 1; k < max; k++) {
			u32 idx = lvss_extent_sample_index(nr, k);

			/* Increasing, within the list, evenly spread. */
			if (idx <= prev || idx >= nr || idx - prev > step) {
				KUNIT_FAIL(test, "nr %u: sample %u is extent %u after %u",
					   nr, k, idx, prev);
				break;
			}
			prev = idx;
		}
	}
}

static struct kunit_case lvss_extent_map_cases[] = {
	KUNIT_CASE_PARAM(lvss_extents_check_test, lvss_ext_gen_params),
	KUNIT_CASE(lvss_extents_check_null_test),
	KUNIT_CASE(lvss_extents_check_count_test),
	KUNIT_CASE(lvss_map_one_extent_test),
	KUNIT_CASE(lvss_map_odd_sizes_test),
	KUNIT_CASE(lvss_map_merge_test),
	KUNIT_CASE(lvss_map_refusals_test),
	KUNIT_CASE(lvss_map_many_extents_test),
	KUNIT_CASE(lvss_map_max_extents_test),
	KUNIT_CASE(lvss_samples_test),
	{}
};

static struct kunit_suite lvss_extent_map_suite = {
	.name = "lvss_extent_map",
	.test_cases = lvss_extent_map_cases,
};

kunit_test_suite(lvss_extent_map_suite);

MODULE_DESCRIPTION("KUnit tests for lvss store file extent maps");
MODULE_LICENSE("GPL");
