// SPDX-License-Identifier: MIT
/*
 * Replies about stores and snapshots: device messages with and without
 * store figures, the take reply and its member nests, snapshot dump
 * messages (active and failed) through the dump collector, and naming the
 * member a failed take was about.
 */
#include <errno.h>
#include <sys/sysmacros.h>

#include "lvss_error.h"
#include "lvss_nl.h"
#include "malformed.h"
#include "nl_build.h"
#include "tap.h"

static int parse_device(struct nl_msg *m, struct lvss_device *d,
			struct lvss_error *err)
{
	int rc = lvss_nl_parse_device(nlmsg_hdr(m), d, err);

	nlmsg_free(m);
	return rc;
}

static int parse_take(struct nl_msg *m, struct lvss_snapshot_set *set,
		      struct lvss_error *err)
{
	int rc = lvss_nl_parse_take(nlmsg_hdr(m), set, err);

	nlmsg_free(m);
	return rc;
}

static int parse_snapshot(struct nl_msg *m, struct lvss_snapshot *s,
			  struct lvss_error *err)
{
	int rc = lvss_nl_parse_snapshot(nlmsg_hdr(m), s, err);

	nlmsg_free(m);
	return rc;
}

static void test_device_store(void)
{
	static const int store[] = {
		LVSS_ATTR_CHUNK_SIZE, LVSS_ATTR_STORE_USED,
		LVSS_ATTR_STORE_TOTAL, LVSS_ATTR_COPIES,
	};
	struct lvss_device d;
	struct lvss_error err;
	struct nl_msg *m;

	memset(&d, 0xff, sizeof(d));
	is_int(parse_device(build_device("/dev/sdb", 0), &d, &err), 0,
	       "a device without a store parses");
	ok(!d.has_store && !d.has_snapshot_count && !d.chunk_size &&
	   !d.store_used_bytes && !d.store_total_bytes && !d.copies &&
	   !d.snapshot_count,
	   "no store, no count: flags false and figures 0, not left over");

	m = build_device("/dev/sdb", 0);
	put_store(m, 0);
	nla_put_u32(m, LVSS_ATTR_SNAPSHOT_COUNT, 2);
	is_int(parse_device(m, &d, &err), 0, "a device with a store parses");
	ok(d.has_store && d.chunk_size == 65536 &&
	   d.store_used_bytes == 3ULL << 30 &&
	   d.store_total_bytes == 5ULL << 30 && d.copies == 0x100000007ULL,
	   "store: chunk size, used, total and 64-bit copies are read");
	ok(d.has_snapshot_count && d.snapshot_count == 2,
	   "the snapshot count is read");

	/* lvss.ko sends the count also without a store. */
	m = build_device("/dev/sdb", 0);
	nla_put_u32(m, LVSS_ATTR_SNAPSHOT_COUNT, 0);
	ok(parse_device(m, &d, &err) == 0 && d.has_snapshot_count &&
	   !d.has_store, "a count without a store is fine");

	for (size_t i = 0; i < sizeof(store) / sizeof(store[0]); i++) {
		m = build_device("/dev/sdb", 0);
		put_store(m, store[i]);
		is_malformed(parse_device(m, &d, &err), &err,
			     i == 0 ? "LVSS_ATTR_CHUNK_SIZE" :
			     i == 1 ? "LVSS_ATTR_STORE_USED" :
			     i == 2 ? "LVSS_ATTR_STORE_TOTAL" :
				      "LVSS_ATTR_COPIES",
			     "store figures short of one");
	}
	m = build_device("/dev/sdb", 0);
	nla_put_u64(m, LVSS_ATTR_CHUNK_SIZE, 65536);
	is_malformed(parse_device(m, &d, &err), &err, "LVSS_ATTR_CHUNK_SIZE",
		     "an 8-byte chunk size");
}

