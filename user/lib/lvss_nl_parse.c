// SPDX-License-Identifier: MIT
/*
 * Reply and event parsing for the lvss generic netlink family (see
 * include/uapi/linux/lvss.h): policy-checked attributes into plain structs.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "lvss_error.h"
#include "lvss_nl.h"

/*
 * What userspace accepts from lvss.ko. Integers must have exactly their
 * width, strings must be NUL-terminated and fit their limit from the uapi
 * header, NUL included. Attributes above LVSS_ATTR_MAX (a newer minor ABI)
 * are ignored.
 */
static struct nla_policy reply_policy[LVSS_ATTR_MAX + 1] = {
	[LVSS_ATTR_PAD]			= { .type = NLA_UNSPEC },
	[LVSS_ATTR_MODULE_VERSION]	= { .type = NLA_STRING,
					    .maxlen = LVSS_MODULE_VERSION_MAX },
	[LVSS_ATTR_ABI_VERSION]		= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_DEVICE_COUNT]	= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_SNAPSHOT_COUNT]	= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_UPTIME_MS]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_DEV_PATH]		= { .type = NLA_STRING,
					    .maxlen = LVSS_DEV_PATH_MAX },
	[LVSS_ATTR_DEV_MAJOR]		= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_DEV_MINOR]		= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_DEV_SIZE]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_WRITES]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_WRITE_BYTES]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CHUNK_SIZE]		= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_STORE_USED]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_STORE_TOTAL]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_COPIES]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_MEMBERS]		= { .type = NLA_NESTED },
	[LVSS_ATTR_MEMBER]		= { .type = NLA_NESTED },
	[LVSS_ATTR_FROZEN_NS]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_SNAPSHOT_ID]		= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_SNAPSHOT_SEQ]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_SNAPSHOT_STATE]	= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_DISK_NAME]		= { .type = NLA_STRING,
					    .maxlen = LVSS_DISK_NAME_MAX },
	[LVSS_ATTR_CREATED_NS]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_ERROR]		= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_ERROR_MSG]		= { .type = NLA_STRING,
					    .maxlen = LVSS_ERROR_MSG_MAX },
	[LVSS_ATTR_STORE_LOW_PERCENT]	= { .type = NLA_U32, .maxlen = 4 },
	[LVSS_ATTR_EVENTS_DROPPED]	= { .type = NLA_U64, .maxlen = 8 },
	/* Extents come back in CBT_GET_CHANGES. */
	[LVSS_ATTR_EXTENT]		= { .type = NLA_NESTED },
	[LVSS_ATTR_EXTENT_LOGICAL]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_EXTENT_PHYSICAL]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_EXTENT_LENGTH]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_BLOCK_SIZE]	= { .type = NLA_U32, .maxlen = 4 },
	/* A UUID: exactly its 16 bytes. */
	[LVSS_ATTR_CBT_GENERATION]	= { .type = NLA_BINARY,
					    .minlen = LVSS_CBT_GENERATION_LEN,
					    .maxlen = LVSS_CBT_GENERATION_LEN },
	[LVSS_ATTR_CBT_BLOCKS]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_BASE_SEQ]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_SEQ]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_CHANGED]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_MAP_BYTES]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_FROM_SEQ]	= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_TO_SEQ]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_EXTENTS]		= { .type = NLA_NESTED },
	[LVSS_ATTR_CBT_OFFSET]		= { .type = NLA_U64, .maxlen = 8 },
	[LVSS_ATTR_CBT_LENGTH]		= { .type = NLA_U64, .maxlen = 8 },
};

