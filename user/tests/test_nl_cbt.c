// SPDX-License-Identifier: MIT
/*
 * Changed-block tracking in liblvss, without lvss.ko: CBT_INFO replies and
 * CBT_GET_CHANGES messages built by hand and parsed, the dump collector
 * over several messages, the requests built and parsed back the strict
 * way lvss.ko reads them, generations as text, the checks made before
 * anything is sent, and the wording of lvss.ko's refusals.
 */
#include <errno.h>

#include "lvss_error.h"
#include "lvss_nl.h"
#include "malformed.h"
#include "nl_build.h"
#include "tap.h"

static const uint8_t gen_a[LVSS_CBT_GENERATION_LEN] = {
	0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
	0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
};
#define GEN_A_STR	"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
static const uint8_t gen_b[LVSS_CBT_GENERATION_LEN] = { [15] = 1 };

static int parse_info(struct nl_msg *m, struct lvss_cbt_info *out,
		      struct lvss_error *err)
{
	int rc = lvss_nl_parse_cbt_info(nlmsg_hdr(m), out, err);

	nlmsg_free(m);
	return rc;
}

static void test_info(void)
{
	static const struct { int attr; const char *name; } required[] = {
		{ LVSS_ATTR_DEV_PATH, "LVSS_ATTR_DEV_PATH" },
		{ LVSS_ATTR_CBT_GENERATION, "LVSS_ATTR_CBT_GENERATION" },
		{ LVSS_ATTR_CBT_BLOCK_SIZE, "LVSS_ATTR_CBT_BLOCK_SIZE" },
		{ LVSS_ATTR_CBT_BLOCKS, "LVSS_ATTR_CBT_BLOCKS" },
		{ LVSS_ATTR_CBT_BASE_SEQ, "LVSS_ATTR_CBT_BASE_SEQ" },
		{ LVSS_ATTR_CBT_SEQ, "LVSS_ATTR_CBT_SEQ" },
		{ LVSS_ATTR_CBT_CHANGED, "LVSS_ATTR_CBT_CHANGED" },
		{ LVSS_ATTR_CBT_MAP_BYTES, "LVSS_ATTR_CBT_MAP_BYTES" },
	};
	struct lvss_cbt_info info, keep;
	struct lvss_error err;
	int rc;

	memset(&info, 0x55, sizeof(info));
	is_int(parse_info(build_cbt_info(gen_a, 0), &info, &err), 0,
	       "a CBT_INFO reply parses");
	is_str(info.dev_path, "/dev/sdb", "info: the device");
	ok(!memcmp(info.generation, gen_a, sizeof(gen_a)),
	   "info: the generation, all 16 bytes in order");
	is_int(info.block_size, 65536, "info: the block size");
	ok(info.blocks == 0x100000002ULL && info.base_seq == 3 &&
	   info.seq == 0x100000007ULL && info.changed == 12 &&
	   info.map_bytes == 0x100000002ULL,
	   "info: blocks, base seq, seq, changed, map bytes; 64-bit values whole");

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		memset(&info, 0x55, sizeof(info));
		keep = info;
		rc = parse_info(build_cbt_info(gen_a, required[i].attr), &info,
				&err);
		is_malformed(rc, &err, required[i].name,
			     "a CBT_INFO reply without it");
		ok(!memcmp(&info, &keep, sizeof(info)),
		   "the output is untouched without %s", required[i].name);
	}
	parse_info(build_cbt_info(gen_a, LVSS_ATTR_CBT_SEQ), &info, &err);
	is_str(err.msg,
	       "malformed CBT_INFO reply from lvss.ko: missing LVSS_ATTR_CBT_SEQ; lvss tools and lvss.ko may be from different releases",
	       "the whole message names the command and the attribute");
}

