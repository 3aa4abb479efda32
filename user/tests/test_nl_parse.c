// SPDX-License-Identifier: MIT
/*
 * The library's reply parsers and ext-ack reader, fed with messages built
 * here with libnl the way lvss.ko (and netlink_ack(), netlink_dump_done())
 * lay them out.
 */
#include <errno.h>

#include "lvss_nl.h"
#include "malformed.h"
#include "nl_build.h"
#include "tap.h"

/* A GET_STATUS reply as lvss.ko sends it, minus attribute @skip. */
static struct nl_msg *status_reply(int skip)
{
	struct nl_msg *m = build_reply(LVSS_CMD_GET_STATUS, 0);

	if (skip != LVSS_ATTR_MODULE_VERSION)
		nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	if (skip != LVSS_ATTR_ABI_VERSION)
		nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	if (skip != LVSS_ATTR_DEVICE_COUNT)
		nla_put_u32(m, LVSS_ATTR_DEVICE_COUNT, 3);
	if (skip != LVSS_ATTR_SNAPSHOT_COUNT)
		nla_put_u32(m, LVSS_ATTR_SNAPSHOT_COUNT, 7);
	/* nla_put_u64_64bit() pads with an empty LVSS_ATTR_PAD first. */
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_UPTIME_MS)
		nla_put_u64(m, LVSS_ATTR_UPTIME_MS, 0x100000000ULL + 5);
	return m;
}

static int parse_device(struct nl_msg *m, struct lvss_device *d,
			struct lvss_error *err)
{
	int rc = lvss_nl_parse_device(nlmsg_hdr(m), d, err);

	nlmsg_free(m);
	return rc;
}

static int parse_status(struct nl_msg *m, struct lvss_status *s,
			struct lvss_error *err)
{
	int rc = lvss_nl_parse_status(nlmsg_hdr(m), s, err);

	nlmsg_free(m);
	return rc;
}

static int parse_version(struct nl_msg *m, struct lvss_version *v,
			 struct lvss_error *err)
{
	int rc = lvss_nl_parse_version(nlmsg_hdr(m), v, err);

	nlmsg_free(m);
	return rc;
}

static void test_good_replies(void)
{
	struct lvss_version v = { 0 };
	struct lvss_status s = { 0 };
	struct lvss_error err = { 0 };
	struct nl_msg *m;

	m = build_reply(LVSS_CMD_GET_VERSION, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, 0x10002);
	is_int(parse_version(m, &v, &err), 0, "a GET_VERSION reply parses");
	is_str(v.module, "0.1.0", "module version is read");
	is_int(v.abi, 0x10002, "ABI version is read");

	is_int(parse_status(status_reply(0), &s, &err), 0,
	       "a GET_STATUS reply with a pad attribute parses");
	ok(!strcmp(s.module, "0.1.0") && s.abi == LVSS_ABI_VERSION &&
	   s.device_count == 3 && s.snapshot_count == 7,
	   "status: module, abi and counts are read");
	ok(s.uptime_ms == 0x100000005ULL, "status: a 64-bit uptime keeps its high bits");

	m = build_reply(LVSS_CMD_GET_VERSION, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.2.0");
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, 0x10001);
	nla_put_u32(m, LVSS_ATTR_MAX + 1, 99);	/* from a newer minor ABI */
	is_int(parse_version(m, &v, &err), 0,
	       "attributes newer than LVSS_ATTR_MAX are ignored");

	char longest[LVSS_MODULE_VERSION_MAX];
	memset(longest, 'x', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	m = build_reply(LVSS_CMD_GET_VERSION, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, longest);
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	ok(parse_version(m, &v, &err) == 0 && !strcmp(v.module, longest),
	   "a module version of LVSS_MODULE_VERSION_MAX - 1 chars fits");
}

static void test_missing(void)
{
	static const struct { int attr; const char *name; } required[] = {
		{ LVSS_ATTR_MODULE_VERSION, "LVSS_ATTR_MODULE_VERSION" },
		{ LVSS_ATTR_ABI_VERSION, "LVSS_ATTR_ABI_VERSION" },
		{ LVSS_ATTR_DEVICE_COUNT, "LVSS_ATTR_DEVICE_COUNT" },
		{ LVSS_ATTR_SNAPSHOT_COUNT, "LVSS_ATTR_SNAPSHOT_COUNT" },
		{ LVSS_ATTR_UPTIME_MS, "LVSS_ATTR_UPTIME_MS" },
	};
	struct lvss_error err;
	struct lvss_status s;

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		int rc = parse_status(status_reply(required[i].attr), &s, &err);

		is_malformed(rc, &err, required[i].name,
			     "a status reply without it");
	}
	parse_status(status_reply(LVSS_ATTR_UPTIME_MS), &s, &err);
	is_str(err.msg,
	       "malformed GET_STATUS reply from lvss.ko: missing LVSS_ATTR_UPTIME_MS; lvss tools and lvss.ko may be from different releases",
	       "the whole message says what is wrong and why it may be");
}

