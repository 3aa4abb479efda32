/* SPDX-License-Identifier: MIT */
/*
 * Netlink messages built by hand the way lvss.ko, netlink_ack() and
 * netlink_dump_done() lay them out, for the parser and dump tests. Each
 * returns a new message (nlmsg_free() it) or exits when memory is short.
 */
#ifndef LVSS_NL_BUILD_H
#define LVSS_NL_BUILD_H

#include <stdio.h>
#include <stdlib.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "uapi/linux/lvss.h"

#define FAMILY_ID	0x42	/* any id: parsers do not look at it */

static inline struct nl_msg *build_reply(uint8_t cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	if (!m || !genlmsg_put(m, 1, 1, FAMILY_ID, 0, flags, cmd,
			       LVSS_GENL_VERSION)) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}
	return m;
}

/*
 * A GET_DEVICE dump message (NLM_F_MULTI, u64s after an LVSS_ATTR_PAD as
 * nla_put_u64_64bit() may put) for @path, 8:16, minus attribute @skip.
 */
static inline struct nl_msg *build_device(const char *path, int skip)
{
	struct nl_msg *m = build_reply(LVSS_CMD_GET_DEVICE, NLM_F_MULTI);

	if (skip != LVSS_ATTR_DEV_PATH)
		nla_put_string(m, LVSS_ATTR_DEV_PATH, path);
	if (skip != LVSS_ATTR_DEV_MAJOR)
		nla_put_u32(m, LVSS_ATTR_DEV_MAJOR, 8);
	if (skip != LVSS_ATTR_DEV_MINOR)
		nla_put_u32(m, LVSS_ATTR_DEV_MINOR, 16);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_DEV_SIZE)
		nla_put_u64(m, LVSS_ATTR_DEV_SIZE, 0x200000000ULL);
	if (skip != LVSS_ATTR_WRITES)
		nla_put_u64(m, LVSS_ATTR_WRITES, 0x100000003ULL);
	if (skip != LVSS_ATTR_WRITE_BYTES)
		nla_put_u64(m, LVSS_ATTR_WRITE_BYTES, 12288);
	return m;
}

/*
 * The store figures lvss_genl_put_store() adds to a device or snapshot
 * message, minus attribute @skip: 64 KiB chunks, 3 GiB used of 5 GiB.
 */
static inline void put_store(struct nl_msg *m, int skip)
{
	if (skip != LVSS_ATTR_CHUNK_SIZE)
		nla_put_u32(m, LVSS_ATTR_CHUNK_SIZE, 65536);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_STORE_USED)
		nla_put_u64(m, LVSS_ATTR_STORE_USED, 3ULL << 30);
	if (skip != LVSS_ATTR_STORE_TOTAL)
		nla_put_u64(m, LVSS_ATTR_STORE_TOTAL, 5ULL << 30);
	if (skip != LVSS_ATTR_COPIES)
		nla_put_u64(m, LVSS_ATTR_COPIES, 0x100000007ULL);
}

/*
 * A GET_SNAPSHOT dump message as lvss_genl_put_snapshot() lays it out:
 * snapshot @id of /dev/sdb, seq 2, disk "lvss<id>"; @error (positive) and
 * @why make it a failed one; minus attribute @skip.
 */
static inline struct nl_msg *build_snapshot(uint32_t id, int error,
					    const char *why, int skip)
{
	struct nl_msg *m = build_reply(LVSS_CMD_GET_SNAPSHOT, NLM_F_MULTI);
	char disk[16];

	snprintf(disk, sizeof(disk), "lvss%u", (unsigned int)id);
	if (skip != LVSS_ATTR_SNAPSHOT_ID)
		nla_put_u32(m, LVSS_ATTR_SNAPSHOT_ID, id);
	if (skip != LVSS_ATTR_DEV_PATH)
		nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_SNAPSHOT_SEQ)
		nla_put_u64(m, LVSS_ATTR_SNAPSHOT_SEQ, 0x100000002ULL);
	if (skip != LVSS_ATTR_SNAPSHOT_STATE)
		nla_put_u32(m, LVSS_ATTR_SNAPSHOT_STATE, error ?
			    LVSS_SNAPSHOT_FAILED : LVSS_SNAPSHOT_ACTIVE);
	if (skip != LVSS_ATTR_DISK_NAME)
		nla_put_string(m, LVSS_ATTR_DISK_NAME, disk);
	if (skip != LVSS_ATTR_CREATED_NS)
		nla_put_u64(m, LVSS_ATTR_CREATED_NS, 1714566896123456789ULL);
	if (skip != LVSS_ATTR_FROZEN_NS)
		nla_put_u64(m, LVSS_ATTR_FROZEN_NS, 12345678);
	put_store(m, skip);
	if (error && skip != LVSS_ATTR_ERROR)
		nla_put_u32(m, LVSS_ATTR_ERROR, error);
	if (error && skip != LVSS_ATTR_ERROR_MSG)
		nla_put_string(m, LVSS_ATTR_ERROR_MSG, why);
	return m;
}

