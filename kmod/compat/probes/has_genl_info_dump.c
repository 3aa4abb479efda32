// SPDX-License-Identifier: GPL-2.0
/* 6.6 gives dumps a struct genl_info (genl_info_dump()). */
#include <net/genetlink.h>

struct nlattr **lvss_probe(struct netlink_callback *cb);
struct nlattr **lvss_probe(struct netlink_callback *cb)
{
	return genl_info_dump(cb)->attrs;
}
