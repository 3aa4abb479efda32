/* SPDX-License-Identifier: MIT */
/*
 * Internal to liblvss: the netlink module. Only lvss_nl*.c include libnl;
 * lvss_nl.c owns the socket and the request/reply and dump loops,
 * lvss_nl_build.c puts requests' attributes, lvss_nl_parse.c turns
 * received messages into structs, lvss_nl_dump.c collects the messages of
 * a dump; lvss_nl_store.c and lvss_nl_snapshot.c are the store and
 * snapshot commands, lvss_nl_event.c listens for events. Builders, parsers
 * and collector are pure functions of the messages, so unit tests feed
 * them messages built by hand.
 */
#ifndef LVSS_NL_H
#define LVSS_NL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/netlink.h>

#include "lvss.h"
#include "lvss_error.h"

struct nl_msg;
struct nl_sock;
struct nlattr;

/*
 * The ABI (1.1) that brought events, LVSS_ATTR_STORE_LOW_PERCENT and
 * LVSS_ATTR_EVENTS_DROPPED.
 */
#define LVSS_ABI_EVENTS		((1U << 16) | 1U)
/*
 * The ABI (1.1) that brought changed-block tracking: the LVSS_CMD_CBT_*
 * commands and ATTACH's LVSS_ATTR_CBT_BLOCK_SIZE.
 */
#define LVSS_ABI_CBT		((1U << 16) | 1U)

/* --- transport (lvss_nl.c) ----------------------------------------------- */

struct lvss_handle {
	struct nl_sock *sk;
	int family;		/* resolved id of LVSS_GENL_NAME */
	struct lvss_version module;	/* lvss.ko's, from the handshake */
	/* Joined the events group: takes no requests any more. */
	bool listening;
};

/* The answer to one doit request while it comes in. */
struct lvss_nl_reply {
	struct nl_msg *reply;	/* the one reply of a doit command, a ref */
	int kernel_errno;	/* positive errno from NLMSG_ERROR, 0 if none */
	char extack[LVSS_ERROR_STR_MAX];
	bool done;		/* ack or error seen */
};

/*
 * A request for @cmd with room for @size bytes of attributes (0: a page),
 * or NULL when memory is short.
 */
struct nl_msg *lvss_nl_request(struct lvss_handle *h, uint8_t cmd, int flags,
			       size_t size);
/*
 * Sends a doit request @req (consumed) and waits for the kernel's ack or
 * error, keeping the first reply in @r (nlmsg_free r->reply). Returns 0
 * when the kernel answered, even with an error: that is in
 * r->kernel_errno; fails only when netlink itself does.
 */
int lvss_nl_doit(struct lvss_handle *h, struct nl_msg *req, const char *what,
		 struct lvss_nl_reply *r, struct lvss_error *err);

struct lvss_nl_dump;
/*
 * Sends the dump request @req (consumed) and feeds the whole answer to @d;
 * then lvss_nl_dump_result() says how it went. Fails only when netlink
 * itself does.
 */
int lvss_nl_dump_recv(struct lvss_handle *h, struct nl_msg *req,
		      const char *what, struct lvss_nl_dump *d,
		      struct lvss_error *err);

/*
 * A whole dump of @cmd into @d, each reply parsed by @parse into an item
 * of @item_size. On success the caller walks d->items and frees @d with
 * lvss_nl_dump_free(); on failure @d is freed and @err set.
 */
int lvss_nl_list(struct lvss_handle *h, uint8_t cmd, const char *what,
		 int (*parse)(struct nlmsghdr *nlh, void *item,
			      struct lvss_error *err),
		 size_t item_size, struct lvss_nl_dump *d,
		 struct lvss_error *err);
/*
 * A caller's callback returned @rc (non-zero) while walking a list that
 * @what ("listing the snapshots"): the error says so. Returns -errno.
 */
int lvss_nl_list_stopped(struct lvss_error *err, const char *what, int rc);

/* --- requests (lvss_nl_build.c) ------------------------------------------- */

/*
 * The attributes of LVSS_CMD_STORE_ADD for @spec: the device node @node
 * and, for a device or file store, @store_path (absolute) in place of
 * spec->store_path. The extents go as LVSS_ATTR_STORE_EXTENTS, one
 * LVSS_ATTR_EXTENT nest each; LVSS_ATTR_CHUNK_SIZE unless 0 and
 * LVSS_ATTR_STORE_LOW_PERCENT when spec->set_low_percent (unchecked).
 * Returns 0 or -EMSGSIZE (the message or a nest is full: at most
 * LVSS_STORE_FILE_EXTENTS_MAX extents fit).
 */
int lvss_nl_put_store(struct nl_msg *msg, const char *node,
		      const struct lvss_store_spec *spec,
		      const char *store_path);
/*
 * The attributes of LVSS_CMD_SNAPSHOT_TAKE: LVSS_ATTR_MEMBERS with one
 * LVSS_ATTR_MEMBER nest per node in @nodes (@count of them), and
 * @timeout_ms unless 0. Returns 0 or -EMSGSIZE.
 */
