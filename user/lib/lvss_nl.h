/* SPDX-License-Identifier: MIT */
/*
 * Internal to liblvss: the netlink module. Only lvss_nl*.c include libnl;
 * lvss_nl.c owns the socket and the request/reply and dump loops,
 * lvss_nl_parse.c turns received messages into structs, lvss_nl_dump.c
 * collects the messages of a dump. Parsers and collector are pure
 * functions of the messages, so unit tests feed them messages built by
 * hand.
 */
#ifndef LVSS_NL_H
#define LVSS_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/netlink.h>

#include "lvss.h"

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
/* One message of the LVSS_CMD_GET_DEVICE dump. */
int lvss_nl_parse_device(struct nlmsghdr *nlh, struct lvss_device *out,
			 struct lvss_error *err);

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
 * Copies the extended-ack message (NLMSGERR_ATTR_MSG) of an NLMSG_ERROR
 * message, or of an NLMSG_DONE that ends a failed dump, into @buf. Returns
 * 1 when there was one, 0 otherwise (@buf = ""). libnl 3.7 has no ext-ack
 * support, so we walk the TLVs ourselves.
 */
int lvss_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);

#endif /* LVSS_NL_H */