static void test_info_bad(void)
{
	uint8_t long_gen[LVSS_CBT_GENERATION_LEN + 1] = { 1 };
	struct lvss_cbt_info info;
	struct lvss_error err;
	struct nl_msg *m;

	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_GENERATION);
	nla_put(m, LVSS_ATTR_CBT_GENERATION, 15, gen_a);
	is_malformed(parse_info(m, &info, &err), &err,
		     "LVSS_ATTR_CBT_GENERATION", "a generation of 15 bytes");
	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_GENERATION);
	nla_put(m, LVSS_ATTR_CBT_GENERATION, 17, long_gen);
	is_malformed(parse_info(m, &info, &err), &err,
		     "LVSS_ATTR_CBT_GENERATION", "a generation of 17 bytes");
	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_GENERATION);
	nla_put(m, LVSS_ATTR_CBT_GENERATION, 0, NULL);
	is_malformed(parse_info(m, &info, &err), &err,
		     "LVSS_ATTR_CBT_GENERATION", "an empty generation");
	ok(strstr(err.msg, "bad length or format of") != NULL,
	   "and the message says it is its length");

	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_BLOCK_SIZE);
	nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 48 * 1024);
	is_malformed(parse_info(m, &info, &err), &err,
		     "LVSS_ATTR_CBT_BLOCK_SIZE", "a block size of 48 KiB");
	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_BLOCK_SIZE);
	nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 2048);
	is_malformed(parse_info(m, &info, &err), &err,
		     "LVSS_ATTR_CBT_BLOCK_SIZE", "a block size of 2 KiB");
	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_BLOCK_SIZE);
	nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 2U << 20);
	is_malformed(parse_info(m, &info, &err), &err,
		     "LVSS_ATTR_CBT_BLOCK_SIZE", "a block size of 2 MiB");
	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_BLOCK_SIZE);
	nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, LVSS_CBT_BLOCK_SIZE_MAX);
	ok(parse_info(m, &info, &err) == 0 &&
	   info.block_size == LVSS_CBT_BLOCK_SIZE_MAX,
	   "a block size of LVSS_CBT_BLOCK_SIZE_MAX parses");
	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_BLOCK_SIZE);
	nla_put_u64(m, LVSS_ATTR_CBT_BLOCK_SIZE, 65536);
	is_malformed(parse_info(m, &info, &err), &err,
		     "LVSS_ATTR_CBT_BLOCK_SIZE", "an 8-byte block size");
	m = build_cbt_info(gen_a, LVSS_ATTR_CBT_CHANGED);
	nla_put_u32(m, LVSS_ATTR_CBT_CHANGED, 12);
	is_malformed(parse_info(m, &info, &err), &err, "LVSS_ATTR_CBT_CHANGED",
		     "a 4-byte u64");

	m = build_device("/dev/sdb", 0);
	is_malformed(parse_info(m, &info, &err), &err, "another command",
		     "a GET_DEVICE message where CBT_INFO was due");
	m = build_cbt_info(gen_a, 0);
	nla_put_u64(m, LVSS_ATTR_MAX + 1, 1);
	ok(parse_info(m, &info, &err) == 0,
	   "attributes of a newer lvss.ko are ignored");
}

/* Parses @m (freed) into @c. */
static int parse_changes(struct nl_msg *m, struct lvss_nl_cbt_changes *c,
			 struct lvss_error *err)
{
	int rc = lvss_nl_parse_cbt_changes(nlmsg_hdr(m), c, err);

	nlmsg_free(m);
	return rc;
}

#define PAIRS(...)	(const uint64_t[]){ __VA_ARGS__ }
#define NPAIRS(...)	(sizeof((const uint64_t[]){ __VA_ARGS__ }) / 16)
#define CHANGES(...)	build_cbt_changes("/dev/sdb", PAIRS(__VA_ARGS__), \
					  NPAIRS(__VA_ARGS__))