/* One member nest of a SNAPSHOT_TAKE reply, minus attribute @skip. */
static inline void put_member(struct nl_msg *m, const char *path,
			      uint32_t id, uint64_t seq, int skip)
{
	struct nlattr *one = nla_nest_start(m, LVSS_ATTR_MEMBER);
	char disk[16];

	snprintf(disk, sizeof(disk), "lvss%u", (unsigned int)id);
	if (skip != LVSS_ATTR_DEV_PATH)
		nla_put_string(m, LVSS_ATTR_DEV_PATH, path);
	if (skip != LVSS_ATTR_SNAPSHOT_ID)
		nla_put_u32(m, LVSS_ATTR_SNAPSHOT_ID, id);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_SNAPSHOT_SEQ)
		nla_put_u64(m, LVSS_ATTR_SNAPSHOT_SEQ, seq);
	if (skip != LVSS_ATTR_DISK_NAME)
		nla_put_string(m, LVSS_ATTR_DISK_NAME, disk);
	nla_nest_end(m, one);
}

/*
 * A SNAPSHOT_TAKE reply as lvss_genl_take_reply() lays it out: frozen
 * 1.5 ms, members /dev/sdb (id 3, seq 1) and /dev/vdc1 (id 4, seq 7);
 * @skip is left out of the second member, or of the message.
 */
static inline struct nl_msg *build_take_reply(int skip)
{
	struct nl_msg *m = build_reply(LVSS_CMD_SNAPSHOT_TAKE, 0);
	struct nlattr *list;

	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_FROZEN_NS)
		nla_put_u64(m, LVSS_ATTR_FROZEN_NS, 1500000);
	if (skip == LVSS_ATTR_MEMBERS)
		return m;
	list = nla_nest_start(m, LVSS_ATTR_MEMBERS);
	put_member(m, "/dev/sdb", 3, 1, 0);
	put_member(m, "/dev/vdc1", 4, 7, skip);
	nla_nest_end(m, list);
	return m;
}

/*
 * A SNAPSHOT_FAILED event as lvss_event_fill() lays it out: snapshot 3 of
 * /dev/sdb, seq 0x100000002, failed with ENOSPC; minus attribute @skip.
 */
static inline struct nl_msg *build_event_failed(int skip)
{
	struct nl_msg *m = build_reply(LVSS_CMD_EVENT_SNAPSHOT_FAILED, 0);

	if (skip != LVSS_ATTR_DEV_PATH)
		nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	if (skip != LVSS_ATTR_SNAPSHOT_ID)
		nla_put_u32(m, LVSS_ATTR_SNAPSHOT_ID, 3);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_SNAPSHOT_SEQ)
		nla_put_u64(m, LVSS_ATTR_SNAPSHOT_SEQ, 0x100000002ULL);
	if (skip != LVSS_ATTR_SNAPSHOT_STATE)
		nla_put_u32(m, LVSS_ATTR_SNAPSHOT_STATE, LVSS_SNAPSHOT_FAILED);
	if (skip != LVSS_ATTR_ERROR)
		nla_put_u32(m, LVSS_ATTR_ERROR, 28);	/* ENOSPC */
	if (skip != LVSS_ATTR_ERROR_MSG)
		nla_put_string(m, LVSS_ATTR_ERROR_MSG, "the CoW store is full");
	return m;
}

/*
 * A STORE_LOW event as lvss_event_fill() lays it out: /dev/vdb, 64 KiB
 * chunks, 0x1c0000000 bytes used of 0x200000000; minus attribute @skip.
 */
static inline struct nl_msg *build_event_store_low(int skip)
{
	struct nl_msg *m = build_reply(LVSS_CMD_EVENT_STORE_LOW, 0);

	if (skip != LVSS_ATTR_DEV_PATH)
		nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/vdb");
	if (skip != LVSS_ATTR_CHUNK_SIZE)
		nla_put_u32(m, LVSS_ATTR_CHUNK_SIZE, 65536);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_STORE_USED)
		nla_put_u64(m, LVSS_ATTR_STORE_USED, 0x1c0000000ULL);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_STORE_TOTAL)
		nla_put_u64(m, LVSS_ATTR_STORE_TOTAL, 0x200000000ULL);
	return m;
}

/*
 * A CBT_INFO reply as lvss.ko lays it out, minus attribute @skip: /dev/sdb,
 * generation @gen (16 bytes), 64 KiB blocks, 0x100000002 blocks, base seq
 * 3, newest seq 0x100000007, 12 changed, map 0x100000002 bytes.
 */
