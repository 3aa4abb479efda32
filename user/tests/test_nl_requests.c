// SPDX-License-Identifier: MIT
/*
 * Requests with nests, built by lvss_nl_build.c and parsed back: the take's
 * member list by the library's own member parser, the store's extent list
 * the strict way lvss.ko's lvss_genl_parse_extents() does. Also the
 * largest extent list one request carries (LVSS_STORE_FILE_EXTENTS_MAX)
 * and the low-space threshold, sent only when set.
 */
#include <errno.h>

#include "lvss_nl.h"
#include "nl_build.h"
#include "tap.h"

/* What STORE_ADD's policy (kmod/lvss_genl.c) takes, for the tests. */
static struct nla_policy store_policy[LVSS_ATTR_MAX + 1] = {
	[LVSS_ATTR_DEV_PATH]		= { .type = NLA_STRING },
	[LVSS_ATTR_CHUNK_SIZE]		= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_STORE_KIND]		= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_STORE_PATH]		= { .type = NLA_STRING },
	[LVSS_ATTR_STORE_BYTES]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_STORE_EXTENTS]	= { .type = NLA_NESTED },
	[LVSS_ATTR_MEMBERS]		= { .type = NLA_NESTED },
	[LVSS_ATTR_FREEZE_TIMEOUT_MS]	= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_STORE_LOW_PERCENT]	= { .type = NLA_U32, .maxlen = 4 },
};

static struct nla_policy extent_policy[LVSS_ATTR_EXTENT_LENGTH + 1] = {
	[LVSS_ATTR_EXTENT_LOGICAL]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_EXTENT_PHYSICAL]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_EXTENT_LENGTH]	= { .type = NLA_U64, .maxlen = 8 },
};

/* A request with room for @size bytes of attributes (0: a page). */
static struct nl_msg *request(uint8_t cmd, size_t size)
{
	struct nl_msg *m = size ?
		nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + size) :
		nlmsg_alloc();

	if (!m || !genlmsg_put(m, 1, 1, FAMILY_ID, 0, 0, cmd,
			       LVSS_GENL_VERSION)) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}
	return m;
}

/* Top-level attributes of @m; every one must be in store_policy. */
static int parse_top(struct nl_msg *m, struct nlattr **tb)
{
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(m)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(m)), 0), rem)
		if (nla_type(a) > LVSS_ATTR_MAX ||
		    !store_policy[nla_type(a)].type)
			return -EINVAL;	/* strict: unknown attributes fail */
	return genlmsg_parse(nlmsg_hdr(m), 0, tb, LVSS_ATTR_MAX, store_policy);
}

/*
 * The extent list as lvss.ko reads it: LVSS_ATTR_EXTENT nests only, each
 * with exactly LOGICAL, PHYSICAL and LENGTH. Returns how many, or -1.
 */
static int parse_extents(struct nlattr *list, struct lvss_extent *out,
			 int max)
{
	struct nlattr *tb[LVSS_ATTR_EXTENT_LENGTH + 1], *nest, *a;
	int rem, rem2, n = 0;

	nla_for_each_nested(nest, list, rem) {
		if (nla_type(nest) != LVSS_ATTR_EXTENT || n == max)
			return -1;
		nla_for_each_nested(a, nest, rem2)
			if (nla_type(a) < LVSS_ATTR_EXTENT_LOGICAL ||
			    nla_type(a) > LVSS_ATTR_EXTENT_LENGTH)
				return -1;
		if (nla_parse_nested(tb, LVSS_ATTR_EXTENT_LENGTH, nest,
				     extent_policy) ||
		    !tb[LVSS_ATTR_EXTENT_LOGICAL] ||
		    !tb[LVSS_ATTR_EXTENT_PHYSICAL] ||
		    !tb[LVSS_ATTR_EXTENT_LENGTH])
			return -1;
		out[n].logical = nla_get_u64(tb[LVSS_ATTR_EXTENT_LOGICAL]);
		out[n].physical = nla_get_u64(tb[LVSS_ATTR_EXTENT_PHYSICAL]);
		out[n].length = nla_get_u64(tb[LVSS_ATTR_EXTENT_LENGTH]);
		n++;
	}
	return n;
}