static const char *const attr_names[LVSS_ATTR_MAX + 1] = {
	[LVSS_ATTR_PAD]			= "LVSS_ATTR_PAD",
	[LVSS_ATTR_MODULE_VERSION]	= "LVSS_ATTR_MODULE_VERSION",
	[LVSS_ATTR_ABI_VERSION]		= "LVSS_ATTR_ABI_VERSION",
	[LVSS_ATTR_DEVICE_COUNT]	= "LVSS_ATTR_DEVICE_COUNT",
	[LVSS_ATTR_SNAPSHOT_COUNT]	= "LVSS_ATTR_SNAPSHOT_COUNT",
	[LVSS_ATTR_UPTIME_MS]		= "LVSS_ATTR_UPTIME_MS",
	[LVSS_ATTR_DEV_PATH]		= "LVSS_ATTR_DEV_PATH",
	[LVSS_ATTR_DEV_MAJOR]		= "LVSS_ATTR_DEV_MAJOR",
	[LVSS_ATTR_DEV_MINOR]		= "LVSS_ATTR_DEV_MINOR",
	[LVSS_ATTR_DEV_SIZE]		= "LVSS_ATTR_DEV_SIZE",
	[LVSS_ATTR_WRITES]		= "LVSS_ATTR_WRITES",
	[LVSS_ATTR_WRITE_BYTES]		= "LVSS_ATTR_WRITE_BYTES",
	[LVSS_ATTR_CHUNK_SIZE]		= "LVSS_ATTR_CHUNK_SIZE",
	[LVSS_ATTR_STORE_USED]		= "LVSS_ATTR_STORE_USED",
	[LVSS_ATTR_STORE_TOTAL]		= "LVSS_ATTR_STORE_TOTAL",
	[LVSS_ATTR_COPIES]		= "LVSS_ATTR_COPIES",
	[LVSS_ATTR_MEMBERS]		= "LVSS_ATTR_MEMBERS",
	[LVSS_ATTR_MEMBER]		= "LVSS_ATTR_MEMBER",
	[LVSS_ATTR_FROZEN_NS]		= "LVSS_ATTR_FROZEN_NS",
	[LVSS_ATTR_SNAPSHOT_ID]		= "LVSS_ATTR_SNAPSHOT_ID",
	[LVSS_ATTR_SNAPSHOT_SEQ]	= "LVSS_ATTR_SNAPSHOT_SEQ",
	[LVSS_ATTR_SNAPSHOT_STATE]	= "LVSS_ATTR_SNAPSHOT_STATE",
	[LVSS_ATTR_DISK_NAME]		= "LVSS_ATTR_DISK_NAME",
	[LVSS_ATTR_CREATED_NS]		= "LVSS_ATTR_CREATED_NS",
	[LVSS_ATTR_ERROR]		= "LVSS_ATTR_ERROR",
	[LVSS_ATTR_ERROR_MSG]		= "LVSS_ATTR_ERROR_MSG",
	[LVSS_ATTR_STORE_LOW_PERCENT]	= "LVSS_ATTR_STORE_LOW_PERCENT",
	[LVSS_ATTR_EVENTS_DROPPED]	= "LVSS_ATTR_EVENTS_DROPPED",
	[LVSS_ATTR_EXTENT]		= "LVSS_ATTR_EXTENT",
	[LVSS_ATTR_EXTENT_LOGICAL]	= "LVSS_ATTR_EXTENT_LOGICAL",
	[LVSS_ATTR_EXTENT_PHYSICAL]	= "LVSS_ATTR_EXTENT_PHYSICAL",
	[LVSS_ATTR_EXTENT_LENGTH]	= "LVSS_ATTR_EXTENT_LENGTH",
	[LVSS_ATTR_CBT_BLOCK_SIZE]	= "LVSS_ATTR_CBT_BLOCK_SIZE",
	[LVSS_ATTR_CBT_GENERATION]	= "LVSS_ATTR_CBT_GENERATION",
	[LVSS_ATTR_CBT_BLOCKS]		= "LVSS_ATTR_CBT_BLOCKS",
	[LVSS_ATTR_CBT_BASE_SEQ]	= "LVSS_ATTR_CBT_BASE_SEQ",
	[LVSS_ATTR_CBT_SEQ]		= "LVSS_ATTR_CBT_SEQ",
	[LVSS_ATTR_CBT_CHANGED]		= "LVSS_ATTR_CBT_CHANGED",
	[LVSS_ATTR_CBT_MAP_BYTES]	= "LVSS_ATTR_CBT_MAP_BYTES",
	[LVSS_ATTR_CBT_FROM_SEQ]	= "LVSS_ATTR_CBT_FROM_SEQ",
	[LVSS_ATTR_CBT_TO_SEQ]		= "LVSS_ATTR_CBT_TO_SEQ",
	[LVSS_ATTR_CBT_EXTENTS]		= "LVSS_ATTR_CBT_EXTENTS",
	[LVSS_ATTR_CBT_OFFSET]		= "LVSS_ATTR_CBT_OFFSET",
	[LVSS_ATTR_CBT_LENGTH]		= "LVSS_ATTR_CBT_LENGTH",
};

static const char *const cmd_names[LVSS_CMD_MAX + 1] = {
	[LVSS_CMD_GET_VERSION]		= "GET_VERSION",
	[LVSS_CMD_GET_STATUS]		= "GET_STATUS",
	[LVSS_CMD_ATTACH]		= "ATTACH",
	[LVSS_CMD_DETACH]		= "DETACH",
	[LVSS_CMD_GET_DEVICE]		= "GET_DEVICE",
	[LVSS_CMD_STORE_ADD]		= "STORE_ADD",
	[LVSS_CMD_SNAPSHOT_TAKE]	= "SNAPSHOT_TAKE",
	[LVSS_CMD_SNAPSHOT_DELETE]	= "SNAPSHOT_DELETE",
	[LVSS_CMD_GET_SNAPSHOT]		= "GET_SNAPSHOT",
	[LVSS_CMD_EVENT_SNAPSHOT_FAILED] = "SNAPSHOT_FAILED",
	[LVSS_CMD_EVENT_STORE_LOW]	= "STORE_LOW",
	[LVSS_CMD_CBT_INFO]		= "CBT_INFO",
	[LVSS_CMD_CBT_GET_CHANGES]	= "CBT_GET_CHANGES",
	[LVSS_CMD_CBT_MARK_DIRTY]	= "CBT_MARK_DIRTY",
};

