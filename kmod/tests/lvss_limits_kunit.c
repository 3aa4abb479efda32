// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for lvss_limits.c: every netlink value check on both sides of
 * each bound, and the extended-ack message every error path must set.
 *
 * Not part of lvss.ko: tests/kunit/run.sh builds this file together with
 * ../lvss_limits.c into a user-mode Linux kernel and runs it there.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <uapi/linux/lvss.h>

#include "../lvss_limits.h"

/* *why starts here; a check that succeeds must leave it pointing here. */
static const char *const untouched = "untouched";

/*
 * Check one result: @ret must be @err; on error *why must be set to a
 * message containing @phrase (the words userspace shows), on success it
 * must be left alone.
 */
static void expect_result(struct kunit *test, int ret, const char *why,
			  int err, const char *phrase)
{
	KUNIT_EXPECT_EQ(test, ret, err);
	if (!err) {
		KUNIT_EXPECT_PTR_EQ_MSG(test, why, untouched,
					"success must not touch *why");
		return;
	}
	KUNIT_ASSERT_NOT_NULL_MSG(test, why, "error path left *why NULL");
	KUNIT_EXPECT_PTR_NE_MSG(test, why, untouched,
				"error path did not set *why");
	KUNIT_EXPECT_TRUE_MSG(test, strstr(why, phrase),
			      "*why is \"%s\", expected it to mention \"%s\"",
			      why, phrase);
}

/* One input to a u32 check and what the check must answer. */
struct lvss_u32_case {
	const char *name;
	u32 value;
	int err;
	const char *phrase;	/* in *why when @err != 0 */
};

static void lvss_u32_case_desc(const struct lvss_u32_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s=%u", c->name, c->value);
}

#define ABI(major, minor)	(((u32)(major) << 16) | (u32)(minor))

static void lvss_abi_case_desc(const struct lvss_u32_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s=%#x", c->name, c->value);
}

static const struct lvss_u32_case lvss_abi_cases[] = {
	{ "current", LVSS_ABI_VERSION, 0 },
	{ "same-major-minor-0", ABI(LVSS_ABI_MAJOR, 0), 0 },
	{ "same-major-newer-minor",
	  ABI(LVSS_ABI_MAJOR, LVSS_ABI_MINOR + 1), 0 },
	{ "same-major-max-minor", ABI(LVSS_ABI_MAJOR, 0xffff), 0 },
	{ "older-major", ABI(LVSS_ABI_MAJOR - 1, LVSS_ABI_MINOR),
	  -EPROTO, "ABI major" },
	{ "newer-major", ABI(LVSS_ABI_MAJOR + 1, LVSS_ABI_MINOR),
	  -EPROTO, "ABI major" },
	{ "newer-major-minor-0", ABI(LVSS_ABI_MAJOR + 1, 0),
	  -EPROTO, "ABI major" },
	{ "major-not-shifted", LVSS_ABI_MAJOR, -EPROTO, "ABI major" },
	{ "zero", 0, -EPROTO, "ABI major" },
	{ "UINT_MAX", UINT_MAX, -EPROTO, "ABI major" },
};

static const struct lvss_u32_case lvss_chunk_size_cases[] = {
	{ "zero", 0, -ERANGE, "between" },
	{ "one", 1, -ERANGE, "between" },
	{ "pow2-below-min", LVSS_CHUNK_SIZE_MIN / 2, -ERANGE, "between" },
	{ "min-1", LVSS_CHUNK_SIZE_MIN - 1, -ERANGE, "between" },
	{ "min", LVSS_CHUNK_SIZE_MIN, 0 },
	{ "min+1", LVSS_CHUNK_SIZE_MIN + 1, -EINVAL, "power of two" },
	{ "2*min", 2 * LVSS_CHUNK_SIZE_MIN, 0 },
	{ "3*min", 3 * LVSS_CHUNK_SIZE_MIN, -EINVAL, "power of two" },
	{ "default", LVSS_CHUNK_SIZE_DEFAULT, 0 },
	{ "max-min", LVSS_CHUNK_SIZE_MAX - LVSS_CHUNK_SIZE_MIN,
	  -EINVAL, "power of two" },
	{ "max-1", LVSS_CHUNK_SIZE_MAX - 1, -EINVAL, "power of two" },
	{ "max", LVSS_CHUNK_SIZE_MAX, 0 },
	{ "max+1", LVSS_CHUNK_SIZE_MAX + 1, -ERANGE, "between" },
	{ "pow2-above-max", 2 * LVSS_CHUNK_SIZE_MAX, -ERANGE, "between" },
	{ "2^31", 1U << 31, -ERANGE, "between" },
	{ "UINT_MAX", UINT_MAX, -ERANGE, "between" },
};