static void test_changes_message(void)
{
	struct lvss_nl_cbt_changes c = { 0 };
	struct lvss_error err;
	struct nlattr *list, *one;
	struct nl_msg *m;
	uint64_t *many;
	int rc;

	rc = parse_changes(CHANGES(0, 65536, 0x100000000ULL, 131072,
				   0x200000000ULL, 4096), &c, &err);
	is_int(rc, 0, "a GET_CHANGES message of three extents parses");
	ok(c.count == 3 && c.ext[0].offset == 0 && c.ext[0].length == 65536 &&
	   c.ext[1].offset == 0x100000000ULL && c.ext[1].length == 131072 &&
	   c.ext[2].offset == 0x200000000ULL && c.ext[2].length == 4096,
	   "offsets and lengths, 64-bit, in order");
	is_str(c.dev_path, "/dev/sdb", "the device of the first message is kept");
	lvss_nl_cbt_changes_free(&c);

	rc = parse_changes(CHANGES(65536, 4096, 0, 4096), &c, &err);
	is_malformed(rc, &err, "LVSS_ATTR_CBT_EXTENTS", "descending extents");
	ok(strstr(err.msg, "descending extents in") != NULL,
	   "and says they descend");
	is_int(c.count, 0, "nothing of a refused message is kept");
	rc = parse_changes(CHANGES(0, 8192, 4096, 4096), &c, &err);
	is_malformed(rc, &err, "LVSS_ATTR_CBT_EXTENTS", "overlapping extents");
	ok(strstr(err.msg, "overlapping extents in") != NULL,
	   "and says they overlap");
	rc = parse_changes(CHANGES(4096, 4096, 4096, 4096), &c, &err);
	is_malformed(rc, &err, "LVSS_ATTR_CBT_EXTENTS",
		     "the same extent twice");
	rc = parse_changes(CHANGES(0, 4096, 4096, 4096, 65536, 4096), &c,
			   &err);
	ok(rc == 0 && c.count == 2 && c.ext[0].offset == 0 &&
	   c.ext[0].length == 8192 && c.ext[1].offset == 65536,
	   "extents that touch do not overlap: they are joined into one run");
	lvss_nl_cbt_changes_free(&c);

	rc = parse_changes(CHANGES(0, 0), &c, &err);
	is_malformed(rc, &err, "LVSS_ATTR_EXTENT_LENGTH", "an empty extent");
	rc = parse_changes(CHANGES(UINT64_MAX - 4095, 4097), &c, &err);
	is_malformed(rc, &err, "LVSS_ATTR_EXTENT_LENGTH",
		     "an extent ending past 2^64");
	rc = parse_changes(CHANGES(UINT64_MAX - 4096, 4096), &c, &err);
	ok(rc == 0 && c.count == 1 && c.ext[0].length == 4096,
	   "an extent ending at 2^64 - 1 is fine");
	lvss_nl_cbt_changes_free(&c);

	m = build_reply(LVSS_CMD_CBT_GET_CHANGES, NLM_F_MULTI);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	list = nla_nest_start(m, LVSS_ATTR_CBT_EXTENTS);
	put_cbt_extent(m, 0, 4096, 0);
	put_cbt_extent(m, 8192, 4096, LVSS_ATTR_EXTENT_LENGTH);
	nla_nest_end(m, list);
	is_malformed(parse_changes(m, &c, &err), &err,
		     "LVSS_ATTR_EXTENT_LENGTH", "an extent without its length");
	is_int(c.count, 0, "the good extent before it is not kept either");

	m = build_reply(LVSS_CMD_CBT_GET_CHANGES, NLM_F_MULTI);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	list = nla_nest_start(m, LVSS_ATTR_CBT_EXTENTS);
	put_cbt_extent(m, 0, 4096, LVSS_ATTR_EXTENT_LOGICAL);
	nla_nest_end(m, list);
	is_malformed(parse_changes(m, &c, &err), &err,
		     "LVSS_ATTR_EXTENT_LOGICAL", "an extent without its offset");

	m = build_reply(LVSS_CMD_CBT_GET_CHANGES, NLM_F_MULTI);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	list = nla_nest_start(m, LVSS_ATTR_CBT_EXTENTS);
	nla_put_u64(m, LVSS_ATTR_EXTENT_LOGICAL, 0);	/* not in a nest */
	nla_nest_end(m, list);
	is_malformed(parse_changes(m, &c, &err), &err, "expected LVSS_ATTR_EXTENT",
		     "a bare attribute in the extent list");

	m = build_reply(LVSS_CMD_CBT_GET_CHANGES, NLM_F_MULTI);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	is_malformed(parse_changes(m, &c, &err), &err, "LVSS_ATTR_CBT_EXTENTS",
		     "a message without an extent list");
	m = build_reply(LVSS_CMD_CBT_GET_CHANGES, NLM_F_MULTI);
	list = nla_nest_start(m, LVSS_ATTR_CBT_EXTENTS);
	put_cbt_extent(m, 0, 4096, 0);
	nla_nest_end(m, list);
	is_malformed(parse_changes(m, &c, &err), &err, "LVSS_ATTR_DEV_PATH",
		     "a message without the device");
	m = build_reply(LVSS_CMD_CBT_GET_CHANGES, NLM_F_MULTI);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	list = nla_nest_start(m, LVSS_ATTR_CBT_EXTENTS);
	one = nla_nest_start(m, LVSS_ATTR_EXTENT);
	nla_put_u64(m, LVSS_ATTR_EXTENT_LOGICAL, 0);
	nla_put_u32(m, LVSS_ATTR_EXTENT_LENGTH, 4096);
	nla_nest_end(m, one);
	nla_nest_end(m, list);
	is_malformed(parse_changes(m, &c, &err), &err,
		     "LVSS_ATTR_EXTENT_LENGTH", "a 4-byte length in an extent");

	rc = parse_changes(build_cbt_changes("/dev/sdb", NULL, 0), &c, &err);
	ok(rc == 0 && c.count == 0 && c.messages == 1,
	   "a message with an empty extent list parses: no changes");
	lvss_nl_cbt_changes_free(&c);

	/* The most one message may carry, and one more. */
	many = calloc(2 * (LVSS_CBT_EXTENTS_PER_MSG_MAX + 1), sizeof(*many));
	if (!many)
		exit(2);
	for (size_t i = 0; i <= LVSS_CBT_EXTENTS_PER_MSG_MAX; i++) {
		many[2 * i] = i * 8192;
		many[2 * i + 1] = 4096;
	}
	m = build_cbt_changes("/dev/sdb", many, LVSS_CBT_EXTENTS_PER_MSG_MAX);
	rc = parse_changes(m, &c, &err);
	ok(rc == 0 && c.count == LVSS_CBT_EXTENTS_PER_MSG_MAX &&
	   c.ext[LVSS_CBT_EXTENTS_PER_MSG_MAX - 1].offset ==
	   (LVSS_CBT_EXTENTS_PER_MSG_MAX - 1) * 8192ULL,
	   "LVSS_CBT_EXTENTS_PER_MSG_MAX extents in one message parse");
	lvss_nl_cbt_changes_free(&c);
	m = build_cbt_changes("/dev/sdb", many,
			      LVSS_CBT_EXTENTS_PER_MSG_MAX + 1);
	rc = parse_changes(m, &c, &err);
	is_malformed(rc, &err, "LVSS_CBT_EXTENTS_PER_MSG_MAX",
		     "one extent more than LVSS_CBT_EXTENTS_PER_MSG_MAX");
	ok(strstr(err.msg, "LVSS_ATTR_CBT_EXTENTS") && c.count == 0,
	   "naming the list, keeping nothing");
	lvss_nl_cbt_changes_free(&c);
	free(many);
}

/*
 * A GET_CHANGES message laid out as lvss.ko's nla_nest_start() and
 * nla_put_u64_64bit() may: NLA_F_NESTED on the nests, an empty
 * LVSS_ATTR_PAD before each u64.
 */