static bool is_event(int cmd)
{
	return cmd == LVSS_CMD_EVENT_SNAPSHOT_FAILED ||
	       cmd == LVSS_CMD_EVENT_STORE_LOW;
}

/* @cmd's message ("GET_STATUS reply", "STORE_LOW event") is malformed. */
static int malformed_as(struct lvss_error *err, int cmd, const char *kind,
			const char *why, int attr)
{
	char name[40] = "";
	const char *cmd_name = "lvss";

	if (cmd > 0 && cmd <= LVSS_CMD_MAX && cmd_names[cmd])
		cmd_name = cmd_names[cmd];
	if (attr > 0 && attr <= LVSS_ATTR_MAX && attr_names[attr])
		snprintf(name, sizeof(name), " %s", attr_names[attr]);
	else if (attr)
		snprintf(name, sizeof(name), " attribute %d", attr);
	return lvss_error_set(err, EBADMSG,
		"malformed %s %s from lvss.ko: %s%s; lvss tools and lvss.ko may be from different releases",
		cmd_name, kind, why, name);
}

static int malformed(struct lvss_error *err, int cmd, const char *why,
		     int attr)
{
	return malformed_as(err, cmd, is_event(cmd) ? "event" : "reply", why,
			    attr);
}

/*
 * Names the first attribute of @head (@len bytes: a message's or a nest's)
 * that breaks the policy; libnl only says "range".
 */
static int check_attrs(struct nlattr *head, int len, int cmd,
		       struct lvss_error *err)
{
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem) {
		int type = nla_type(a);

		if (type > LVSS_ATTR_MAX || type == LVSS_ATTR_UNSPEC)
			continue;
		if (nla_validate(a, a->nla_len, LVSS_ATTR_MAX, reply_policy))
			return malformed(err, cmd, "bad length or format of",
					 type);
	}
	return 0;
}

/* @required is terminated by LVSS_ATTR_UNSPEC. */
static int check_required(struct nlattr **tb, int cmd, const int *required,
			  struct lvss_error *err)
{
	for (; *required != LVSS_ATTR_UNSPEC; required++)
		if (!tb[*required])
			return malformed(err, cmd, "missing", *required);
	return 0;
}

/* LVSS_ATTR_STORE_LOW_PERCENT, when sent, is a percentage lvss.ko takes. */
static int check_low_percent(struct nlattr **tb, int cmd,
			     struct lvss_error *err)
{
	const struct nlattr *a = tb[LVSS_ATTR_STORE_LOW_PERCENT];

	if (a && nla_get_u32(a) > LVSS_STORE_LOW_PERCENT_MAX)
		return malformed(err, cmd, "a value above LVSS_STORE_LOW_PERCENT_MAX in",
				 LVSS_ATTR_STORE_LOW_PERCENT);
	return 0;
}

/* LVSS_ATTR_CBT_BLOCK_SIZE, when sent, is one lvss.ko could have taken. */
static int check_cbt_block_size(struct nlattr **tb, int cmd,
				struct lvss_error *err)
{
	const struct nlattr *a = tb[LVSS_ATTR_CBT_BLOCK_SIZE];
	uint32_t bs = a ? nla_get_u32(a) : LVSS_CBT_BLOCK_SIZE_MIN;

	if (bs < LVSS_CBT_BLOCK_SIZE_MIN || bs > LVSS_CBT_BLOCK_SIZE_MAX ||
	    (bs & (bs - 1)))
		return malformed(err, cmd,
				 "a block size that is no power of two from LVSS_CBT_BLOCK_SIZE_MIN to LVSS_CBT_BLOCK_SIZE_MAX in",
				 LVSS_ATTR_CBT_BLOCK_SIZE);
	return 0;
}

/*
 * Common part of every reply: header, command, policy, required attributes
 * (@required is terminated by LVSS_ATTR_UNSPEC).
 */
static int parse_reply(struct nlmsghdr *nlh, int cmd, struct nlattr **tb,
		       const int *required, struct lvss_error *err)
{
	struct genlmsghdr *gh;
	int rc;

	if (!genlmsg_valid_hdr(nlh, 0))
		return malformed(err, cmd, "too short for a genetlink header", 0);
	gh = genlmsg_hdr(nlh);
	if (gh->cmd != cmd)
		return malformed(err, cmd, "answered with another command", 0);
	rc = check_attrs(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), cmd,
			 err);
	if (rc)
		return rc;
	if (genlmsg_parse(nlh, 0, tb, LVSS_ATTR_MAX, reply_policy) < 0)
		return malformed(err, cmd, "attributes do not parse", 0);
	return check_required(tb, cmd, required, err);
}