static const struct lvss_u32_case lvss_freeze_timeout_cases[] = {
	{ "zero", 0, -ERANGE, "between" },
	{ "one", 1, -ERANGE, "between" },
	{ "min-1", LVSS_FREEZE_TIMEOUT_MIN_MS - 1, -ERANGE, "between" },
	{ "min", LVSS_FREEZE_TIMEOUT_MIN_MS, 0 },
	{ "min+1", LVSS_FREEZE_TIMEOUT_MIN_MS + 1, 0 },
	{ "default", LVSS_FREEZE_TIMEOUT_DEFAULT_MS, 0 },
	{ "max-1", LVSS_FREEZE_TIMEOUT_MAX_MS - 1, 0 },
	{ "max", LVSS_FREEZE_TIMEOUT_MAX_MS, 0 },
	{ "max+1", LVSS_FREEZE_TIMEOUT_MAX_MS + 1, -ERANGE, "between" },
	{ "UINT_MAX", UINT_MAX, -ERANGE, "between" },
};

KUNIT_ARRAY_PARAM(lvss_abi, lvss_abi_cases, lvss_abi_case_desc);
KUNIT_ARRAY_PARAM(lvss_chunk_size, lvss_chunk_size_cases, lvss_u32_case_desc);
KUNIT_ARRAY_PARAM(lvss_freeze_timeout, lvss_freeze_timeout_cases,
		  lvss_u32_case_desc);

static void lvss_abi_test(struct kunit *test)
{
	const struct lvss_u32_case *c = test->param_value;
	const char *why = untouched;
	int ret = lvss_check_abi(c->value, &why);

	expect_result(test, ret, why, c->err, c->phrase);
}

static void lvss_abi_version_macros_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, LVSS_ABI_VERSION_MAJOR(LVSS_ABI_VERSION),
			LVSS_ABI_MAJOR);
	KUNIT_EXPECT_EQ(test, LVSS_ABI_VERSION_MINOR(LVSS_ABI_VERSION),
			LVSS_ABI_MINOR);
	KUNIT_EXPECT_EQ(test, LVSS_ABI_VERSION_MAJOR(ABI(7, 0xffff)), 7);
	KUNIT_EXPECT_EQ(test, LVSS_ABI_VERSION_MINOR(ABI(7, 0xffff)), 0xffff);
	KUNIT_EXPECT_EQ(test, LVSS_ABI_VERSION_MAJOR(UINT_MAX), 0xffff);
	KUNIT_EXPECT_EQ(test, LVSS_ABI_VERSION_MINOR(UINT_MAX), 0xffff);
}

static void lvss_chunk_size_test(struct kunit *test)
{
	const struct lvss_u32_case *c = test->param_value;
	const char *why = untouched;
	int ret = lvss_check_chunk_size(c->value, &why);

	expect_result(test, ret, why, c->err, c->phrase);
}

/* Every power of two is accepted exactly when it lies within the bounds. */
static void lvss_chunk_size_powers_of_two_test(struct kunit *test)
{
	unsigned int shift;

	for (shift = 0; shift < 32; shift++) {
		u32 bytes = 1U << shift;
		bool in_range = bytes >= LVSS_CHUNK_SIZE_MIN &&
				bytes <= LVSS_CHUNK_SIZE_MAX;
		const char *why = untouched;
		int ret = lvss_check_chunk_size(bytes, &why);

		KUNIT_EXPECT_EQ_MSG(test, ret, in_range ? 0 : -ERANGE,
				    "chunk size %u", bytes);
		if (in_range)
			KUNIT_EXPECT_PTR_EQ(test, why, untouched);
		else
			KUNIT_EXPECT_PTR_NE(test, why, untouched);
	}
}

