/* SPDX-License-Identifier: MIT */
/*
 * lvss-nlcheck: raw generic netlink requests against lvss.ko, built byte by
 * byte so they can be wrong in ways liblvss never is, and the kernel's
 * answers (errno, extended ack) checked against include/uapi/linux/lvss.h.
 *
 *   msg.c        the request builder (struct mb)
 *   nl.c         socket, one request/answer exchange, ext-ack parsing
 *   cases.c      the case table
 *   lvss-nlcheck.c  command line, capabilities, the run and its TAP output
 *   selftest.c   --self-test: builder and ext-ack parser, offline
 */
#ifndef LVSS_NLCHECK_H
#define LVSS_NLCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi/linux/lvss.h"

/* ---- request builder (msg.c) ---- */

#define MB_BUF_MAX	65536
#define MB_NEST_MAX	8

/**
 * struct mb - one request being built
 * @buf: nlmsghdr | genlmsghdr | attributes
 * @len: bytes built so far
 * @mark: offset of the attribute the kernel should name as the bad one
 *	(NLMSGERR_ATTR_OFFS), -1 if none was marked
 * @nlmsg_len: when >= 0, written into the header instead of @len
 * @send_len: when >= 0, bytes handed to send() instead of nlmsg_len
 */
struct mb {
	unsigned char buf[MB_BUF_MAX];
	size_t len;
	size_t nest[MB_NEST_MAX];
	int depth;
	long mark;
	long nlmsg_len;
	long send_len;
	bool overflow;
};

void mb_init(struct mb *m, uint16_t family, uint16_t flags, uint8_t cmd,
	     uint16_t reserved);
void mb_mark(struct mb *m);
void mb_attr(struct mb *m, uint16_t type, const void *data, size_t len);
void mb_u8(struct mb *m, uint16_t type, uint8_t v);
void mb_u16(struct mb *m, uint16_t type, uint16_t v);
void mb_u32(struct mb *m, uint16_t type, uint32_t v);
void mb_u64(struct mb *m, uint16_t type, uint64_t v);
void mb_str(struct mb *m, uint16_t type, const char *s);	/* with NUL */
void mb_strn(struct mb *m, uint16_t type, const char *s);	/* no NUL */
void mb_nest(struct mb *m, uint16_t type);		/* NLA_F_NESTED set */
void mb_nest_flat(struct mb *m, uint16_t type);	/* NLA_F_NESTED not set */
void mb_end(struct mb *m);
void mb_raw(struct mb *m, const void *data, size_t len);	/* unaligned */
size_t mb_finish(struct mb *m, uint32_t seq, uint32_t portid);
/* Type of the attribute starting at @off in the built request, or -1. */
int mb_attr_type_at(const struct mb *m, long off);

/* ---- one exchange (nl.c) ---- */

enum ans_kind {
	ANS_NONE,	/* nothing came back before the deadline */
	ANS_ERROR,	/* NLMSG_ERROR: an error, or the ack of a request */
	ANS_DONE,	/* NLMSG_DONE: the end of a dump */
	ANS_BROKEN,	/* the socket failed or the answer made no sense */
};

#define ANS_REPLY_MAX	8192

/**
 * struct answer - what the kernel sent back for one request
 * @err: positive errno, 0 for success
 * @msg: NLMSGERR_ATTR_MSG, "" if absent (@has_msg false)
 * @offs: NLMSGERR_ATTR_OFFS, -1 if absent
 * @miss_type: NLMSGERR_ATTR_MISS_TYPE, -1 if absent
 * @miss_nest: NLMSGERR_ATTR_MISS_NEST, -1 if absent
 * @nreplies: data messages (replies, dump entries) before the end
 * @reply: the first of them, whole (nlmsghdr included)
 * @why: for ANS_BROKEN
 */
struct answer {
	enum ans_kind kind;
	int err;
	bool has_msg;
	char msg[LVSS_ERROR_MSG_MAX * 4];
	long offs;
	long miss_type;
	long miss_nest;
	int nreplies;
	unsigned char reply[ANS_REPLY_MAX];
	size_t reply_len;
	char why[128];
};