int lvss_nl_parse_version(struct nlmsghdr *nlh, struct lvss_version *out,
			  struct lvss_error *err)
{
	static const int required[] = {
		LVSS_ATTR_MODULE_VERSION, LVSS_ATTR_ABI_VERSION, LVSS_ATTR_UNSPEC,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	int rc;

	rc = parse_reply(nlh, LVSS_CMD_GET_VERSION, tb, required, err);
	if (rc)
		return rc;
	nla_strlcpy(out->module, tb[LVSS_ATTR_MODULE_VERSION],
		    sizeof(out->module));
	out->abi = nla_get_u32(tb[LVSS_ATTR_ABI_VERSION]);
	return 0;
}

int lvss_nl_parse_status(struct nlmsghdr *nlh, struct lvss_status *out,
			 struct lvss_error *err)
{
	static const int required[] = {
		LVSS_ATTR_MODULE_VERSION, LVSS_ATTR_ABI_VERSION,
		LVSS_ATTR_DEVICE_COUNT, LVSS_ATTR_SNAPSHOT_COUNT,
		LVSS_ATTR_UPTIME_MS, LVSS_ATTR_UNSPEC,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	int rc;

	rc = parse_reply(nlh, LVSS_CMD_GET_STATUS, tb, required, err);
	if (rc)
		return rc;
	nla_strlcpy(out->module, tb[LVSS_ATTR_MODULE_VERSION],
		    sizeof(out->module));
	out->abi = nla_get_u32(tb[LVSS_ATTR_ABI_VERSION]);
	out->device_count = nla_get_u32(tb[LVSS_ATTR_DEVICE_COUNT]);
	out->snapshot_count = nla_get_u32(tb[LVSS_ATTR_SNAPSHOT_COUNT]);
	out->uptime_ms = nla_get_u64(tb[LVSS_ATTR_UPTIME_MS]);
	/* ABI 1.1: an older lvss.ko does not send it. */
	out->has_events_dropped = tb[LVSS_ATTR_EVENTS_DROPPED] != NULL;
	out->events_dropped = tb[LVSS_ATTR_EVENTS_DROPPED] ?
			      nla_get_u64(tb[LVSS_ATTR_EVENTS_DROPPED]) : 0;
	return 0;
}

int lvss_nl_parse_device(struct nlmsghdr *nlh, struct lvss_device *out,
			 struct lvss_error *err)
{
	static const int required[] = {
		LVSS_ATTR_DEV_PATH, LVSS_ATTR_DEV_MAJOR, LVSS_ATTR_DEV_MINOR,
		LVSS_ATTR_DEV_SIZE, LVSS_ATTR_WRITES, LVSS_ATTR_WRITE_BYTES,
		LVSS_ATTR_UNSPEC,
	};
	/* A device with a CoW store has all of these. */
	static const int store[] = {
		LVSS_ATTR_CHUNK_SIZE, LVSS_ATTR_STORE_USED,
		LVSS_ATTR_STORE_TOTAL, LVSS_ATTR_COPIES, LVSS_ATTR_UNSPEC,
	};
	/* ABI 1.1: every device has both, an older lvss.ko sends neither. */
	static const int cbt[] = {
		LVSS_ATTR_CBT_BLOCK_SIZE, LVSS_ATTR_CBT_MAP_BYTES,
		LVSS_ATTR_UNSPEC,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	bool has_store, has_cbt;
	int rc;

	rc = parse_reply(nlh, LVSS_CMD_GET_DEVICE, tb, required, err);
	if (rc)
		return rc;
	/* The threshold (ABI 1.1) is a store figure too, but optional. */
	has_store = tb[LVSS_ATTR_STORE_LOW_PERCENT] != NULL;
	for (const int *a = store; *a != LVSS_ATTR_UNSPEC; a++)
		has_store |= tb[*a] != NULL;
	if (has_store) {
		rc = check_required(tb, LVSS_CMD_GET_DEVICE, store, err);
		if (rc)
			return rc;
		rc = check_low_percent(tb, LVSS_CMD_GET_DEVICE, err);
		if (rc)
			return rc;
	}
	has_cbt = tb[LVSS_ATTR_CBT_BLOCK_SIZE] || tb[LVSS_ATTR_CBT_MAP_BYTES];
	if (has_cbt) {
		rc = check_required(tb, LVSS_CMD_GET_DEVICE, cbt, err);
		if (!rc)
			rc = check_cbt_block_size(tb, LVSS_CMD_GET_DEVICE, err);
		if (rc)
			return rc;
	}
	*out = (struct lvss_device){ 0 };
	nla_strlcpy(out->path, tb[LVSS_ATTR_DEV_PATH], sizeof(out->path));
	out->major = nla_get_u32(tb[LVSS_ATTR_DEV_MAJOR]);
	out->minor = nla_get_u32(tb[LVSS_ATTR_DEV_MINOR]);
	out->size_bytes = nla_get_u64(tb[LVSS_ATTR_DEV_SIZE]);
	out->writes = nla_get_u64(tb[LVSS_ATTR_WRITES]);
	out->write_bytes = nla_get_u64(tb[LVSS_ATTR_WRITE_BYTES]);
	if (has_store) {
		out->has_store = true;
		out->chunk_size = nla_get_u32(tb[LVSS_ATTR_CHUNK_SIZE]);
		out->store_used_bytes = nla_get_u64(tb[LVSS_ATTR_STORE_USED]);
		out->store_total_bytes = nla_get_u64(tb[LVSS_ATTR_STORE_TOTAL]);
		out->copies = nla_get_u64(tb[LVSS_ATTR_COPIES]);
	}
	if (tb[LVSS_ATTR_STORE_LOW_PERCENT]) {
		out->has_low_percent = true;
		out->low_percent = nla_get_u32(tb[LVSS_ATTR_STORE_LOW_PERCENT]);
	}
	if (tb[LVSS_ATTR_SNAPSHOT_COUNT]) {
		out->has_snapshot_count = true;
		out->snapshot_count = nla_get_u32(tb[LVSS_ATTR_SNAPSHOT_COUNT]);
	}
	if (has_cbt) {
		out->has_cbt = true;
		out->cbt_block_size = nla_get_u32(tb[LVSS_ATTR_CBT_BLOCK_SIZE]);
		out->cbt_map_bytes = nla_get_u64(tb[LVSS_ATTR_CBT_MAP_BYTES]);
	}
	return 0;
}

int lvss_nl_parse_members(const struct nlattr *members, int cmd,
			  const int *required, struct lvss_snapshot_set *out,
			  struct lvss_error *err)
{
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct lvss_snapshot_member *m;
	struct nlattr *nest;
	size_t n = 0;
	int rem, rc;