static void test_bad_attributes(void)
{
	struct lvss_version v = { .module = "keep", .abi = 7 };
	struct lvss_error err;
	uint16_t u16 = 1;
	uint64_t u64 = 1;
	char big[LVSS_MODULE_VERSION_MAX + 1];
	struct nl_msg *m;
	int rc;

	m = build_reply(LVSS_CMD_GET_VERSION, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put(m, LVSS_ATTR_ABI_VERSION, sizeof(u16), &u16);
	rc = parse_version(m, &v, &err);
	is_malformed(rc, &err, "LVSS_ATTR_ABI_VERSION", "a 2-byte u32");
	ok(!strcmp(v.module, "keep") && v.abi == 7,
	   "the output is untouched when parsing fails");

	m = build_reply(LVSS_CMD_GET_VERSION, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put(m, LVSS_ATTR_ABI_VERSION, sizeof(u64), &u64);
	rc = parse_version(m, &v, &err);
	is_malformed(rc, &err, "LVSS_ATTR_ABI_VERSION", "an 8-byte u32");

	m = build_reply(LVSS_CMD_GET_VERSION, 0);
	nla_put(m, LVSS_ATTR_MODULE_VERSION, 5, "0.1.0");	/* no NUL */
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	rc = parse_version(m, &v, &err);
	is_malformed(rc, &err, "LVSS_ATTR_MODULE_VERSION",
		     "a string without NUL");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	m = build_reply(LVSS_CMD_GET_VERSION, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, big);
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	rc = parse_version(m, &v, &err);
	is_malformed(rc, &err, "LVSS_ATTR_MODULE_VERSION",
		     "a string over LVSS_MODULE_VERSION_MAX");
}

static void test_device(void)
{
	static const struct { int attr; const char *name; } required[] = {
		{ LVSS_ATTR_DEV_PATH, "LVSS_ATTR_DEV_PATH" },
		{ LVSS_ATTR_DEV_MAJOR, "LVSS_ATTR_DEV_MAJOR" },
		{ LVSS_ATTR_DEV_MINOR, "LVSS_ATTR_DEV_MINOR" },
		{ LVSS_ATTR_DEV_SIZE, "LVSS_ATTR_DEV_SIZE" },
		{ LVSS_ATTR_WRITES, "LVSS_ATTR_WRITES" },
		{ LVSS_ATTR_WRITE_BYTES, "LVSS_ATTR_WRITE_BYTES" },
	};
	struct lvss_device d = { 0 };
	struct lvss_error err;
	char longest[LVSS_DEV_PATH_MAX], big[LVSS_DEV_PATH_MAX + 1];
	uint32_t u32 = 1;
	struct nl_msg *m;
	int rc;

	is_int(parse_device(build_device("/dev/sdb", 0), &d, &err), 0,
	       "a GET_DEVICE dump message parses");
	is_str(d.path, "/dev/sdb", "device: the path is read");
	ok(d.major == 8 && d.minor == 16, "device: major and minor are read");
	ok(d.size_bytes == 0x200000000ULL && d.writes == 0x100000003ULL &&
	   d.write_bytes == 12288,
	   "device: 64-bit size and counters keep their high bits");

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		rc = parse_device(build_device("/dev/sdb", required[i].attr),
				  &d, &err);
		is_malformed(rc, &err, required[i].name,
			     "a device message without it");
	}
	parse_device(build_device("/dev/sdb", LVSS_ATTR_WRITES), &d, &err);
	is_str(err.msg,
	       "malformed GET_DEVICE reply from lvss.ko: missing LVSS_ATTR_WRITES; lvss tools and lvss.ko may be from different releases",
	       "a device message's error names the command and attribute");

	memset(longest, 'x', sizeof(longest) - 1);
	longest[0] = '/';
	longest[sizeof(longest) - 1] = '\0';
	ok(parse_device(build_device(longest, 0), &d, &err) == 0 &&
	   !strcmp(d.path, longest),
	   "a path of LVSS_DEV_PATH_MAX - 1 bytes fits");

	memset(big, 'x', sizeof(big) - 1);
	big[0] = '/';
	big[sizeof(big) - 1] = '\0';
	strcpy(d.path, "keep");
	rc = parse_device(build_device(big, 0), &d, &err);
	is_malformed(rc, &err, "LVSS_ATTR_DEV_PATH",
		     "a path of LVSS_DEV_PATH_MAX bytes");
	is_str(d.path, "keep", "the device is untouched when parsing fails");

	m = build_device("/dev/sdb", LVSS_ATTR_DEV_PATH);
	nla_put(m, LVSS_ATTR_DEV_PATH, 8, "/dev/sdb");	/* no NUL */
	is_malformed(parse_device(m, &d, &err), &err, "LVSS_ATTR_DEV_PATH",
		     "a path without NUL");

	m = build_device("/dev/sdb", LVSS_ATTR_DEV_SIZE);
	nla_put(m, LVSS_ATTR_DEV_SIZE, sizeof(u32), &u32);
	is_malformed(parse_device(m, &d, &err), &err, "LVSS_ATTR_DEV_SIZE",
		     "a 4-byte u64");

	m = build_device("/dev/sdb", LVSS_ATTR_DEV_MINOR);
	nla_put_u64(m, LVSS_ATTR_DEV_MINOR, 16);
	is_malformed(parse_device(m, &d, &err), &err, "LVSS_ATTR_DEV_MINOR",
		     "an 8-byte u32");

	m = status_reply(0);
	is_malformed(parse_device(m, &d, &err), &err, "another command",
		     "a GET_STATUS reply where a device was due");

	/* lvss.ko adds figures of devices with snapshots or a CoW store. */
	m = build_device("/dev/sdb", 0);
	nla_put_u32(m, LVSS_ATTR_SNAPSHOT_COUNT, 2);
	nla_put_u64(m, LVSS_ATTR_MAX + 1, 7);
	is_int(parse_device(m, &d, &err), 0,
	       "a device message with more attributes than listed parses");
}

/* ABI 1.1 figures: optional, since an lvss.ko of ABI 1.0 sends none. */
static void test_abi_1_1(void)
{
	struct lvss_status s;
	struct lvss_device d;
	struct lvss_error err;
	uint32_t u32 = 1;
	struct nl_msg *m;
	int rc;

	m = status_reply(0);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	nla_put_u64(m, LVSS_ATTR_EVENTS_DROPPED, 0x100000009ULL);
	memset(&s, 0, sizeof(s));
	is_int(parse_status(m, &s, &err), 0,
	       "a status reply with LVSS_ATTR_EVENTS_DROPPED parses");
	ok(s.has_events_dropped && s.events_dropped == 0x100000009ULL,
	   "status: events dropped is read, all 64 bits");
	memset(&s, 0x55, sizeof(s));
	is_int(parse_status(status_reply(0), &s, &err), 0,
	       "a status reply of ABI 1.0, without it, parses");
	ok(!s.has_events_dropped && s.events_dropped == 0,
	   "status: without it the flag is false and the figure 0");
	m = status_reply(0);
	nla_put_u32(m, LVSS_ATTR_EVENTS_DROPPED, 1);
	is_malformed(parse_status(m, &s, &err), &err,
		     "LVSS_ATTR_EVENTS_DROPPED", "a 4-byte events dropped");

	m = build_device("/dev/sdb", 0);
	put_store(m, 0);
	nla_put_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 25);
	memset(&d, 0x55, sizeof(d));
	is_int(parse_device(m, &d, &err), 0,
	       "a device with a store and LVSS_ATTR_STORE_LOW_PERCENT parses");
	ok(d.has_store && d.has_low_percent && d.low_percent == 25,
	   "device: the threshold is read with the store");
	m = build_device("/dev/sdb", 0);
	put_store(m, 0);
	nla_put_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 0);
	ok(parse_device(m, &d, &err) == 0 && d.has_low_percent &&
	   d.low_percent == 0, "device: threshold 0 (off) is sent and read");
	m = build_device("/dev/sdb", 0);
	put_store(m, 0);
	memset(&d, 0x55, sizeof(d));
	ok(parse_device(m, &d, &err) == 0 && d.has_store &&
	   !d.has_low_percent && d.low_percent == 0,
	   "device: a store of ABI 1.0, without a threshold, parses; 0 and false");
	memset(&d, 0x55, sizeof(d));
	ok(parse_device(build_device("/dev/sdb", 0), &d, &err) == 0 &&
	   !d.has_store && !d.has_low_percent,
	   "device: without a store there is no threshold");

	m = build_device("/dev/sdb", 0);
	nla_put_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 10);
	is_malformed(parse_device(m, &d, &err), &err, "LVSS_ATTR_CHUNK_SIZE",
		     "a threshold without the store figures");
	m = build_device("/dev/sdb", 0);
	put_store(m, 0);
	nla_put_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 100);
	rc = parse_device(m, &d, &err);
	is_malformed(rc, &err, "LVSS_ATTR_STORE_LOW_PERCENT",
		     "a threshold of 100 percent");
	ok(strstr(err.msg, "above LVSS_STORE_LOW_PERCENT_MAX") != NULL,
	   "and it says the value is out of range");
	m = build_device("/dev/sdb", 0);
	put_store(m, 0);
	nla_put_u64(m, LVSS_ATTR_STORE_LOW_PERCENT, 10);
	is_malformed(parse_device(m, &d, &err), &err,
		     "LVSS_ATTR_STORE_LOW_PERCENT", "an 8-byte threshold");
	m = build_device("/dev/sdb", 0);
	put_store(m, 0);
	nla_put(m, LVSS_ATTR_STORE_LOW_PERCENT, sizeof(u32) - 1, &u32);
	is_malformed(parse_device(m, &d, &err), &err,
		     "LVSS_ATTR_STORE_LOW_PERCENT", "a 3-byte threshold");
}