static struct nl_msg *kernel_changes(uint64_t offset, uint64_t length)
{
	struct nl_msg *m = build_reply(LVSS_CMD_CBT_GET_CHANGES, NLM_F_MULTI);
	struct nlattr *list, *one;

	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	list = nla_nest_start(m, LVSS_ATTR_CBT_EXTENTS);
	list->nla_type |= NLA_F_NESTED;
	one = nla_nest_start(m, LVSS_ATTR_EXTENT);
	one->nla_type |= NLA_F_NESTED;
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	nla_put_u64(m, LVSS_ATTR_EXTENT_LOGICAL, offset);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	nla_put_u64(m, LVSS_ATTR_EXTENT_LENGTH, length);
	nla_nest_end(m, one);
	nla_nest_end(m, list);
	return m;
}

static int parse_changes_item(struct nlmsghdr *nlh, void *ctx,
			      struct lvss_error *err)
{
	return lvss_nl_parse_cbt_changes(nlh, ctx, err);
}

static bool feed(struct lvss_nl_dump *d, struct nl_msg *m)
{
	bool over = lvss_nl_dump_feed(d, nlmsg_hdr(m));

	nlmsg_free(m);
	return over;
}

#define WHAT	"list the changes of /dev/sdb after snapshot seq 3 up to now"

static void test_changes_dump(void)
{
	struct lvss_nl_cbt_changes c = { 0 };
	struct lvss_nl_dump d;
	struct lvss_error err;
	uint64_t *pairs;
	size_t right = 0;
	bool over;

	/* Three full messages and a short one: 3100 extents. */
	pairs = calloc(2 * 3100, sizeof(*pairs));
	if (!pairs)
		exit(2);
	for (size_t i = 0; i < 3100; i++) {
		pairs[2 * i] = i * 3 * 65536ULL;
		pairs[2 * i + 1] = (i % 2 + 1) * 65536ULL;
	}
	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	over = feed(&d, build_cbt_changes("/dev/sdb", pairs, 1024));
	over |= feed(&d, build_cbt_changes("/dev/sdb", pairs + 2048, 1024));
	over |= feed(&d, build_cbt_changes("/dev/sdb", pairs + 4096, 1024));
	over |= feed(&d, build_cbt_changes("/dev/sdb", pairs + 6144, 28));
	ok(!over, "the messages alone do not end the dump");
	ok(feed(&d, build_done(0, NULL)), "NLMSG_DONE ends it");
	is_int(lvss_nl_dump_result(&d, WHAT, &err), 0,
	       "a dump of four messages succeeds");
	is_int(c.count, 3100, "all 3100 extents are collected, in one list");
	is_int(c.messages, 4, "from four messages");
	for (size_t i = 0; i < c.count; i++)
		right += c.ext[i].offset == pairs[2 * i] &&
			 c.ext[i].length == pairs[2 * i + 1];
	is_int(right, 3100, "every extent is the one sent, in order");
	is_int(d.count, 0, "the dump keeps no items of its own");
	lvss_nl_cbt_changes_free(&c);
	lvss_nl_dump_free(&d);

	/* lvss.ko splits a run where a message ends; one may be empty. */
	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	feed(&d, CHANGES(0, 4096, 65536, 8192));
	feed(&d, CHANGES(73728, 4096, 1048576, 4096));
	feed(&d, build_cbt_changes("/dev/sdb", NULL, 0));
	feed(&d, CHANGES(1052672, 4096));
	feed(&d, build_done(0, NULL));
	is_int(lvss_nl_dump_result(&d, WHAT, &err), 0,
	       "runs split across messages, and an empty message, are fine");
	ok(c.count == 3 && c.ext[1].offset == 65536 &&
	   c.ext[1].length == 12288 && c.ext[2].offset == 1048576 &&
	   c.ext[2].length == 8192,
	   "a split run comes out whole, also across an empty message");
	lvss_nl_cbt_changes_free(&c);

	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	feed(&d, CHANGES(0, 4096));
	feed(&d, CHANGES(4096, 4096, 2048, 4096));
	feed(&d, build_done(0, NULL));
	ok(lvss_nl_dump_result(&d, WHAT, &err) == -EBADMSG && c.count == 1 &&
	   c.ext[0].length == 4096,
	   "a refused message undoes the join it began with");
	lvss_nl_cbt_changes_free(&c);

	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	feed(&d, kernel_changes(0, 65536));
	feed(&d, kernel_changes(1ULL << 32, 4096));
	feed(&d, build_done(0, NULL));
	ok(lvss_nl_dump_result(&d, WHAT, &err) == 0 && c.count == 2 &&
	   c.ext[1].offset == 1ULL << 32 && c.ext[1].length == 4096,
	   "nests flagged NLA_F_NESTED with pads before the u64s parse");
	if (c.count != 2)
		printf("#   %s\n", err.msg);
	lvss_nl_cbt_changes_free(&c);

	/* The second message goes back behind the first one's last extent. */
	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	feed(&d, CHANGES(0, 4096, 1048576, 65536));
	over = feed(&d, CHANGES(1048576 + 4096, 4096));
	over |= feed(&d, CHANGES(8ULL << 30, 4096));
	ok(!over, "after a malformed message the rest is drained");
	feed(&d, build_done(0, NULL));
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -EBADMSG,
	       "an extent overlapping the previous message's fails the dump");
	ok(strstr(err.msg, "malformed CBT_GET_CHANGES reply") &&
	   strstr(err.msg, "overlapping extents in LVSS_ATTR_CBT_EXTENTS"),
	   "naming the command, the fault and the attribute");
	is_int(c.count, 2, "nothing from the bad message on is kept");
	lvss_nl_cbt_changes_free(&c);

	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	feed(&d, CHANGES(65536, 4096));
	feed(&d, CHANGES(0, 4096));
	feed(&d, build_done(0, NULL));
	ok(lvss_nl_dump_result(&d, WHAT, &err) == -EBADMSG &&
	   strstr(err.msg, "descending extents"),
	   "a message that starts below the one before fails the dump");
	lvss_nl_cbt_changes_free(&c);

	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	feed(&d, CHANGES(0, 4096));
	feed(&d, build_cbt_changes("/dev/sdc", PAIRS(65536, 4096), 1));
	feed(&d, build_done(0, NULL));
	ok(lvss_nl_dump_result(&d, WHAT, &err) == -EBADMSG &&
	   strstr(err.msg, "LVSS_ATTR_DEV_PATH"),
	   "a message about another device fails the dump");
	lvss_nl_cbt_changes_free(&c);

	/* A generation change during the dump: what came is worth nothing. */
	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	feed(&d, CHANGES(0, 4096));
	ok(feed(&d, build_done(-ESTALE, "the generation changed")),
	   "an NLMSG_DONE with -ESTALE ends the dump");
	is_int(d.kernel_errno, ESTALE, "the kernel's errno is kept");
	is_str(d.extack, "the generation changed", "and its message");
	lvss_nl_cbt_changes_free(&c);

	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	ok(feed(&d, build_error(-ERANGE, NLM_F_CAPPED, 0, NULL)) &&
	   d.kernel_errno == ERANGE && c.count == 0,
	   "an NLMSG_ERROR instead of a dump: -ERANGE, nothing collected");
	lvss_nl_cbt_changes_free(&c);

	lvss_nl_dump_init_add(&d, parse_changes_item, &c);
	ok(feed(&d, build_done(0, NULL)) &&
	   lvss_nl_dump_result(&d, WHAT, &err) == 0 && c.count == 0,
	   "no changes at all: only NLMSG_DONE, an empty list");
	lvss_nl_cbt_changes_free(&c);
	ok(c.ext == NULL && c.count == 0 && c.cap == 0,
	   "freeing leaves an empty list");
	free(pairs);
}

