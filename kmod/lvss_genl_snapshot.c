// SPDX-License-Identifier: GPL-2.0
/* Netlink commands on snapshots: take a set, delete, list. */
#include <linux/slab.h>
#include <net/genetlink.h>
#include <uapi/linux/lvss.h>

#include "lvss_cow.h"
#include "lvss_genl.h"
#include "lvss_limits.h"
#include "lvss_snapdev.h"
#include "lvss_snapshot.h"
#include "lvss_take.h"
#include "lvss_tracker.h"

static const struct nla_policy lvss_member_policy[] = {
	[LVSS_ATTR_DEV_PATH] = { .type = NLA_NUL_STRING,
				 .len = LVSS_DEV_PATH_MAX - 1 },
};

static int lvss_genl_parse_members(struct genl_info *info,
				   struct lvss_take *take)
{
	struct nlattr *list = info->attrs[LVSS_ATTR_MEMBERS];
	struct nlattr *tb[LVSS_ATTR_DEV_PATH + 1];
	struct nlattr *nest;
	const char *why;
	int rem, err;

	if (LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_MEMBERS))
		return -EINVAL;
	nla_for_each_nested(nest, list, rem) {
		if (nla_type(nest) != LVSS_ATTR_MEMBER) {
			lvss_genl_set_err(info->extack, nest, "expected LVSS_ATTR_MEMBER");
			return -EINVAL;
		}
		if (take->nr == LVSS_SET_MEMBERS_MAX) {
			lvss_genl_set_err(info->extack, nest, "too many devices in one set (at most 32)");
			return -E2BIG;
		}
		err = nla_parse_nested(tb, LVSS_ATTR_DEV_PATH, nest,
				       lvss_member_policy, info->extack);
		if (err)
			return err;
		if (!tb[LVSS_ATTR_DEV_PATH]) {
			lvss_genl_set_err(info->extack, nest, "a member needs LVSS_ATTR_DEV_PATH");
			return -EINVAL;
		}
		err = lvss_check_dev_path(nla_data(tb[LVSS_ATTR_DEV_PATH]),
					  nla_len(tb[LVSS_ATTR_DEV_PATH]), &why);
		if (err) {
			lvss_genl_set_err(info->extack, tb[LVSS_ATTR_DEV_PATH], why);
			return err;
		}
		take->members[take->nr++].path = nla_data(tb[LVSS_ATTR_DEV_PATH]);
	}
	if (rem > 0) {
		lvss_genl_set_err(info->extack, list, "malformed LVSS_ATTR_MEMBERS: bytes left after its last member");
		return -EINVAL;
	}
	if (!take->nr) {
		lvss_genl_set_err(info->extack, list, "a snapshot set needs at least one device");
		return -EINVAL;
	}
	return 0;
}

static int lvss_genl_take_reply(struct genl_info *info, struct lvss_take *take)
{
	struct nlattr *members, *member;
	struct sk_buff *reply;
	unsigned int i;
	void *hdr;

	/* Room for every member's path and figures, however many. */
	hdr = lvss_genl_reply_start(info, &reply,
				    take->nr * (LVSS_DEV_PATH_MAX + 128) + 256);
	if (!hdr)
		return -ENOMEM;
	if (nla_put_u64_64bit(reply, LVSS_ATTR_FROZEN_NS, take->frozen_ns,
			      LVSS_ATTR_PAD))
		goto err;
	members = nla_nest_start(reply, LVSS_ATTR_MEMBERS);
	if (!members)
		goto err;
	for (i = 0; i < take->nr; i++) {
		struct lvss_snapshot *snap = take->members[i].snap;

		member = nla_nest_start(reply, LVSS_ATTR_MEMBER);
		if (!member ||
		    nla_put_string(reply, LVSS_ATTR_DEV_PATH,
				   take->members[i].path) ||
		    nla_put_u32(reply, LVSS_ATTR_SNAPSHOT_ID, snap->id) ||
		    nla_put_u64_64bit(reply, LVSS_ATTR_SNAPSHOT_SEQ, snap->seq,
				      LVSS_ATTR_PAD) ||
		    nla_put_string(reply, LVSS_ATTR_DISK_NAME,
				   snap->disk_name))
			goto err;
		nla_nest_end(reply, member);
	}
	nla_nest_end(reply, members);
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
err:
	nlmsg_free(reply);
	return -EMSGSIZE;
}