/* ABI 1.1: every device's tracking block size and map memory. */
static void test_device_cbt(void)
{
	struct lvss_device d;
	struct lvss_error err;
	struct nl_msg *m;

	m = build_device("/dev/sdb", 0);
	nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 4096);
	nla_put_u64(m, LVSS_ATTR_CBT_MAP_BYTES, 0x100000000ULL);
	memset(&d, 0x55, sizeof(d));
	is_int(parse_device(m, &d, &err), 0,
	       "a device with its tracking block size and map bytes parses");
	ok(d.has_cbt && d.cbt_block_size == 4096 &&
	   d.cbt_map_bytes == 0x100000000ULL,
	   "device: both are read, the map bytes whole");
	memset(&d, 0x55, sizeof(d));
	ok(parse_device(build_device("/dev/sdb", 0), &d, &err) == 0 &&
	   !d.has_cbt && !d.cbt_block_size && !d.cbt_map_bytes,
	   "device of ABI 1.0, without them: false and 0");

	m = build_device("/dev/sdb", 0);
	nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 4096);
	is_malformed(parse_device(m, &d, &err), &err, "LVSS_ATTR_CBT_MAP_BYTES",
		     "a block size without the map bytes");
	m = build_device("/dev/sdb", 0);
	nla_put_u64(m, LVSS_ATTR_CBT_MAP_BYTES, 1);
	is_malformed(parse_device(m, &d, &err), &err,
		     "LVSS_ATTR_CBT_BLOCK_SIZE", "map bytes without the block size");
	m = build_device("/dev/sdb", 0);
	nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 3000);
	nla_put_u64(m, LVSS_ATTR_CBT_MAP_BYTES, 1);
	is_malformed(parse_device(m, &d, &err), &err,
		     "LVSS_ATTR_CBT_BLOCK_SIZE", "a block size of 3000 bytes");
}