/* What the CBT commands' policies take, the way lvss.ko checks them. */
static struct nla_policy cbt_policy[LVSS_ATTR_MAX + 1] = {
	[LVSS_ATTR_DEV_PATH]		= { .type = NLA_STRING },
	[LVSS_ATTR_CBT_BLOCK_SIZE]	= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_CBT_GENERATION]	= { .type = NLA_BINARY,
					    .minlen = LVSS_CBT_GENERATION_LEN,
					    .maxlen = LVSS_CBT_GENERATION_LEN },
	[LVSS_ATTR_CBT_FROM_SEQ]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_TO_SEQ]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_OFFSET]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_LENGTH]		= { .type = NLA_U64, .maxlen = 8 },
};

static struct nl_msg *request(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN +
					    LVSS_DEV_PATH_MAX + 64);

	if (!m || !genlmsg_put(m, 1, 1, FAMILY_ID, 0, 0, cmd,
			       LVSS_GENL_VERSION)) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}
	return m;
}

/*
 * The attributes of @m into @tb, strictly: every one in cbt_policy; the
 * number of them in *@n.
 */
static int parse_request(struct nl_msg *m, struct nlattr **tb, int *n)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(m));
	struct nlattr *a;
	int rem;

	*n = 0;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		if (nla_type(a) > LVSS_ATTR_MAX || !cbt_policy[nla_type(a)].type)
			return -EINVAL;
		++*n;
	}
	return genlmsg_parse(nlmsg_hdr(m), 0, tb, LVSS_ATTR_MAX, cbt_policy);
}

static bool has_path(struct nlattr **tb, const char *path)
{
	return tb[LVSS_ATTR_DEV_PATH] &&
	       !strcmp(nla_data(tb[LVSS_ATTR_DEV_PATH]), path);
}