/* The tracking block size follows the same rule with its own words. */
static void lvss_cbt_block_size_test(struct kunit *test)
{
	const char *why = untouched;

	KUNIT_EXPECT_EQ(test, lvss_check_cbt_block_size(4096, &why), 0);
	KUNIT_EXPECT_PTR_EQ(test, why, untouched);
	KUNIT_EXPECT_EQ(test, lvss_check_cbt_block_size(1U << 20, &why), 0);
	KUNIT_EXPECT_EQ(test, lvss_check_cbt_block_size(2048, &why), -ERANGE);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why, "tracking block size"));
	KUNIT_EXPECT_EQ(test, lvss_check_cbt_block_size(2U << 20, &why),
			-ERANGE);
	why = untouched;
	KUNIT_EXPECT_EQ(test, lvss_check_cbt_block_size(12288, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why, "power of two"));
	KUNIT_EXPECT_EQ(test, lvss_check_cbt_block_size(0, &why), -ERANGE);
}

static void lvss_freeze_timeout_test(struct kunit *test)
{
	const struct lvss_u32_case *c = test->param_value;
	const char *why = untouched;
	int ret = lvss_check_freeze_timeout(c->value, &why);

	expect_result(test, ret, why, c->err, c->phrase);
}

/*
 * The range messages spell out the bounds: they must name the values in
 * the uapi header, or userspace would print a range the module does not
 * enforce.
 */
static void lvss_range_messages_match_limits_test(struct kunit *test)
{
	char bound[32];
	const char *why = untouched;

	KUNIT_ASSERT_EQ(test, lvss_check_chunk_size(0, &why), -ERANGE);
	snprintf(bound, sizeof(bound), "%u KiB", LVSS_CHUNK_SIZE_MIN / 1024);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(why, bound), "\"%s\" lacks \"%s\"",
			      why, bound);
	snprintf(bound, sizeof(bound), "%u MiB",
		 LVSS_CHUNK_SIZE_MAX / (1024 * 1024));
	KUNIT_EXPECT_TRUE_MSG(test, strstr(why, bound), "\"%s\" lacks \"%s\"",
			      why, bound);

	why = untouched;
	KUNIT_ASSERT_EQ(test, lvss_check_freeze_timeout(0, &why), -ERANGE);
	snprintf(bound, sizeof(bound), "%u ms", LVSS_FREEZE_TIMEOUT_MIN_MS);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(why, bound), "\"%s\" lacks \"%s\"",
			      why, bound);
	snprintf(bound, sizeof(bound), "%u ms", LVSS_FREEZE_TIMEOUT_MAX_MS);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(why, bound), "\"%s\" lacks \"%s\"",
			      why, bound);
}

/* @len is what netlink delivered: the string plus its NUL, or a lie. */
struct lvss_path_case {
	const char *name;
	const char *path;
	size_t len;
	int err;
	const char *phrase;
};

/* A path as netlink delivers it: the string and its NUL. */
#define NUL_PATH(n, s, e, ph) \
	{ .name = (n), .path = (s), .len = sizeof(s), .err = (e), .phrase = (ph) }