static void test_bad_headers(void)
{
	struct lvss_version v;
	struct lvss_error err;
	struct nl_msg *m;
	struct {
		struct nlmsghdr nlh;
		char genl[2];
	} runt = { .nlh = { .nlmsg_len = NLMSG_HDRLEN + 2 } };

	m = build_reply(LVSS_CMD_GET_STATUS, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	is_malformed(parse_version(m, &v, &err), &err, "another command",
		     "a reply for the wrong command");

	is_malformed(lvss_nl_parse_version(&runt.nlh, &v, &err), &err,
		     "too short", "a message shorter than a genl header");
}

static void test_extack(void)
{
	static const char text[] = "ABI major 2 is not supported, module speaks 1";
	char buf[LVSS_ERROR_STR_MAX], small[8];
	struct nl_msg *m;

	m = build_error(-EPROTO, NLM_F_ACK_TLVS | NLM_F_CAPPED, 0, text);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 1 &&
	   !strcmp(buf, text), "ext-ack message of a capped error is found");
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), small, sizeof(small)) == 1 &&
	   !strcmp(small, "ABI maj"), "a long ext-ack message is truncated safely");
	nlmsg_free(m);

	m = build_error(-EPROTO, NLM_F_ACK_TLVS, 22, text);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 1 &&
	   !strcmp(buf, text), "ext-ack after an echoed, padded request is found");
	nlmsg_free(m);

	m = build_error(-EPROTO, NLM_F_CAPPED, 0, NULL);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0 && !*buf,
	   "no NLM_F_ACK_TLVS: no message, empty buffer");
	nlmsg_free(m);

	m = build_error(-EPROTO, NLM_F_ACK_TLVS | NLM_F_CAPPED, 0, NULL);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0,
	   "TLVs without NLMSGERR_ATTR_MSG: no message");
	nlmsg_free(m);

	m = build_error(-EPROTO, NLM_F_ACK_TLVS, 40, text);
	nlmsg_hdr(m)->nlmsg_len = NLMSG_HDRLEN + sizeof(struct nlmsgerr) + 8;
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0,
	   "an echo longer than the message is not read past its end");
	nlmsg_free(m);
}

static void test_extack_done(void)
{
	char buf[LVSS_ERROR_STR_MAX];
	struct nl_msg *m;

	m = build_done(-ENOBUFS, "device table changed");
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 1 &&
	   !strcmp(buf, "device table changed"),
	   "the ext-ack message of a failed dump's NLMSG_DONE is found");
	nlmsg_free(m);

	m = build_done(0, NULL);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0 && !*buf,
	   "a plain NLMSG_DONE has no message");
	nlmsg_free(m);

	m = build_done(-EIO, "x");
	nlmsg_hdr(m)->nlmsg_len = NLMSG_HDRLEN + 2;
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0,
	   "an NLMSG_DONE cut short is not read past its end");
	nlmsg_free(m);

	m = build_device("/dev/sdb", 0);
	nlmsg_hdr(m)->nlmsg_flags |= NLM_F_ACK_TLVS;
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0,
	   "a family message with the ACK_TLVS bit is not taken for an error");
	nlmsg_free(m);
}

int main(void)
{
	test_good_replies();
	test_missing();
	test_bad_attributes();
	test_device();
	test_abi_1_1();
	test_device_cbt();
	test_bad_headers();
	test_extack();
	test_extack_done();
	return tap_done();
}
