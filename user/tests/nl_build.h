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
