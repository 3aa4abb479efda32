// SPDX-License-Identifier: GPL-2.0
/* genlmsg_multicast_allns() lost its gfp_t argument in 6.13. */
#include <net/genetlink.h>

int lvss_probe(const struct genl_family *family, struct sk_buff *skb);
int lvss_probe(const struct genl_family *family, struct sk_buff *skb)
{
	return genlmsg_multicast_allns(family, skb, 0, 0, GFP_KERNEL);
}
