/* SPDX-License-Identifier: MIT */
/*
 * Internal to liblvss: the netlink module. Only lvss_nl*.c include libnl;
 * lvss_nl.c owns the socket and the request/reply loop, lvss_nl_parse.c
 * turns received messages into structs. The parsers are pure functions of
 * one message, so unit tests feed them messages built by hand.
 */
#ifndef LVSS_NL_H
#define LVSS_NL_H

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

/*
 * Copies the extended-ack message (NLMSGERR_ATTR_MSG) of an NLMSG_ERROR
 * message into @buf. Returns 1 when there was one, 0 otherwise (@buf = "").
 * libnl 3.7 has no ext-ack support, so we walk the TLVs ourselves.
 */
int lvss_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);

#endif /* LVSS_NL_H */