static void test_requests(void)
{
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct nl_msg *m;
	int n;

	m = request(LVSS_CMD_ATTACH);
	is_int(lvss_nl_put_attach(m, "/dev/sdb", 0), 0,
	       "an ATTACH request is built");
	ok(parse_request(m, tb, &n) == 0 && n == 1 &&
	   has_path(tb, "/dev/sdb") && !tb[LVSS_ATTR_CBT_BLOCK_SIZE],
	   "block size 0: only the device goes, lvss.ko picks the size");
	nlmsg_free(m);
	m = request(LVSS_CMD_ATTACH);
	is_int(lvss_nl_put_attach(m, "/dev/sdb", 1U << 20), 0,
	       "an ATTACH request with a block size is built");
	ok(parse_request(m, tb, &n) == 0 && n == 2 &&
	   has_path(tb, "/dev/sdb") && tb[LVSS_ATTR_CBT_BLOCK_SIZE] &&
	   nla_get_u32(tb[LVSS_ATTR_CBT_BLOCK_SIZE]) == 1U << 20,
	   "the block size goes as a u32 LVSS_ATTR_CBT_BLOCK_SIZE");
	nlmsg_free(m);

	m = request(LVSS_CMD_CBT_INFO);
	is_int(lvss_nl_put_cbt_info(m, "/dev/vdc1"), 0,
	       "a CBT_INFO request is built");
	ok(parse_request(m, tb, &n) == 0 && n == 1 &&
	   has_path(tb, "/dev/vdc1"), "it carries the device node only");
	nlmsg_free(m);

	m = request(LVSS_CMD_CBT_GET_CHANGES);
	is_int(lvss_nl_put_cbt_changes(m, "/dev/sdb", gen_a, 0x100000003ULL,
				       true, 0x100000009ULL), 0,
	       "a GET_CHANGES request with a TO is built");
	ok(parse_request(m, tb, &n) == 0 && n == 4 && has_path(tb, "/dev/sdb"),
	   "it parses with the policy lvss.ko has: four attributes");
	ok(tb[LVSS_ATTR_CBT_GENERATION] &&
	   nla_len(tb[LVSS_ATTR_CBT_GENERATION]) == LVSS_CBT_GENERATION_LEN &&
	   !memcmp(nla_data(tb[LVSS_ATTR_CBT_GENERATION]), gen_a, 16),
	   "the generation goes as its 16 bytes");
	ok(tb[LVSS_ATTR_CBT_FROM_SEQ] && tb[LVSS_ATTR_CBT_TO_SEQ] &&
	   nla_get_u64(tb[LVSS_ATTR_CBT_FROM_SEQ]) == 0x100000003ULL &&
	   nla_get_u64(tb[LVSS_ATTR_CBT_TO_SEQ]) == 0x100000009ULL,
	   "FROM and TO as u64s, whole");
	nlmsg_free(m);
	m = request(LVSS_CMD_CBT_GET_CHANGES);
	is_int(lvss_nl_put_cbt_changes(m, "/dev/sdb", gen_b, 0, false, 77), 0,
	       "a GET_CHANGES request up to now is built");
	ok(parse_request(m, tb, &n) == 0 && n == 3 &&
	   !tb[LVSS_ATTR_CBT_TO_SEQ] && tb[LVSS_ATTR_CBT_FROM_SEQ] &&
	   nla_get_u64(tb[LVSS_ATTR_CBT_FROM_SEQ]) == 0 &&
	   !memcmp(nla_data(tb[LVSS_ATTR_CBT_GENERATION]), gen_b, 16),
	   "without TO no LVSS_ATTR_CBT_TO_SEQ goes, FROM 0 does");
	nlmsg_free(m);

	m = request(LVSS_CMD_CBT_MARK_DIRTY);
	is_int(lvss_nl_put_cbt_mark(m, "/dev/sdb", 0x100001000ULL, 8192), 0,
	       "a MARK_DIRTY request is built");
	ok(parse_request(m, tb, &n) == 0 && n == 3 && has_path(tb, "/dev/sdb") &&
	   tb[LVSS_ATTR_CBT_OFFSET] && tb[LVSS_ATTR_CBT_LENGTH] &&
	   nla_get_u64(tb[LVSS_ATTR_CBT_OFFSET]) == 0x100001000ULL &&
	   nla_get_u64(tb[LVSS_ATTR_CBT_LENGTH]) == 8192,
	   "device, offset and length as u64s");
	nlmsg_free(m);

	m = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + 32);
	genlmsg_put(m, 1, 1, FAMILY_ID, 0, 0, LVSS_CMD_CBT_GET_CHANGES,
		    LVSS_GENL_VERSION);
	ok(lvss_nl_put_cbt_changes(m, "/dev/sdb", gen_a, 1, true, 2) ==
	   -EMSGSIZE, "a message too small fails, it is not cut short");
	nlmsg_free(m);
}

static void test_generation(void)
{
	static const char *const bad[] = {
		"", "0f1e2d3c4b5a697887960a5b4c3d2e1f0",
		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f",		/* 35 */
		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f00",	/* 37 */
		"0f1e2d3c-4b5a-6978-8796a-5b4c3d2e1f0",		/* dash moved */
		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg",		/* not hex */
		"0f1e2d3c 4b5a 6978 8796 a5b4c3d2e1f0",
		"{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f}",
		"+f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
	};
	char buf[LVSS_CBT_GENERATION_STR_MAX], small[9];
	uint8_t g[LVSS_CBT_GENERATION_LEN];
	struct lvss_error err;

	is_str(lvss_cbt_generation_format(gen_a, buf, sizeof(buf)), GEN_A_STR,
	       "a generation is 8-4-4-4-12 lowercase hex, bytes in order");
	is_str(lvss_cbt_generation_format(gen_b, buf, sizeof(buf)),
	       "00000000-0000-0000-0000-000000000001",
	       "leading zeros are kept");
	memset(g, 0xaa, sizeof(g));
	ok(lvss_cbt_generation_parse(GEN_A_STR, g, &err) == 0 &&
	   !memcmp(g, gen_a, sizeof(g)), "it parses back to the same bytes");
	memset(g, 0xaa, sizeof(g));
	ok(lvss_cbt_generation_parse("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0", g,
				     &err) == 0 && !memcmp(g, gen_a, sizeof(g)),
	   "upper case parses too");
	lvss_cbt_generation_format(gen_a, small, sizeof(small));
	is_str(small, "0f1e2d3c", "a short buffer gets a cut, terminated string");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(g, 0x55, sizeof(g));
		ok(lvss_cbt_generation_parse(bad[i], g, &err) == -EINVAL &&
		   err.code == EINVAL && g[0] == 0x55 && g[15] == 0x55,
		   "'%s' is refused, the output untouched", bad[i]);
	}
	lvss_cbt_generation_parse("nope", g, &err);
	is_str(err.msg,
	       "invalid generation 'nope': give the UUID 'lvss cbt info' shows, 8-4-4-4-12 hex digits such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
	       "the message quotes it and shows the form");
	ok(lvss_cbt_generation_parse(NULL, g, &err) == -EINVAL,
	   "NULL is refused");
}