static inline struct nl_msg *build_cbt_info(const uint8_t *gen, int skip)
{
	struct nl_msg *m = build_reply(LVSS_CMD_CBT_INFO, 0);

	if (skip != LVSS_ATTR_DEV_PATH)
		nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	if (skip != LVSS_ATTR_CBT_GENERATION)
		nla_put(m, LVSS_ATTR_CBT_GENERATION, LVSS_CBT_GENERATION_LEN,
			gen);
	if (skip != LVSS_ATTR_CBT_BLOCK_SIZE)
		nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 65536);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_CBT_BLOCKS)
		nla_put_u64(m, LVSS_ATTR_CBT_BLOCKS, 0x100000002ULL);
	if (skip != LVSS_ATTR_CBT_BASE_SEQ)
		nla_put_u64(m, LVSS_ATTR_CBT_BASE_SEQ, 3);
	if (skip != LVSS_ATTR_CBT_SEQ)
		nla_put_u64(m, LVSS_ATTR_CBT_SEQ, 0x100000007ULL);
	if (skip != LVSS_ATTR_CBT_CHANGED)
		nla_put_u64(m, LVSS_ATTR_CBT_CHANGED, 12);
	if (skip != LVSS_ATTR_CBT_MAP_BYTES)
		nla_put_u64(m, LVSS_ATTR_CBT_MAP_BYTES, 0x100000002ULL);
	return m;
}

/* One LVSS_ATTR_EXTENT nest of a GET_CHANGES message, minus @skip. */
static inline void put_cbt_extent(struct nl_msg *m, uint64_t offset,
				  uint64_t length, int skip)
{
	struct nlattr *one = nla_nest_start(m, LVSS_ATTR_EXTENT);

	if (skip != LVSS_ATTR_EXTENT_LOGICAL)
		nla_put_u64(m, LVSS_ATTR_EXTENT_LOGICAL, offset);
	if (skip != LVSS_ATTR_EXTENT_LENGTH)
		nla_put_u64(m, LVSS_ATTR_EXTENT_LENGTH, length);
	nla_nest_end(m, one);
}

/*
 * A CBT_GET_CHANGES dump message (NLM_F_MULTI) of @path with @n extents,
 * @pairs holding offset and length of each in turn.
 */
static inline struct nl_msg *build_cbt_changes(const char *path,
					       const uint64_t *pairs,
					       size_t n)
{
	/* 28 bytes an extent: more than a page holds. */
	struct nl_msg *m = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN +
					    LVSS_DEV_PATH_MAX + 64 + n * 28);
	struct nlattr *list;

	if (!m || !genlmsg_put(m, 1, 1, FAMILY_ID, 0, NLM_F_MULTI,
			       LVSS_CMD_CBT_GET_CHANGES, LVSS_GENL_VERSION)) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}

	nla_put_string(m, LVSS_ATTR_DEV_PATH, path);
	list = nla_nest_start(m, LVSS_ATTR_CBT_EXTENTS);
	for (size_t i = 0; i < n; i++)
		put_cbt_extent(m, pairs[2 * i], pairs[2 * i + 1], 0);
	if (nla_nest_end_keep_empty(m, list)) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}
	return m;
}

/*
 * An NLMSG_ERROR of @error (negative, or 0 for an ack): nlmsgerr, the
 * echoed request payload unless NLM_F_CAPPED (@echo bytes, not a multiple
 * of 4 to test the padding), then TLVs when NLM_F_ACK_TLVS.
 */
static inline struct nl_msg *build_error(int error, int flags, int echo,
					 const char *text)
{
	struct nl_msg *m = nlmsg_alloc_simple(NLMSG_ERROR, flags);
	char payload[64] = { 0 };
	struct nlmsgerr e = {
		.error = error,
		.msg = { .nlmsg_len = NLMSG_HDRLEN + echo,
			 .nlmsg_type = FAMILY_ID },
	};

	if (!m || echo > (int)sizeof(payload)) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}
	nlmsg_append(m, &e, sizeof(e), NLMSG_ALIGNTO);
	if (!(flags & NLM_F_CAPPED))
		nlmsg_append(m, payload, echo, NLMSG_ALIGNTO);
	if (flags & NLM_F_ACK_TLVS) {
		nla_put_u32(m, NLMSGERR_ATTR_OFFS, 20);	/* before the msg */
		if (text)
			nla_put_string(m, NLMSGERR_ATTR_MSG, text);
	}
	return m;
}

/* The NLMSG_DONE that ends a dump: @error (<= 0), then @text if any. */
static inline struct nl_msg *build_done(int error, const char *text)
{
	struct nl_msg *m = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);

	if (!m) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}
	nlmsg_append(m, &error, sizeof(error), NLMSG_ALIGNTO);
	if (text) {
		nlmsg_hdr(m)->nlmsg_flags |= NLM_F_ACK_TLVS;
		nla_put_string(m, NLMSGERR_ATTR_MSG, text);
	}
	return m;
}

#endif /* LVSS_NL_BUILD_H */