int lvss_nl_put_take(struct nl_msg *msg, const char *const *nodes,
		     size_t count, uint32_t timeout_ms);
/*
 * The attributes of LVSS_CMD_ATTACH: the device node @node and
 * LVSS_ATTR_CBT_BLOCK_SIZE unless @cbt_block_size is 0 (unchecked).
 */
int lvss_nl_put_attach(struct nl_msg *msg, const char *node,
		       uint32_t cbt_block_size);
/* LVSS_CMD_CBT_INFO: the device node. */
int lvss_nl_put_cbt_info(struct nl_msg *msg, const char *node);
/*
 * LVSS_CMD_CBT_GET_CHANGES: the node, the caller's @generation
 * (LVSS_CBT_GENERATION_LEN bytes), @from_seq and, when @has_to, @to_seq.
 */
int lvss_nl_put_cbt_changes(struct nl_msg *msg, const char *node,
			    const uint8_t *generation, uint64_t from_seq,
			    bool has_to, uint64_t to_seq);
/* LVSS_CMD_CBT_MARK_DIRTY: the node, @offset and @length (unchecked). */
int lvss_nl_put_cbt_mark(struct nl_msg *msg, const char *node,
			 uint64_t offset, uint64_t length);

/* --- snapshot sets (lvss_nl_snapshot.c) ----------------------------------- */

/*
 * After a take of the members @rdevs (@count device numbers) failed with
 * @errnum, which member is at fault, from the attached devices @devs
 * (@ndevs): -ENODEV the first not attached; -ENOSPC the first without a
 * CoW store, else the first with LVSS_SNAPSHOTS_PER_DEVICE_MAX snapshots.
 * Returns its index and sets *@why, or -1 when the list does not tell.
 */
int lvss_take_blame(int errnum, const dev_t *rdevs, size_t count,
		    const struct lvss_device *devs, size_t ndevs,
		    enum lvss_take_blame *why);

/* --- replies (lvss_nl_parse.c) -------------------------------------------- */

/*
 * Reply parsers. Each validates the generic netlink header (command
 * @expected in the reply), every attribute against the reply policy, and
 * that the attributes the command promises are present. Malformed replies
 * fail with -EBADMSG and a message naming the attribute.
 */
int lvss_nl_parse_version(struct nlmsghdr *nlh, struct lvss_version *out,
			  struct lvss_error *err);
int lvss_nl_parse_status(struct nlmsghdr *nlh, struct lvss_status *out,
			 struct lvss_error *err);
/*
 * One message of the LVSS_CMD_GET_DEVICE dump. The store figures come all
 * or none (out->has_store), so do the tracking block size and map bytes
 * (out->has_cbt, ABI 1.1); the snapshot count is optional too.
 */
int lvss_nl_parse_device(struct nlmsghdr *nlh, struct lvss_device *out,
			 struct lvss_error *err);
/*
 * The reply of LVSS_CMD_SNAPSHOT_TAKE: LVSS_ATTR_FROZEN_NS and 1 to
 * LVSS_SET_MEMBERS_MAX members, each with path, id, seq and disk name.
 */
int lvss_nl_parse_take(struct nlmsghdr *nlh, struct lvss_snapshot_set *out,
		       struct lvss_error *err);
/*
 * The LVSS_ATTR_MEMBERS nest @members of a @cmd message into out->members
 * and out->count; each member must carry the attributes in @required
 * (terminated by LVSS_ATTR_UNSPEC) and is checked like a reply. Shared by
 * the take reply and, in tests, the take request.
 */
int lvss_nl_parse_members(const struct nlattr *members, int cmd,
			  const int *required, struct lvss_snapshot_set *out,
			  struct lvss_error *err);
/*
 * One message of the LVSS_CMD_GET_SNAPSHOT dump; a failed snapshot must
 * carry LVSS_ATTR_ERROR and LVSS_ATTR_ERROR_MSG.
 */
int lvss_nl_parse_snapshot(struct nlmsghdr *nlh, struct lvss_snapshot *out,
			   struct lvss_error *err);
/*
 * One event (LVSS_CMD_EVENT_*), with the attributes its type promises:
 * SNAPSHOT_FAILED path, id, seq, state, errno and why; STORE_LOW path,
 * chunk size, used and total. -ENOMSG (and @err saying so) for a command
 * above LVSS_CMD_MAX, an event of a newer lvss.ko to skip; -EBADMSG for a
 * malformed one, or a known command that is no event.
 */
int lvss_nl_parse_event(struct nlmsghdr *nlh, struct lvss_event *out,
			struct lvss_error *err);
/*
 * The reply of LVSS_CMD_CBT_INFO: all its attributes, the generation of
 * exactly LVSS_CBT_GENERATION_LEN bytes, a block size lvss.ko could have
 * taken (a power of two, LVSS_CBT_BLOCK_SIZE_MIN..MAX).
 */