	nla_for_each_nested(nest, members, rem) {
		if (nla_type(nest) != LVSS_ATTR_MEMBER)
			return malformed(err, cmd, "expected LVSS_ATTR_MEMBER in LVSS_ATTR_MEMBERS, got",
					 nla_type(nest));
		if (n == LVSS_SET_MEMBERS_MAX)
			return malformed(err, cmd, "more members than LVSS_SET_MEMBERS_MAX in",
					 LVSS_ATTR_MEMBERS);
		rc = check_attrs(nla_data(nest), nla_len(nest), cmd, err);
		if (rc)
			return rc;
		if (nla_parse_nested(tb, LVSS_ATTR_MAX, nest, reply_policy) < 0)
			return malformed(err, cmd, "attributes do not parse in",
					 LVSS_ATTR_MEMBER);
		rc = check_required(tb, cmd, required, err);
		if (rc)
			return rc;
		m = &out->members[n++];
		*m = (struct lvss_snapshot_member){ 0 };
		if (tb[LVSS_ATTR_DEV_PATH])
			nla_strlcpy(m->dev_path, tb[LVSS_ATTR_DEV_PATH],
				    sizeof(m->dev_path));
		if (tb[LVSS_ATTR_SNAPSHOT_ID])
			m->id = nla_get_u32(tb[LVSS_ATTR_SNAPSHOT_ID]);
		if (tb[LVSS_ATTR_SNAPSHOT_SEQ])
			m->seq = nla_get_u64(tb[LVSS_ATTR_SNAPSHOT_SEQ]);
		if (tb[LVSS_ATTR_DISK_NAME])
			nla_strlcpy(m->disk, tb[LVSS_ATTR_DISK_NAME],
				    sizeof(m->disk));
	}
	if (!n)
		return malformed(err, cmd, "no member in", LVSS_ATTR_MEMBERS);
	out->count = n;
	return 0;
}

int lvss_nl_parse_take(struct nlmsghdr *nlh, struct lvss_snapshot_set *out,
		       struct lvss_error *err)
{
	static const int required[] = {
		LVSS_ATTR_FROZEN_NS, LVSS_ATTR_MEMBERS, LVSS_ATTR_UNSPEC,
	};
	static const int member[] = {
		LVSS_ATTR_DEV_PATH, LVSS_ATTR_SNAPSHOT_ID,
		LVSS_ATTR_SNAPSHOT_SEQ, LVSS_ATTR_DISK_NAME, LVSS_ATTR_UNSPEC,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct lvss_snapshot_set *set;
	int rc;

	rc = parse_reply(nlh, LVSS_CMD_SNAPSHOT_TAKE, tb, required, err);
	if (rc)
		return rc;
	/* Outputs are written only on success: parse into a copy first. */
	set = malloc(sizeof(*set));
	if (!set)
		return lvss_error_set(err, ENOMEM,
				      "cannot read the snapshot set: out of memory");
	rc = lvss_nl_parse_members(tb[LVSS_ATTR_MEMBERS],
				   LVSS_CMD_SNAPSHOT_TAKE, member, set, err);
	if (!rc) {
		set->frozen_ns = nla_get_u64(tb[LVSS_ATTR_FROZEN_NS]);
		*out = *set;
	}
	free(set);
	return rc;
}

int lvss_nl_parse_snapshot(struct nlmsghdr *nlh, struct lvss_snapshot *out,
			   struct lvss_error *err)
{
	static const int required[] = {
		LVSS_ATTR_SNAPSHOT_ID, LVSS_ATTR_DEV_PATH,
		LVSS_ATTR_SNAPSHOT_SEQ, LVSS_ATTR_SNAPSHOT_STATE,
		LVSS_ATTR_DISK_NAME, LVSS_ATTR_CREATED_NS, LVSS_ATTR_FROZEN_NS,
		LVSS_ATTR_CHUNK_SIZE, LVSS_ATTR_STORE_USED,
		LVSS_ATTR_STORE_TOTAL, LVSS_ATTR_COPIES, LVSS_ATTR_UNSPEC,
	};
	static const int failed[] = {
		LVSS_ATTR_ERROR, LVSS_ATTR_ERROR_MSG, LVSS_ATTR_UNSPEC,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	uint32_t state;
	int rc;

	rc = parse_reply(nlh, LVSS_CMD_GET_SNAPSHOT, tb, required, err);
	if (rc)
		return rc;
	/* The store's threshold may come along (ABI 1.1); not kept here. */
	rc = check_low_percent(tb, LVSS_CMD_GET_SNAPSHOT, err);
	if (rc)
		return rc;
	state = nla_get_u32(tb[LVSS_ATTR_SNAPSHOT_STATE]);
	if (state == LVSS_SNAPSHOT_FAILED) {
		rc = check_required(tb, LVSS_CMD_GET_SNAPSHOT, failed, err);
		if (rc)
			return rc;
	}
	*out = (struct lvss_snapshot){ 0 };
	out->id = nla_get_u32(tb[LVSS_ATTR_SNAPSHOT_ID]);
	nla_strlcpy(out->dev_path, tb[LVSS_ATTR_DEV_PATH],
		    sizeof(out->dev_path));
	out->seq = nla_get_u64(tb[LVSS_ATTR_SNAPSHOT_SEQ]);
	out->state = state;
	nla_strlcpy(out->disk, tb[LVSS_ATTR_DISK_NAME], sizeof(out->disk));
	out->created_ns = nla_get_u64(tb[LVSS_ATTR_CREATED_NS]);
	out->frozen_ns = nla_get_u64(tb[LVSS_ATTR_FROZEN_NS]);
	out->chunk_size = nla_get_u32(tb[LVSS_ATTR_CHUNK_SIZE]);
	out->store_used_bytes = nla_get_u64(tb[LVSS_ATTR_STORE_USED]);
	out->store_total_bytes = nla_get_u64(tb[LVSS_ATTR_STORE_TOTAL]);
	out->copies = nla_get_u64(tb[LVSS_ATTR_COPIES]);
	if (tb[LVSS_ATTR_ERROR])
		out->error = (int)nla_get_u32(tb[LVSS_ATTR_ERROR]);
	if (tb[LVSS_ATTR_ERROR_MSG])
		nla_strlcpy(out->error_msg, tb[LVSS_ATTR_ERROR_MSG],
			    sizeof(out->error_msg));
	return 0;
}

int lvss_nl_parse_event(struct nlmsghdr *nlh, struct lvss_event *out,
			struct lvss_error *err)
{
	static const int failed[] = {
		LVSS_ATTR_DEV_PATH, LVSS_ATTR_SNAPSHOT_ID,
		LVSS_ATTR_SNAPSHOT_SEQ, LVSS_ATTR_SNAPSHOT_STATE,
		LVSS_ATTR_ERROR, LVSS_ATTR_ERROR_MSG, LVSS_ATTR_UNSPEC,
	};
	static const int store_low[] = {
		LVSS_ATTR_DEV_PATH, LVSS_ATTR_CHUNK_SIZE, LVSS_ATTR_STORE_USED,
		LVSS_ATTR_STORE_TOTAL, LVSS_ATTR_UNSPEC,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct lvss_event ev = { 0 };
	int cmd, rc;

	if (!genlmsg_valid_hdr(nlh, 0))
		return malformed_as(err, 0, "event",
				    "too short for a genetlink header", 0);
	cmd = genlmsg_hdr(nlh)->cmd;
	if (cmd > LVSS_CMD_MAX)
		return lvss_error_set(err, ENOMSG,
			"lvss.ko sent event %d, which lvss tools %s do not know: skipped",
			cmd, lvss_tools_version());
	if (!is_event(cmd))
		return malformed_as(err, cmd, "message",
				    "sent as an event, but it is none", 0);
	rc = parse_reply(nlh, cmd, tb,
			 cmd == LVSS_CMD_EVENT_STORE_LOW ? store_low : failed,
			 err);
	if (rc)
		return rc;
	nla_strlcpy(ev.dev_path, tb[LVSS_ATTR_DEV_PATH], sizeof(ev.dev_path));
	if (cmd == LVSS_CMD_EVENT_SNAPSHOT_FAILED) {
		ev.type = LVSS_EVENT_SNAPSHOT_FAILED;
		ev.snapshot_id = nla_get_u32(tb[LVSS_ATTR_SNAPSHOT_ID]);
		ev.seq = nla_get_u64(tb[LVSS_ATTR_SNAPSHOT_SEQ]);
		ev.error = (int)nla_get_u32(tb[LVSS_ATTR_ERROR]);
		nla_strlcpy(ev.error_msg, tb[LVSS_ATTR_ERROR_MSG],
			    sizeof(ev.error_msg));
	} else {
		ev.type = LVSS_EVENT_STORE_LOW;
		ev.chunk_size = nla_get_u32(tb[LVSS_ATTR_CHUNK_SIZE]);
		ev.store_used_bytes = nla_get_u64(tb[LVSS_ATTR_STORE_USED]);
		ev.store_total_bytes = nla_get_u64(tb[LVSS_ATTR_STORE_TOTAL]);
	}
	*out = ev;
	return 0;
}

int lvss_nl_parse_cbt_info(struct nlmsghdr *nlh, struct lvss_cbt_info *out,
			   struct lvss_error *err)
{
	static const int required[] = {
		LVSS_ATTR_DEV_PATH, LVSS_ATTR_CBT_GENERATION,
		LVSS_ATTR_CBT_BLOCK_SIZE, LVSS_ATTR_CBT_BLOCKS,
		LVSS_ATTR_CBT_BASE_SEQ, LVSS_ATTR_CBT_SEQ,
		LVSS_ATTR_CBT_CHANGED, LVSS_ATTR_CBT_MAP_BYTES,
		LVSS_ATTR_UNSPEC,
	};
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	struct lvss_cbt_info info = { 0 };
	int rc;