static const struct lvss_path_case lvss_dev_path_cases[] = {
	{ "NULL", NULL, 0, -EINVAL, "absolute" },
	{ "NULL-with-len", NULL, 9, -EINVAL, "absolute" },
	NUL_PATH("empty", "", -EINVAL, "absolute"),
	{ "empty-no-nul", "", 0, -EINVAL, "absolute" },
	{ "slash-no-nul", "/", 1, -EINVAL, "absolute" },
	NUL_PATH("relative", "dev/vdb", -EINVAL, "absolute"),
	NUL_PATH("dot-relative", "./vdb", -EINVAL, "absolute"),
	NUL_PATH("bare-name", "vdb", -EINVAL, "absolute"),
	NUL_PATH("absolute", "/dev/vdb", 0, NULL),
	NUL_PATH("short-absolute", "/x", 0, NULL),
	NUL_PATH("by-id", "/dev/disk/by-id/virtio-lvss-test-0", 0, NULL),
	{ "len-above-max", "/dev/vdb", LVSS_DEV_PATH_MAX + 1,
	  -ENAMETOOLONG, "too long" },
	{ "len-SIZE_MAX", "/dev/vdb", SIZE_MAX, -ENAMETOOLONG, "too long" },
};

static void lvss_path_case_desc(const struct lvss_path_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(lvss_dev_path, lvss_dev_path_cases, lvss_path_case_desc);

static void lvss_dev_path_test(struct kunit *test)
{
	const struct lvss_path_case *c = test->param_value;
	const char *why = untouched;
	int ret = lvss_check_dev_path(c->path, c->len, &why);

	expect_result(test, ret, why, c->err, c->phrase);
}

/*
 * An absolute path of @chars characters in a buffer with room for a NUL
 * and one spare byte, so that a check reading one byte too far stays inside
 * the allocation and fails by its answer, not by a crash.
 */
static char *lvss_long_path(struct kunit *test, size_t chars)
{
	char *p = kunit_kzalloc(test, chars + 2, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 'a', chars);
	p[0] = '/';
	return p;
}

static void lvss_dev_path_length_test(struct kunit *test)
{
	const size_t max = LVSS_DEV_PATH_MAX;
	const char *why;
	char *p;
	int ret;

	/* Longest accepted: max - 1 characters plus the NUL. */
	p = lvss_long_path(test, max - 1);
	why = untouched;
	ret = lvss_check_dev_path(p, max, &why);
	expect_result(test, ret, why, 0, NULL);

	/* A short path with NUL padding after it, up to the limit. */
	p = kunit_kzalloc(test, max, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	strscpy(p, "/dev/vdb", max);
	why = untouched;
	ret = lvss_check_dev_path(p, max, &why);
	expect_result(test, ret, why, 0, NULL);

	/* One character more: max characters plus the NUL. */
	p = lvss_long_path(test, max);
	why = untouched;
	ret = lvss_check_dev_path(p, max + 1, &why);
	expect_result(test, ret, why, -ENAMETOOLONG, "too long");

	/* max bytes delivered and none of them is a NUL. */
	why = untouched;
	ret = lvss_check_dev_path(p, max, &why);
	expect_result(test, ret, why, -ENAMETOOLONG, "too long");

	/* Far too long. */
	p = lvss_long_path(test, 4 * max);
	why = untouched;
	ret = lvss_check_dev_path(p, 4 * max + 1, &why);
	expect_result(test, ret, why, -ENAMETOOLONG, "too long");
}

static struct kunit_case lvss_limits_cases[] = {
	KUNIT_CASE_PARAM(lvss_abi_test, lvss_abi_gen_params),
	KUNIT_CASE(lvss_abi_version_macros_test),
	KUNIT_CASE_PARAM(lvss_chunk_size_test, lvss_chunk_size_gen_params),
	KUNIT_CASE(lvss_chunk_size_powers_of_two_test),
	KUNIT_CASE(lvss_cbt_block_size_test),
	KUNIT_CASE_PARAM(lvss_freeze_timeout_test,
			 lvss_freeze_timeout_gen_params),
	KUNIT_CASE(lvss_range_messages_match_limits_test),
	KUNIT_CASE_PARAM(lvss_dev_path_test, lvss_dev_path_gen_params),
	KUNIT_CASE(lvss_dev_path_length_test),
	{}
};

static struct kunit_suite lvss_limits_suite = {
	.name = "lvss_limits",
	.test_cases = lvss_limits_cases,
};

kunit_test_suite(lvss_limits_suite);

MODULE_DESCRIPTION("KUnit tests for lvss netlink value checks");
MODULE_LICENSE("GPL");