static void test_take_reply(void)
{
	static const struct { int attr; const char *name; } member[] = {
		{ LVSS_ATTR_DEV_PATH, "LVSS_ATTR_DEV_PATH" },
		{ LVSS_ATTR_SNAPSHOT_ID, "LVSS_ATTR_SNAPSHOT_ID" },
		{ LVSS_ATTR_SNAPSHOT_SEQ, "LVSS_ATTR_SNAPSHOT_SEQ" },
		{ LVSS_ATTR_DISK_NAME, "LVSS_ATTR_DISK_NAME" },
		{ LVSS_ATTR_FROZEN_NS, "LVSS_ATTR_FROZEN_NS" },
		{ LVSS_ATTR_MEMBERS, "LVSS_ATTR_MEMBERS" },
	};
	struct lvss_snapshot_set set;
	struct lvss_error err;
	struct nlattr *list, *one;
	struct nl_msg *m;
	char big[LVSS_DISK_NAME_MAX + 1];

	is_int(parse_take(build_take_reply(0), &set, &err), 0,
	       "a take reply of two members parses");
	ok(set.frozen_ns == 1500000 && set.count == 2,
	   "frozen time and member count");
	ok(!strcmp(set.members[0].dev_path, "/dev/sdb") &&
	   set.members[0].id == 3 && set.members[0].seq == 1 &&
	   !strcmp(set.members[0].disk, "lvss3"),
	   "first member: path, id, seq, disk");
	ok(!strcmp(set.members[1].dev_path, "/dev/vdc1") &&
	   set.members[1].id == 4 && set.members[1].seq == 7 &&
	   !strcmp(set.members[1].disk, "lvss4"),
	   "second member, in order");

	for (size_t i = 0; i < sizeof(member) / sizeof(member[0]); i++) {
		set.count = 99;
		is_malformed(parse_take(build_take_reply(member[i].attr), &set,
					&err),
			     &err, member[i].name, "a take reply without it");
	}
	ok(set.count == 99, "the set is untouched when parsing fails");
	is_str(err.msg,
	       "malformed SNAPSHOT_TAKE reply from lvss.ko: missing LVSS_ATTR_MEMBERS; lvss tools and lvss.ko may be from different releases",
	       "the message names command and attribute");

	m = build_reply(LVSS_CMD_SNAPSHOT_TAKE, 0);
	nla_put_u64(m, LVSS_ATTR_FROZEN_NS, 1);
	list = nla_nest_start(m, LVSS_ATTR_MEMBERS);
	nla_put_u32(m, LVSS_ATTR_SNAPSHOT_ID, 1);	/* not in a MEMBER */
	nla_nest_end(m, list);
	is_malformed(parse_take(m, &set, &err), &err,
		     "expected LVSS_ATTR_MEMBER", "a bare attribute in the list");

	m = build_reply(LVSS_CMD_SNAPSHOT_TAKE, 0);
	nla_put_u64(m, LVSS_ATTR_FROZEN_NS, 1);
	list = nla_nest_start(m, LVSS_ATTR_MEMBERS);
	for (uint32_t i = 0; i <= LVSS_SET_MEMBERS_MAX; i++)
		put_member(m, "/dev/sdb", i + 1, 1, 0);
	nla_nest_end(m, list);
	is_malformed(parse_take(m, &set, &err), &err, "LVSS_SET_MEMBERS_MAX",
		     "33 members");

	m = build_reply(LVSS_CMD_SNAPSHOT_TAKE, 0);
	nla_put_u64(m, LVSS_ATTR_FROZEN_NS, 1);
	list = nla_nest_start(m, LVSS_ATTR_MEMBERS);
	nla_nest_end_keep_empty(m, list);
	is_malformed(parse_take(m, &set, &err), &err, "LVSS_ATTR_MEMBERS",
		     "an empty member list");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	m = build_reply(LVSS_CMD_SNAPSHOT_TAKE, 0);
	nla_put_u64(m, LVSS_ATTR_FROZEN_NS, 1);
	list = nla_nest_start(m, LVSS_ATTR_MEMBERS);
	one = nla_nest_start(m, LVSS_ATTR_MEMBER);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	nla_put_u32(m, LVSS_ATTR_SNAPSHOT_ID, 1);
	nla_put_u64(m, LVSS_ATTR_SNAPSHOT_SEQ, 1);
	nla_put_string(m, LVSS_ATTR_DISK_NAME, big);
	nla_nest_end(m, one);
	nla_nest_end(m, list);
	is_malformed(parse_take(m, &set, &err), &err, "LVSS_ATTR_DISK_NAME",
		     "a disk name of LVSS_DISK_NAME_MAX bytes inside a member");
}