	rc = parse_reply(nlh, LVSS_CMD_CBT_INFO, tb, required, err);
	if (rc)
		return rc;
	/* The policy holds it to 16 bytes; this says why it matters. */
	if (nla_len(tb[LVSS_ATTR_CBT_GENERATION]) != LVSS_CBT_GENERATION_LEN)
		return malformed(err, LVSS_CMD_CBT_INFO,
				 "not LVSS_CBT_GENERATION_LEN bytes in",
				 LVSS_ATTR_CBT_GENERATION);
	rc = check_cbt_block_size(tb, LVSS_CMD_CBT_INFO, err);
	if (rc)
		return rc;
	nla_strlcpy(info.dev_path, tb[LVSS_ATTR_DEV_PATH],
		    sizeof(info.dev_path));
	memcpy(info.generation, nla_data(tb[LVSS_ATTR_CBT_GENERATION]),
	       LVSS_CBT_GENERATION_LEN);
	info.block_size = nla_get_u32(tb[LVSS_ATTR_CBT_BLOCK_SIZE]);
	info.blocks = nla_get_u64(tb[LVSS_ATTR_CBT_BLOCKS]);
	info.base_seq = nla_get_u64(tb[LVSS_ATTR_CBT_BASE_SEQ]);
	info.seq = nla_get_u64(tb[LVSS_ATTR_CBT_SEQ]);
	info.changed = nla_get_u64(tb[LVSS_ATTR_CBT_CHANGED]);
	info.map_bytes = nla_get_u64(tb[LVSS_ATTR_CBT_MAP_BYTES]);
	*out = info;
	return 0;
}

/* Room for @n more extents in @c; false when memory is short. */
static bool cbt_reserve(struct lvss_nl_cbt_changes *c, size_t n)
{
	struct lvss_cbt_extent *ext;
	size_t cap = c->cap ? c->cap : 64;

	if (c->count + n <= c->cap)
		return true;
	while (cap < c->count + n)
		cap *= 2;
	ext = reallocarray(c->ext, cap, sizeof(*ext));
	if (!ext)
		return false;
	c->ext = ext;
	c->cap = cap;
	return true;
}

/* One LVSS_ATTR_EXTENT nest of a GET_CHANGES reply into @e. */
static int cbt_extent(struct nlattr *nest, struct lvss_cbt_extent *e,
		      struct lvss_error *err)
{
	static const int required[] = {
		LVSS_ATTR_EXTENT_LOGICAL, LVSS_ATTR_EXTENT_LENGTH,
		LVSS_ATTR_UNSPEC,
	};
	const int cmd = LVSS_CMD_CBT_GET_CHANGES;
	struct nlattr *tb[LVSS_ATTR_MAX + 1];
	int rc;

