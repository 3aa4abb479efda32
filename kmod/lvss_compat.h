/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where kernel version differences live. Choices come from
 * probes compiled against the target headers (lvss_compat_gen.h, written by
 * compat/gen-compat.sh), never from LINUX_VERSION_CODE: distributions
 * backport, so only what the headers offer counts.
 */
#ifndef LVSS_COMPAT_H
#define LVSS_COMPAT_H

#include <linux/blkdev.h>
#include <net/genetlink.h>

#include "lvss_compat_gen.h"

/* Multicast an lvss event to listeners in every network namespace. */
static inline int lvss_genl_multicast_allns(const struct genl_family *family,
					    struct sk_buff *skb,
					    unsigned int group)
{
#ifdef LVSS_HAS_GENL_MULTICAST_ALLNS_GFP
	return genlmsg_multicast_allns(family, skb, 0, group, GFP_KERNEL);
#else
	return genlmsg_multicast_allns(family, skb, 0, group);
#endif
}

#endif /* LVSS_COMPAT_H */
