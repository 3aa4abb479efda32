/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lvss generic netlink family: control plane of lvss.ko. The family
 * and its ops table live in lvss_genl.c; each noun's commands live in
 * lvss_genl_<noun>.c.
 */
#ifndef LVSS_GENL_H
#define LVSS_GENL_H

#include <net/genetlink.h>

extern struct genl_family lvss_genl_family;

/* Indexes into the family's multicast groups. */
enum {
	LVSS_GENL_MCGRP_EVENTS,
};

int lvss_genl_init(void);
void lvss_genl_exit(void);

void lvss_genl_set_err(struct netlink_ext_ack *extack,
		       const struct nlattr *attr, const char *msg);
void *lvss_genl_reply_start(struct genl_info *info, struct sk_buff **skb,
			    size_t size);
int lvss_genl_check_admin(struct sk_buff *skb, struct netlink_ext_ack *extack);

/*
 * GENL_REQ_ATTR_CHECK() only sets NLMSGERR_ATTR_MISS_TYPE; the uapi also
 * promises a message naming the attribute. True when @attr is missing.
 */
static inline bool lvss_genl_req_attr(struct genl_info *info, int attr,
				      const char *msg)
{
	bool missing = GENL_REQ_ATTR_CHECK(info, attr);

	if (missing && info->extack)
		info->extack->_msg = msg;	/* a string literal, see below */
	return missing;
}

#define LVSS_GENL_REQ_ATTR_CHECK(info, attr) \
	lvss_genl_req_attr(info, attr, "missing " #attr)
int lvss_genl_dev_path(struct genl_info *info, const char **path);

int lvss_genl_attach(struct sk_buff *skb, struct genl_info *info);
int lvss_genl_detach(struct sk_buff *skb, struct genl_info *info);
int lvss_genl_get_device_dump(struct sk_buff *skb, struct netlink_callback *cb);
int lvss_genl_store_add(struct sk_buff *skb, struct genl_info *info);
struct lvss_cow;
int lvss_genl_put_store(struct sk_buff *skb, struct lvss_cow *cow);

int lvss_genl_cbt_info(struct sk_buff *skb, struct genl_info *info);
int lvss_genl_cbt_mark_dirty(struct sk_buff *skb, struct genl_info *info);
int lvss_genl_cbt_reset(struct sk_buff *skb, struct genl_info *info);
int lvss_genl_cbt_changes_dump(struct sk_buff *skb,
			       struct netlink_callback *cb);
int lvss_genl_cbt_changes_done(struct netlink_callback *cb);

int lvss_genl_snapshot_take(struct sk_buff *skb, struct genl_info *info);
int lvss_genl_snapshot_delete(struct sk_buff *skb, struct genl_info *info);
int lvss_genl_get_snapshot_dump(struct sk_buff *skb,
				struct netlink_callback *cb);

#endif /* LVSS_GENL_H */