static void test_snapshot_messages(void)
{
	static const int required[] = {
		LVSS_ATTR_SNAPSHOT_ID, LVSS_ATTR_DEV_PATH,
		LVSS_ATTR_SNAPSHOT_SEQ, LVSS_ATTR_SNAPSHOT_STATE,
		LVSS_ATTR_DISK_NAME, LVSS_ATTR_CREATED_NS, LVSS_ATTR_FROZEN_NS,
		LVSS_ATTR_CHUNK_SIZE, LVSS_ATTR_STORE_USED,
		LVSS_ATTR_STORE_TOTAL, LVSS_ATTR_COPIES,
	};
	struct lvss_snapshot s;
	struct lvss_error err;
	char msg[LVSS_ERROR_MSG_MAX + 1];
	int rc;

	memset(&s, 0xff, sizeof(s));
	is_int(parse_snapshot(build_snapshot(3, 0, NULL, 0), &s, &err), 0,
	       "an active snapshot's message parses");
	ok(s.id == 3 && !strcmp(s.dev_path, "/dev/sdb") &&
	   s.seq == 0x100000002ULL && s.state == LVSS_SNAPSHOT_ACTIVE &&
	   !strcmp(s.disk, "lvss3"),
	   "id, device, 64-bit seq, state, disk");
	ok(s.created_ns == 1714566896123456789ULL && s.frozen_ns == 12345678,
	   "created and frozen times, exact");
	ok(s.chunk_size == 65536 && s.store_used_bytes == 3ULL << 30 &&
	   s.store_total_bytes == 5ULL << 30 && s.copies == 0x100000007ULL,
	   "the store figures");
	ok(s.error == 0 && !*s.error_msg, "no error: 0 and \"\", not left over");

	rc = parse_snapshot(build_snapshot(4, ENOSPC, "the CoW store is full",
					   0), &s, &err);
	is_int(rc, 0, "a failed snapshot's message parses");
	ok(s.state == LVSS_SNAPSHOT_FAILED && s.error == ENOSPC &&
	   !strcmp(s.error_msg, "the CoW store is full"),
	   "failed: state, errno and why");

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		rc = parse_snapshot(build_snapshot(3, 0, NULL, required[i]),
				    &s, &err);
		ok(rc == -EBADMSG && strstr(err.msg, "missing LVSS_ATTR_"),
		   "a snapshot message without attribute %d is refused",
		   required[i]);
	}
	is_malformed(parse_snapshot(build_snapshot(4, EIO, "x",
						   LVSS_ATTR_ERROR), &s, &err),
		     &err, "LVSS_ATTR_ERROR", "a failed snapshot without errno");
	is_malformed(parse_snapshot(build_snapshot(4, EIO, "x",
						   LVSS_ATTR_ERROR_MSG),
				    &s, &err),
		     &err, "LVSS_ATTR_ERROR_MSG", "a failed snapshot without why");

	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	is_malformed(parse_snapshot(build_snapshot(4, EIO, msg, 0), &s, &err),
		     &err, "LVSS_ATTR_ERROR_MSG",
		     "a reason of LVSS_ERROR_MSG_MAX bytes");
	msg[LVSS_ERROR_MSG_MAX - 1] = '\0';
	ok(parse_snapshot(build_snapshot(4, EIO, msg, 0), &s, &err) == 0 &&
	   strlen(s.error_msg) == LVSS_ERROR_MSG_MAX - 1,
	   "one byte shorter fits whole");

	/* ABI 1.1 adds the store's threshold to the shared store figures. */
	struct nl_msg *m = build_snapshot(3, 0, NULL, 0);
	nla_put_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 10);
	ok(parse_snapshot(m, &s, &err) == 0 && s.id == 3,
	   "a snapshot message with LVSS_ATTR_STORE_LOW_PERCENT parses");
	m = build_snapshot(3, 0, NULL, 0);
	nla_put_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 100);
	is_malformed(parse_snapshot(m, &s, &err), &err,
		     "LVSS_ATTR_STORE_LOW_PERCENT",
		     "a snapshot message with a threshold of 100 percent");
}