static void test_checks(void)
{
	struct lvss_handle old = {
		.module = { .module = "0.1.0", .abi = 1U << 16 },
	};
	struct lvss_cbt_info info = { .block_size = 7 };
	struct lvss_error err;
	int rc;

	is_int(lvss_check_cbt_block_size(4096, &err), 0, "4 KiB blocks");
	is_int(lvss_check_cbt_block_size(1U << 20, &err), 0, "1 MiB blocks");
	is_int(lvss_check_cbt_block_size(2U << 20, &err), -ERANGE,
	       "2 MiB blocks are too large");
	is_str(err.msg,
	       "tracking block size must be between 4 KiB and 1 MiB, got 2097152 bytes; leave it out for the default",
	       "the range, the value and the way out");
	is_int(lvss_check_cbt_block_size(0, &err), -ERANGE, "0 is out of range");
	is_int(lvss_check_cbt_block_size(2048, &err), -ERANGE, "2 KiB too");
	is_int(lvss_check_cbt_block_size(12288, &err), -EINVAL,
	       "12 KiB is no power of two");
	is_str(err.msg,
	       "tracking block size must be a power of two, got 12288 bytes: e.g. 4K, 64K or 1M",
	       "and says so");

	/* Refused before anything is sent: the handle has no socket. */
	rc = lvss_attach_opts(&old, "/dev/sdb", 48 * 1024, &err);
	ok(rc == -EINVAL && strstr(err.msg, "power of two"),
	   "attach with a 48 KiB block size is refused before sending");
	rc = lvss_attach_opts(&old, "/dev/sdb", 65536, &err);
	ok(rc == -EOPNOTSUPP &&
	   !strncmp(err.msg, "lvss.ko is too old for a changed-block tracking block size: lvss.ko 0.1.0 speaks ABI 1.0", 87),
	   "a block size for an lvss.ko of ABI 1.0 is refused: too old");
	rc = lvss_cbt_info(&old, "/dev/sdb", &info, &err);
	ok(rc == -EOPNOTSUPP &&
	   !strncmp(err.msg, "lvss.ko is too old for changed-block tracking:", 46) &&
	   info.block_size == 7,
	   "cbt info on ABI 1.0: too old, output untouched");
	rc = lvss_cbt_changes(&old, "/dev/sdb", gen_a, 1, false, 0, NULL, NULL,
			      &err);
	is_int(rc, -EOPNOTSUPP, "cbt changes on ABI 1.0: too old");
	rc = lvss_cbt_changes(&old, "/dev/sdb", gen_a, 5, true, 4, NULL, NULL,
			      &err);
	is_int(rc, -ERANGE, "FROM above TO is refused before sending");
	is_str(err.msg,
	       "cannot list the changes of /dev/sdb after snapshot seq 5 up to 4: the first seq is above the second; name the older snapshot first",
	       "saying which way round it goes");
	rc = lvss_cbt_changes(&old, "/dev/sdb", NULL, 1, false, 0, NULL, NULL,
			      &err);
	ok(rc == -EINVAL && strstr(err.msg, "without a generation"),
	   "no generation is refused");
	rc = lvss_cbt_mark_dirty(&old, "/dev/sdb", 0, 0, &err);
	is_int(rc, -EINVAL, "marking 0 bytes is refused");
	is_str(err.msg,
	       "cannot mark changed blocks of /dev/sdb: the length is 0; give how many bytes changed",
	       "saying what to give");
	rc = lvss_cbt_mark_dirty(&old, "/dev/sdb", UINT64_MAX, 1, &err);
	ok(rc == -ERANGE && strstr(err.msg, "past 2^64"),
	   "a range past 2^64 is refused");
	rc = lvss_cbt_mark_dirty(&old, "/dev/sdb", 0, 4096, &err);
	is_int(rc, -EOPNOTSUPP, "mark-dirty on ABI 1.0: too old");
}