	rc = check_attrs(nla_data(nest), nla_len(nest), cmd, err);
	if (rc)
		return rc;
	if (nla_parse_nested(tb, LVSS_ATTR_MAX, nest, reply_policy) < 0)
		return malformed(err, cmd, "attributes do not parse in",
				 LVSS_ATTR_EXTENT);
	rc = check_required(tb, cmd, required, err);
	if (rc)
		return rc;
	e->offset = nla_get_u64(tb[LVSS_ATTR_EXTENT_LOGICAL]);
	e->length = nla_get_u64(tb[LVSS_ATTR_EXTENT_LENGTH]);
	if (!e->length)
		return malformed(err, cmd, "an empty extent in",
				 LVSS_ATTR_EXTENT_LENGTH);
	if (e->offset > UINT64_MAX - e->length)
		return malformed(err, cmd, "an extent ending past 2^64 in",
				 LVSS_ATTR_EXTENT_LENGTH);
	return 0;
}

/* @e comes after @prev: ascending, no overlap. */
static int cbt_order(const struct lvss_cbt_extent *prev,
		     const struct lvss_cbt_extent *e, struct lvss_error *err)
{
	const int cmd = LVSS_CMD_CBT_GET_CHANGES;

	if (e->offset < prev->offset)
		return malformed(err, cmd, "descending extents in",
				 LVSS_ATTR_CBT_EXTENTS);
	if (e->offset < prev->offset + prev->length)
		return malformed(err, cmd, "overlapping extents in",
				 LVSS_ATTR_CBT_EXTENTS);
	return 0;
}

int lvss_nl_parse_cbt_changes(struct nlmsghdr *nlh, void *ctx,
			      struct lvss_error *err)
{
	static const int required[] = {
		LVSS_ATTR_DEV_PATH, LVSS_ATTR_CBT_EXTENTS, LVSS_ATTR_UNSPEC,
	};
	const int cmd = LVSS_CMD_CBT_GET_CHANGES;
	struct lvss_nl_cbt_changes *c = ctx;
	struct nlattr *tb[LVSS_ATTR_MAX + 1], *nest;
	char path[LVSS_DEV_PATH_MAX];
	size_t start = c->count, n = 0;
	/* The last extent so far, which a run split here may extend. */
	uint64_t last_len = start ? c->ext[start - 1].length : 0;
	struct lvss_cbt_extent e, *prev;
	int rem, rc;