static int parse_snapshot_item(struct nlmsghdr *nlh, void *item,
			       struct lvss_error *err)
{
	return lvss_nl_parse_snapshot(nlh, item, err);
}

static bool feed(struct lvss_nl_dump *d, struct nl_msg *m)
{
	bool over = lvss_nl_dump_feed(d, nlmsg_hdr(m));

	nlmsg_free(m);
	return over;
}

static void test_snapshot_dump(void)
{
	const struct lvss_snapshot *s;
	struct lvss_nl_dump d;
	struct lvss_error err;

	lvss_nl_dump_init(&d, parse_snapshot_item, sizeof(*s));
	feed(&d, build_snapshot(1, 0, NULL, 0));
	feed(&d, build_snapshot(2, EIO, "writing to the CoW store failed", 0));
	feed(&d, build_snapshot(5, 0, NULL, 0));
	ok(feed(&d, build_done(0, NULL)), "a snapshot dump ends with NLMSG_DONE");
	is_int(lvss_nl_dump_result(&d, "list the snapshots", &err), 0,
	       "three snapshots, one failed, are a good dump");
	s = d.items;
	ok(d.count == 3 && s[0].id == 1 && s[1].id == 2 && s[2].id == 5,
	   "kept in the order they came");
	ok(d.count == 3 && s[1].state == LVSS_SNAPSHOT_FAILED &&
	   s[1].error == EIO && s[0].state == LVSS_SNAPSHOT_ACTIVE &&
	   !s[2].error, "each keeps its own state");
	lvss_nl_dump_free(&d);

	lvss_nl_dump_init(&d, parse_snapshot_item, sizeof(*s));
	feed(&d, build_snapshot(1, 0, NULL, 0));
	feed(&d, build_snapshot(2, EIO, "x", LVSS_ATTR_ERROR_MSG));
	feed(&d, build_done(0, NULL));
	is_int(lvss_nl_dump_result(&d, "list the snapshots", &err), -EBADMSG,
	       "a failed snapshot without its reason fails the dump");
	ok(strstr(err.msg, "malformed GET_SNAPSHOT reply") != NULL,
	   "naming GET_SNAPSHOT");
	lvss_nl_dump_free(&d);
}

static void test_blame(void)
{
	struct lvss_device devs[2] = {
		{ .path = "/dev/sdb", .major = 8, .minor = 16,
		  .has_store = true, .has_snapshot_count = true,
		  .snapshot_count = 3 },
		{ .path = "/dev/sdc", .major = 8, .minor = 32,
		  .has_snapshot_count = true },
	};
	dev_t set[3] = { makedev(8, 16), makedev(8, 32), makedev(8, 48) };
	enum lvss_take_blame why = LVSS_TAKE_BLAME_NONE;

	is_int(lvss_take_blame(ENODEV, set, 3, devs, 2, &why), 2,
	       "ENODEV: the member that is not in the device list");
	is_int(why, LVSS_TAKE_BLAME_NOT_ATTACHED, "is not attached");
	is_int(lvss_take_blame(ENOSPC, set, 3, devs, 2, &why), 1,
	       "ENOSPC: the attached member without a store");
	is_int(why, LVSS_TAKE_BLAME_NO_STORE, "has no store");

	devs[1].has_store = true;
	devs[1].snapshot_count = LVSS_SNAPSHOTS_PER_DEVICE_MAX;
	is_int(lvss_take_blame(ENOSPC, set, 2, devs, 2, &why), 1,
	       "ENOSPC with stores everywhere: the one with the most snapshots");
	is_int(why, LVSS_TAKE_BLAME_FULL, "is full");

	devs[1].snapshot_count = 5;
	is_int(lvss_take_blame(ENOSPC, set, 2, devs, 2, &why), -1,
	       "when the list does not explain it, nobody is blamed");
	is_int(lvss_take_blame(ENODEV, set, 2, devs, 2, &why), -1,
	       "all attached: ENODEV is not blamed on a member");
	is_int(lvss_take_blame(ETIMEDOUT, set, 3, devs, 2, &why), -1,
	       "other errors are about the set");
}

int main(void)
{
	test_device_store();
	test_take_reply();
	test_snapshot_messages();
	test_snapshot_dump();
	test_blame();
	return tap_done();
}