static void test_store_memory(void)
{
	struct lvss_store_spec spec = {
		.dev_path = "/dev/disk/by-id/x", .kind = LVSS_STORE_MEMORY,
		.memory_bytes = 1ULL << 40, .chunk_size = 4096,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct nl_msg *m = request(LVSS_CMD_STORE_ADD, 0);

	is_int(lvss_nl_put_store(m, "/dev/sdb", &spec, ""), 0,
	       "a memory store request is built");
	ok(parse_top(m, tb) == 0, "it parses with STORE_ADD's policy");
	ok(tb[LVSS_ATTR_DEV_PATH] &&
	   !strcmp(nla_data(tb[LVSS_ATTR_DEV_PATH]), "/dev/sdb"),
	   "the device goes as its node, not as the name given");
	ok(tb[LVSS_ATTR_STORE_KIND] &&
	   nla_get_u32(tb[LVSS_ATTR_STORE_KIND]) == LVSS_STORE_MEMORY &&
	   tb[LVSS_ATTR_STORE_BYTES] &&
	   nla_get_u64(tb[LVSS_ATTR_STORE_BYTES]) == 1ULL << 40,
	   "kind and a 64-bit size");
	ok(tb[LVSS_ATTR_CHUNK_SIZE] &&
	   nla_get_u32(tb[LVSS_ATTR_CHUNK_SIZE]) == 4096,
	   "a chunk size given goes along");
	ok(!tb[LVSS_ATTR_STORE_PATH] && !tb[LVSS_ATTR_STORE_EXTENTS],
	   "nothing of the other kinds is sent");
	nlmsg_free(m);

	spec.chunk_size = 0;
	m = request(LVSS_CMD_STORE_ADD, 0);
	lvss_nl_put_store(m, "/dev/sdb", &spec, "");
	ok(parse_top(m, tb) == 0 && !tb[LVSS_ATTR_CHUNK_SIZE],
	   "chunk size 0 is left out: lvss.ko's default or the device's");
	ok(!tb[LVSS_ATTR_STORE_LOW_PERCENT],
	   "no threshold set: none is sent (lvss.ko's default, or unchanged)");
	nlmsg_free(m);
}

static void test_store_low_percent(void)
{
	struct lvss_store_spec spec = {
		.dev_path = "/dev/sdb", .kind = LVSS_STORE_MEMORY,
		.memory_bytes = 1ULL << 30, .set_low_percent = true,
		.low_percent = 25,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct nl_msg *m = request(LVSS_CMD_STORE_ADD, 0);

	is_int(lvss_nl_put_store(m, "/dev/sdb", &spec, ""), 0,
	       "a store request with a threshold is built");
	ok(parse_top(m, tb) == 0 && tb[LVSS_ATTR_STORE_LOW_PERCENT] &&
	   nla_len(tb[LVSS_ATTR_STORE_LOW_PERCENT]) == 4 &&
	   nla_get_u32(tb[LVSS_ATTR_STORE_LOW_PERCENT]) == 25,
	   "it goes as a u32 LVSS_ATTR_STORE_LOW_PERCENT of 25");
	nlmsg_free(m);

	spec.low_percent = 0;
	m = request(LVSS_CMD_STORE_ADD, 0);
	lvss_nl_put_store(m, "/dev/sdb", &spec, "");
	ok(parse_top(m, tb) == 0 && tb[LVSS_ATTR_STORE_LOW_PERCENT] &&
	   nla_get_u32(tb[LVSS_ATTR_STORE_LOW_PERCENT]) == 0,
	   "threshold 0 (off) is sent, not left out");
	nlmsg_free(m);

	spec.set_low_percent = false;
	spec.low_percent = 50;
	m = request(LVSS_CMD_STORE_ADD, 0);
	lvss_nl_put_store(m, "/dev/sdb", &spec, "");
	ok(parse_top(m, tb) == 0 && !tb[LVSS_ATTR_STORE_LOW_PERCENT],
	   "a value without set_low_percent is not sent");
	nlmsg_free(m);
}

static void test_store_bdev(void)
{
	struct lvss_store_spec spec = {
		.dev_path = "/dev/sdb", .kind = LVSS_STORE_BDEV,
		.store_path = "/dev/disk/by-id/store",
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct nl_msg *m = request(LVSS_CMD_STORE_ADD, 0);

	is_int(lvss_nl_put_store(m, "/dev/sdb", &spec, "/dev/sdc"), 0,
	       "a device store request is built");
	ok(parse_top(m, tb) == 0 && tb[LVSS_ATTR_STORE_PATH] &&
	   !strcmp(nla_data(tb[LVSS_ATTR_STORE_PATH]), "/dev/sdc") &&
	   !tb[LVSS_ATTR_STORE_BYTES] && !tb[LVSS_ATTR_STORE_EXTENTS],
	   "the store device goes as its resolved node");
	nlmsg_free(m);
}

static void test_store_file(void)
{
	static const struct lvss_extent ext[] = {
		{ 0, 0x100000000ULL, 1 << 20 },
		{ 1 << 20, 4096, 0x200000000ULL },
		{ 0x200100000ULL, 8192, 4096 },
	};
	struct lvss_store_spec spec = {
		.dev_path = "/dev/sdb", .kind = LVSS_STORE_FILE,
		.store_path = "store", .extents = ext, .nr_extents = 3,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct lvss_extent back[4];
	struct nl_msg *m = request(LVSS_CMD_STORE_ADD, 0);
	int n;

	is_int(lvss_nl_put_store(m, "/dev/sdb", &spec, "/var/lib/lvss/store"),
	       0, "a file store request is built");
	ok(parse_top(m, tb) == 0 && tb[LVSS_ATTR_STORE_PATH] &&
	   !strcmp(nla_data(tb[LVSS_ATTR_STORE_PATH]), "/var/lib/lvss/store"),
	   "the file goes by its absolute path");
	n = tb[LVSS_ATTR_STORE_EXTENTS] ?
	    parse_extents(tb[LVSS_ATTR_STORE_EXTENTS], back, 4) : -1;
	is_int(n, 3, "three extent nests parse back the way lvss.ko reads them");
	ok(n == 3 && !memcmp(back, ext, sizeof(ext)),
	   "every extent comes back exact, 64-bit values included");
	nlmsg_free(m);
}

/* The most extents a request carries, and one more. */
static void test_extent_limit(void)
{
	size_t max = LVSS_STORE_FILE_EXTENTS_MAX;
	struct lvss_extent *ext = calloc(max + 1, sizeof(*ext)), *back;
	struct lvss_store_spec spec = {
		.dev_path = "/dev/sdb", .kind = LVSS_STORE_FILE,
		.extents = ext, .nr_extents = max,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct nl_msg *m;
	int n;

	back = calloc(max + 1, sizeof(*back));
	if (!ext || !back)
		exit(2);
	for (size_t i = 0; i <= max; i++)
		ext[i] = (struct lvss_extent){ i * 8192, i * 16384, 4096 };

	is_int(max, 1638, "LVSS_STORE_FILE_EXTENTS_MAX is 1638");
	m = request(LVSS_CMD_STORE_ADD, 2 * LVSS_DEV_PATH_MAX + 64 + max * 40);
	is_int(lvss_nl_put_store(m, "/dev/sdb", &spec, "/s"), 0,
	       "LVSS_STORE_FILE_EXTENTS_MAX extents fit one request, in the room lvss_store_add() asks");
	n = parse_top(m, tb) == 0 && tb[LVSS_ATTR_STORE_EXTENTS] ?
	    parse_extents(tb[LVSS_ATTR_STORE_EXTENTS], back, (int)max + 1) : -1;
	ok(n == (int)max && !memcmp(back, ext, max * sizeof(*ext)),
	   "and all of them parse back");
	nlmsg_free(m);

	spec.nr_extents = max + 1;
	m = request(LVSS_CMD_STORE_ADD, 2 * (max + 1) * 40);
	is_int(lvss_nl_put_store(m, "/dev/sdb", &spec, "/s"), -EMSGSIZE,
	       "one more outgrows the 16-bit length of LVSS_ATTR_STORE_EXTENTS");
	nlmsg_free(m);

	spec.nr_extents = 100;
	m = request(LVSS_CMD_STORE_ADD, 512);
	is_int(lvss_nl_put_store(m, "/dev/sdb", &spec, "/s"), -EMSGSIZE,
	       "a message too small for the list fails, it is not cut short");
	nlmsg_free(m);
	free(ext);
	free(back);
}

static void test_take(void)
{
	static const char *const nodes[] = { "/dev/sdb", "/dev/vdc1" };
	static const int required[] = { LVSS_ATTR_DEV_PATH, LVSS_ATTR_UNSPEC };
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct lvss_snapshot_set set;
	struct lvss_error err;
	struct nl_msg *m = request(LVSS_CMD_SNAPSHOT_TAKE, 0);
	int rc;

	is_int(lvss_nl_put_take(m, nodes, 2, 2500), 0,
	       "a take request of two members is built");
	ok(parse_top(m, tb) == 0 && tb[LVSS_ATTR_FREEZE_TIMEOUT_MS] &&
	   nla_get_u32(tb[LVSS_ATTR_FREEZE_TIMEOUT_MS]) == 2500,
	   "the timeout goes along");
	rc = tb[LVSS_ATTR_MEMBERS] ?
	     lvss_nl_parse_members(tb[LVSS_ATTR_MEMBERS],
				   LVSS_CMD_SNAPSHOT_TAKE, required, &set,
				   &err) : -1;
	ok(rc == 0 && set.count == 2 &&
	   !strcmp(set.members[0].dev_path, "/dev/sdb") &&
	   !strcmp(set.members[1].dev_path, "/dev/vdc1"),
	   "the member nests parse back with the reply's parser, in order");
	nlmsg_free(m);

	m = request(LVSS_CMD_SNAPSHOT_TAKE, 0);
	lvss_nl_put_take(m, nodes, 1, 0);
	ok(parse_top(m, tb) == 0 && !tb[LVSS_ATTR_FREEZE_TIMEOUT_MS],
	   "timeout 0 is left out: lvss.ko's default");
	nlmsg_free(m);
}

int main(void)
{
	test_store_memory();
	test_store_low_percent();
	test_store_bdev();
	test_store_file();
	test_extent_limit();
	test_take();
	return tap_done();
}