static void test_errors(void)
{
	struct lvss_cbt_info now = {
		.dev_path = "/dev/sdb", .block_size = 65536, .base_seq = 3,
		.seq = 9,
	};
	struct lvss_cbt_query q = {
		.path = "/dev/disk/by-id/x", .node = "/dev/sdb",
		.generation = gen_a, .from = 1, .has_to = true, .to = 5,
	};
	struct lvss_error err;
	int rc;

	memcpy(now.generation, gen_a, sizeof(gen_a));
	rc = lvss_error_cbt_changes(&err, ESTALE, &q, "generation changed");
	is_int(rc, -ESTALE, "ESTALE stays ESTALE");
	is_str(err.msg,
	       "the changed-block history of /dev/disk/by-id/x (/dev/sdb) was reset (generation changed): take a full backup; 'lvss cbt info /dev/disk/by-id/x' shows the new generation",
	       "ESTALE: the history was reset, take a full backup");

	q.now = &now;
	rc = lvss_error_cbt_changes(&err, ERANGE, &q, NULL);
	is_int(rc, -ERANGE, "ERANGE with the range known");
	is_str(err.msg,
	       "cannot list the changes of /dev/disk/by-id/x (/dev/sdb) after snapshot seq 1: its changed-block history begins at seq 3, the changes before are not known: take a full backup (or list from seq 3 to 9)",
	       "FROM below the base: where the history begins, and a full backup");
	q.from = 4;
	q.to = 12;
	lvss_error_cbt_changes(&err, ERANGE, &q, NULL);
	is_str(err.msg,
	       "cannot list the changes of /dev/disk/by-id/x (/dev/sdb) up to snapshot seq 12: its newest snapshot is seq 9 (its changed-block history covers seqs 3 to 9)",
	       "TO above the newest snapshot: which is the newest");
	q.has_to = false;
	q.from = 10;
	lvss_error_cbt_changes(&err, ERANGE, &q, NULL);
	ok(strstr(err.msg, "after snapshot seq 10: its newest snapshot is seq 9") != NULL,
	   "FROM above the newest snapshot, up to now: which is the newest");
	q.from = 5;
	lvss_error_cbt_changes(&err, ERANGE, &q, "out of range");
	is_str(err.msg,
	       "cannot list the changes of /dev/disk/by-id/x (/dev/sdb) after snapshot seq 5 up to now: out of range (kernel: out of range); its changed-block history covers seqs 3 to 9",
	       "in range by what we know: lvss.ko's words and the range");

	memcpy(now.generation, gen_b, sizeof(gen_b));
	rc = lvss_error_cbt_changes(&err, ERANGE, &q, NULL);
	ok(rc == -ESTALE && strstr(err.msg, "was reset (generation changed)"),
	   "ERANGE while the generation is another one: reset, -ESTALE");

	q.now = NULL;
	q.node = NULL;
	q.path = "/dev/sdb";
	rc = lvss_error_cbt_changes(&err, ERANGE, &q, NULL);
	is_str(err.msg,
	       "cannot list the changes of /dev/sdb after snapshot seq 5 up to now: out of the range its changed-block history covers; 'lvss cbt info /dev/sdb' shows the range (base seq to seq)",
	       "ERANGE, range unknown: where to look it up");
	rc = lvss_error_cbt_changes(&err, ENODEV, &q, "device is not attached");
	is_int(rc, -ENODEV, "ENODEV stays ENODEV");
	is_str(err.msg, "/dev/sdb is not attached: run 'lvss attach /dev/sdb' first",
	       "ENODEV: attach it first");
	lvss_error_cbt_changes(&err, EINVAL, &q, "unknown attribute");
	is_str(err.msg,
	       "cannot read the changed-block tracking of /dev/sdb: Invalid argument (kernel: unknown attribute)",
	       "other errors: the action, strerror and lvss.ko's words");

	rc = lvss_error_cbt_mark(&err, ERANGE, "/dev/sdb", NULL, 1ULL << 30,
				 8192, 1ULL << 30, NULL);
	is_int(rc, -ERANGE, "mark-dirty beyond the end: ERANGE");
	is_str(err.msg,
	       "cannot mark 8192 bytes at offset 1073741824 of /dev/sdb changed: the device ends at 1073741824 bytes; give a range within it",
	       "naming the device's size");
	lvss_error_cbt_mark(&err, ERANGE, "/dev/sdb", NULL, 0, 8192, 0,
			    "range beyond the device");
	is_str(err.msg,
	       "cannot mark changed blocks of /dev/sdb: Numerical result out of range (kernel: range beyond the device)",
	       "size unknown: lvss.ko's words");
	lvss_error_cbt_mark(&err, ENODEV, "/dev/sdb", NULL, 0, 8192, 0, NULL);
	is_str(err.msg, "/dev/sdb is not attached: run 'lvss attach /dev/sdb' first",
	       "mark-dirty on a device not attached: attach it first");
	lvss_error_cbt_mark(&err, EINVAL, "/dev/sdb", NULL, 4096, 4096,
			    1ULL << 30, "bad");
	ok(strstr(err.msg, "(kernel: bad)") != NULL,
	   "EINVAL for a range within the device is lvss.ko's to explain");
}

int main(void)
{
	test_info();
	test_info_bad();
	test_changes_message();
	test_changes_dump();
	test_requests();
	test_generation();
	test_checks();
	test_errors();
	return tap_done();
}