int lvss_nl_parse_cbt_info(struct nlmsghdr *nlh, struct lvss_cbt_info *out,
			   struct lvss_error *err);

/*
 * The extents of a LVSS_CMD_CBT_GET_CHANGES dump while it comes in: the
 * replies carry up to LVSS_CBT_EXTENTS_PER_MSG_MAX extents each, so they
 * are not one item each but are appended to one array (the dump's @add,
 * lvss_nl_parse_cbt_changes()).
 */
struct lvss_nl_cbt_changes {
	struct lvss_cbt_extent *ext;	/* count extents, malloc'd */
	size_t count, cap;
	size_t messages;		/* replies taken */
	char dev_path[LVSS_DEV_PATH_MAX];	/* the first reply's */
};
/*
 * One reply of the dump into @ctx (a struct lvss_nl_cbt_changes): its
 * LVSS_ATTR_DEV_PATH (the same in every reply) and LVSS_ATTR_CBT_EXTENTS,
 * at most LVSS_CBT_EXTENTS_PER_MSG_MAX LVSS_ATTR_EXTENT nests (maybe
 * none), each with LVSS_ATTR_EXTENT_LOGICAL and LVSS_ATTR_EXTENT_LENGTH,
 * not empty, not past 2^64, ascending and not overlapping, within the
 * reply and after the extents of the replies before. An extent that
 * continues the one before (lvss.ko splits runs where a message ends) is
 * joined to it, so the list holds whole runs. On failure @ctx is as it
 * was.
 */
int lvss_nl_parse_cbt_changes(struct nlmsghdr *nlh, void *ctx,
			      struct lvss_error *err);
void lvss_nl_cbt_changes_free(struct lvss_nl_cbt_changes *c);

/*
 * The answer to a dump request, fed to lvss_nl_dump_feed() one message at
 * a time in the order received: replies (each parsed into one item) until
 * NLMSG_DONE, whose payload may carry an errno and an ext-ack message, or
 * an NLMSG_ERROR instead. After a malformed reply the rest is still taken
 * up to the end, so the socket is left clean for the next request. Pure,
 * so tests feed it message sequences built by hand.
 */
struct lvss_nl_dump {
	/* Set by lvss_nl_dump_init(): how one reply becomes one item. */
	int (*parse)(struct nlmsghdr *nlh, void *item, struct lvss_error *err);
	size_t item_size;
	/*
	 * Or, set by lvss_nl_dump_init_add(), for replies that are not one
	 * item each: every reply goes to @add with @ctx (items stay empty);
	 * on failure @add sets its @err, and the rest is only drained.
	 */
	int (*add)(struct nlmsghdr *nlh, void *ctx, struct lvss_error *err);
	void *ctx;

	void *items;		/* count items, malloc'd */
	size_t count, cap;
	bool done;		/* NLMSG_DONE or NLMSG_ERROR seen */
	int kernel_errno;	/* positive errno from the kernel, 0 if none */
	char extack[LVSS_ERROR_STR_MAX];
	struct lvss_error err;	/* first local failure: malformed, no memory */
};

void lvss_nl_dump_init(struct lvss_nl_dump *d,
		       int (*parse)(struct nlmsghdr *nlh, void *item,
				    struct lvss_error *err),
		       size_t item_size);
void lvss_nl_dump_init_add(struct lvss_nl_dump *d,
			   int (*add)(struct nlmsghdr *nlh, void *ctx,
				      struct lvss_error *err),
			   void *ctx);
/* Takes one message; returns true once the dump is over. */
bool lvss_nl_dump_feed(struct lvss_nl_dump *d, struct nlmsghdr *nlh);
/*
 * The outcome of the dump: 0, or a negative errno with @err set: the
 * kernel's error worded for @what ("list the attached devices"), else the
 * first local failure, else -EIO when the end never came.
 */
int lvss_nl_dump_result(const struct lvss_nl_dump *d, const char *what,
			struct lvss_error *err);
void lvss_nl_dump_free(struct lvss_nl_dump *d);

/*
 * The errno an NLMSG_ERROR or NLMSG_DONE carries (the kernel's negative
 * -4095..-1, or 0) as a positive errno; anything else (a positive value,
 * INT_MIN, which cannot even be negated) makes the answer malformed:
 * EBADMSG. Found by tests/fuzz (fuzz_nl_dump).
 */
static inline int lvss_nl_answer_errno(int error)
{
	if (!error)
		return 0;
	return error < 0 && error >= -4095 ? -error : EBADMSG;
}

/*
 * Copies the extended-ack message (NLMSGERR_ATTR_MSG) of an NLMSG_ERROR
 * message, or of an NLMSG_DONE that ends a failed dump, into @buf. Returns
 * 1 when there was one, 0 otherwise (@buf = ""). libnl 3.7 has no ext-ack
 * support, so we walk the TLVs ourselves.
 */
int lvss_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);

#endif /* LVSS_NL_H */