int lvss_genl_snapshot_take(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *timeout = info->attrs[LVSS_ATTR_FREEZE_TIMEOUT_MS];
	struct lvss_take *take;
	const char *why;
	int err;

	if (lvss_genl_check_admin(skb, info->extack))
		return -EPERM;
	take = kzalloc(sizeof(*take), GFP_KERNEL);
	if (!take)
		return -ENOMEM;
	take->timeout_ms = LVSS_FREEZE_TIMEOUT_DEFAULT_MS;
	if (timeout) {
		take->timeout_ms = nla_get_u32(timeout);
		err = lvss_check_freeze_timeout(take->timeout_ms, &why);
		if (err) {
			lvss_genl_set_err(info->extack, timeout, why);
			goto out;
		}
	}
	err = lvss_genl_parse_members(info, take);
	if (err)
		goto out;
	err = lvss_take_run(take, info->extack);
	if (!err)
		/* The snapshots exist even if the reply cannot be sent. */
		lvss_genl_take_reply(info, take);
out:
	lvss_take_done(take);
	kfree(take);
	return err;
}

int lvss_genl_snapshot_delete(struct sk_buff *skb, struct genl_info *info)
{
	if (lvss_genl_check_admin(skb, info->extack))
		return -EPERM;

	if (LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_SNAPSHOT_ID))
		return -EINVAL;
	return lvss_snapshot_delete(nla_get_u32(info->attrs[LVSS_ATTR_SNAPSHOT_ID]),
				    info->extack);
}

static int lvss_genl_put_snapshot(struct sk_buff *skb,
				  struct netlink_callback *cb,
				  struct lvss_snapshot *snap)
{
	struct lvss_cow *cow = snap->tracker->cow;
	const char *why;
	int state, error;
	void *hdr;

	lvss_cow_check_origin(cow);
	spin_lock_irq(&cow->lock);
	state = snap->state;
	error = snap->error;
	why = snap->why;
	spin_unlock_irq(&cow->lock);

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lvss_genl_family, NLM_F_MULTI, LVSS_CMD_GET_SNAPSHOT);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, LVSS_ATTR_SNAPSHOT_ID, snap->id) ||
	    nla_put_string(skb, LVSS_ATTR_DEV_PATH, snap->tracker->path) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_SNAPSHOT_SEQ, snap->seq,
			      LVSS_ATTR_PAD) ||
	    nla_put_u32(skb, LVSS_ATTR_SNAPSHOT_STATE, state) ||
	    nla_put_string(skb, LVSS_ATTR_DISK_NAME,
			   snap->disk_name) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_CREATED_NS, snap->created_ns,
			      LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_FROZEN_NS, snap->frozen_ns,
			      LVSS_ATTR_PAD) ||
	    lvss_genl_put_store(skb, cow) ||
	    (error && (nla_put_u32(skb, LVSS_ATTR_ERROR, -error) ||
		       nla_put_string(skb, LVSS_ATTR_ERROR_MSG, why)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: the next snapshot id to report. */
int lvss_genl_get_snapshot_dump(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	unsigned long id = cb->args[0], resume;
	struct lvss_snapshot *snap;
	int err;

	if (!netlink_capable(cb->skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(cb->extack, "lvss needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	for (;;) {
		resume = id;
		snap = lvss_snapshot_next(&id);
		if (!snap)
			break;
		err = lvss_genl_put_snapshot(skb, cb, snap);
		lvss_snapshot_put(snap);
		if (err) {
			id = resume;
			break;
		}
	}
	cb->args[0] = id;
	return skb->len;
}