struct nlc {
	void *sk;		/* struct nl_sock * */
	int fd;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
};

int nlc_open(struct nlc *h, char *why, size_t len);
void nlc_close(struct nlc *h);
/* Sends @m (finished here) and collects the answer within @timeout_ms. */
void nlc_exchange(struct nlc *h, struct mb *m, int timeout_ms,
		  struct answer *a);
/* The ext-ack TLVs of an NLMSG_ERROR / NLMSG_DONE message into @a. */
void nlc_parse_extack(const void *nlh, size_t len, struct answer *a);
/* Finds a top-level attribute in a genl reply; NULL if absent. */
const void *nlc_reply_attr(const struct answer *a, uint16_t type,
			   size_t *len);
const void *nlc_nested_attr(const void *nest, size_t nest_len,
			    uint16_t type, size_t *len);

/* ---- the case table (cases.c) ---- */

/* Where a check lives; decides what an unprivileged caller gets. */
enum layer {
	/*
	 * genetlink core, before any permission check: header, reserved
	 * fields, flags, unknown commands. Same answer for everyone.
	 */
	L_CORE,
	/*
	 * genetlink core, command lookup by do/dump: 6.1 checks
	 * GENL_ADMIN_PERM first, 6.2+ looks the operation up first, so an
	 * unprivileged caller may get either answer.
	 */
	L_CORE_OP,
	/*
	 * the command's strict policy, parsed by the core after
	 * GENL_ADMIN_PERM (CAP_NET_ADMIN) and before the lvss handler.
	 */
	L_POLICY,
	/* the lvss handler, after lvss_genl_check_admin() (CAP_SYS_ADMIN). */
	L_HANDLER,
	/*
	 * the lvss handler today (nested MEMBERS / STORE_EXTENTS contents),
	 * but a nested policy could check it just as rightly: a caller with
	 * CAP_NET_ADMIN only may get the handler's EPERM or root's answer.
	 */
	L_NESTED,
};

enum msg_want {
	M_ANY,		/* a message may or may not come */
	M_REQ,		/* an ext-ack message must come (and hold .sub) */
};

/* .bad: which attribute the ext-ack must name. */
#define BAD_NONE	0	/* not checked */
#define BAD_MARK	(-1)	/* NLMSGERR_ATTR_OFFS = the marked attribute */
/* > 0: a missing attribute of that type (MISS_TYPE, or named in the msg) */

#define ERR_NOREPLY	(-1)	/* the kernel must drop the request silently */

struct ctx {
	const char *disk;	/* scratch block device, or NULL */
	uint32_t snap_id;	/* taken in PH_STORE, 0 if none */
};

struct nlcase {
	const char *name;
	uint8_t cmd;
	uint16_t flags;		/* added to NLM_F_REQUEST | NLM_F_ACK */
	uint16_t reserved;	/* genlmsghdr.reserved */
	void (*build)(struct mb *m, const struct ctx *c);
	enum layer layer;
	int err;		/* positive errno, 0, or ERR_NOREPLY */
	int err2;		/* another accepted errno, 0 if none */
	enum msg_want msg;
	const char *sub;	/* the message must contain this (any case) */
	int bad;		/* BAD_NONE, BAD_MARK or a missing attr type */
	bool disk;		/* needs --disk */
	bool no_ack;		/* leave NLM_F_ACK out */
	/* After the answer, in root mode: e.g. keep the snapshot id. */
	void (*after)(const struct answer *a, struct ctx *c);
	/* Extra check of a successful answer; returns NULL or why not. */
	const char *(*verify)(const struct answer *a, const struct ctx *c);
	int timeout_ms;		/* 0: the default */
};

/* Groups run in order; the state they expect is set up by earlier cases. */
struct nlgroup {
	const char *title;
	const struct nlcase *cases;
	size_t n;
};

extern const struct nlgroup nlcheck_groups[];
extern const size_t nlcheck_ngroups;

const char *nlcheck_cmd_name(unsigned int cmd);
const char *nlcheck_attr_name(int type);

#endif /* LVSS_NLCHECK_H */