	rc = parse_reply(nlh, cmd, tb, required, err);
	if (rc)
		return rc;
	nla_strlcpy(path, tb[LVSS_ATTR_DEV_PATH], sizeof(path));
	if (c->messages && strcmp(path, c->dev_path))
		return malformed(err, cmd, "another device than the first reply's in",
				 LVSS_ATTR_DEV_PATH);
	nla_for_each_nested(nest, tb[LVSS_ATTR_CBT_EXTENTS], rem) {
		if (nla_type(nest) != LVSS_ATTR_EXTENT) {
			rc = malformed(err, cmd, "expected LVSS_ATTR_EXTENT in LVSS_ATTR_CBT_EXTENTS, got",
				       nla_type(nest));
			goto undo;
		}
		if (n == LVSS_CBT_EXTENTS_PER_MSG_MAX) {
			rc = malformed(err, cmd, "more extents than LVSS_CBT_EXTENTS_PER_MSG_MAX in",
				       LVSS_ATTR_CBT_EXTENTS);
			goto undo;
		}
		rc = cbt_extent(nest, &e, err);
		prev = c->count ? &c->ext[c->count - 1] : NULL;
		/* The replies before count too: the list is one. */
		if (!rc && prev)
			rc = cbt_order(prev, &e, err);
		if (rc)
			goto undo;
		n++;
		/* lvss.ko may split a run where a message ends: join it. */
		if (prev && e.offset == prev->offset + prev->length) {
			prev->length += e.length;
			continue;
		}
		if (!cbt_reserve(c, 1)) {
			rc = lvss_error_set(err, ENOMEM, "out of memory");
			goto undo;
		}
		c->ext[c->count++] = e;
	}
	if (!c->messages)
		memcpy(c->dev_path, path, sizeof(path));
	c->messages++;
	return 0;
undo:
	/* @c is as it was. */
	c->count = start;
	if (start)
		c->ext[start - 1].length = last_len;
	return rc;
}

void lvss_nl_cbt_changes_free(struct lvss_nl_cbt_changes *c)
{
	free(c->ext);
	*c = (struct lvss_nl_cbt_changes){ 0 };
}

/*
 * Where the TLVs of an NLMSG_ERROR or NLMSG_DONE start, or 0 when it has
 * none (net/netlink/af_netlink.c): an error is nlmsghdr | struct nlmsgerr |
 * the echoed request payload unless NLM_F_CAPPED | TLVs (netlink_ack()); a
 * dump's end is nlmsghdr | int errno | TLVs (netlink_dump_done()). Each
 * part is padded to NLMSG_ALIGNTO; NLM_F_ACK_TLVS says TLVs follow.
 */
static size_t extack_offset(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e;
	size_t off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (nlh->nlmsg_type == NLMSG_DONE)
		return NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return 0;
	off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*e));
	if (nlh->nlmsg_len < off)
		return 0;
	e = NLMSG_DATA(nlh);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return 0;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	return off;
}

int lvss_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	const struct nlattr *a;
	size_t off, total, n;

	if (len)
		buf[0] = '\0';
	if (!len)
		return 0;
	off = extack_offset(nlh);
	total = nlh->nlmsg_len;
	if (!off || total <= off)
		return 0;
	a = nla_find((const struct nlattr *)((const char *)nlh + off),
		     (int)(total - off), NLMSGERR_ATTR_MSG);
	if (!a)
		return 0;
	/* The kernel NUL-terminates; don't rely on it. */
	n = strnlen(nla_data(a), (size_t)nla_len(a));
	if (n >= len)
		n = len - 1;
	memcpy(buf, nla_data(a), n);
	buf[n] = '\0';
	return n > 0;
}
