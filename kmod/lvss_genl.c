// SPDX-License-Identifier: GPL-2.0
/*
 * The lvss generic netlink family. Every command needs CAP_SYS_ADMIN
 * (GENL_ADMIN_PERM) and has its own strict policy: an attribute a command
 * does not take is rejected, not ignored. Errors name the offending
 * attribute through the extended ack. include/uapi/linux/lvss.h is the
 * protocol document.
 */
#include <linux/ktime.h>
#include <net/genetlink.h>
#include <uapi/linux/lvss.h>

#include "lvss_compat.h"
#include "lvss_event.h"
#include "lvss_genl.h"
#include "lvss_limits.h"
#include "lvss_main.h"

/*
 * Our messages are static strings from lvss_limits.c, so keeping the
 * pointer in the ack is safe (NL_SET_ERR_MSG wants a literal).
 */
void lvss_genl_set_err(struct netlink_ext_ack *extack,
		       const struct nlattr *attr, const char *msg)
{
	if (!extack)
		return;
	extack->_msg = msg;
	extack->bad_attr = attr;
}

void *lvss_genl_reply_start(struct genl_info *info, struct sk_buff **skb,
			    size_t size)
{
	void *hdr;

	*skb = genlmsg_new(size, GFP_KERNEL);
	if (!*skb)
		return NULL;
	hdr = genlmsg_put_reply(*skb, info, &lvss_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr) {
		nlmsg_free(*skb);
		*skb = NULL;
	}
	return hdr;
}

/*
 * GENL_ADMIN_PERM only asks for CAP_NET_ADMIN; freezing filesystems and
 * opening block devices for raw writes needs CAP_SYS_ADMIN as well.
 */
int lvss_genl_check_admin(struct sk_buff *skb, struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	NL_SET_ERR_MSG(extack, "lvss needs CAP_SYS_ADMIN");
	return -EPERM;
}

int lvss_genl_dev_path(struct genl_info *info, const char **path)
{
	struct nlattr *attr = info->attrs[LVSS_ATTR_DEV_PATH];
	const char *why;
	int err;

	if (LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_DEV_PATH))
		return -EINVAL;
	*path = nla_data(attr);
	err = lvss_check_dev_path(*path, nla_len(attr), &why);
	if (err)
		lvss_genl_set_err(info->extack, attr, why);
	return err;
}

static int lvss_genl_put_versions(struct sk_buff *skb)
{
	if (nla_put_string(skb, LVSS_ATTR_MODULE_VERSION, LVSS_MODULE_VERSION) ||
	    nla_put_u32(skb, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION))
		return -EMSGSIZE;
	return 0;
}

static int lvss_genl_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *abi = info->attrs[LVSS_ATTR_ABI_VERSION];
	const char *why;
	struct sk_buff *reply;
	void *hdr;
	int err;

	if (lvss_genl_check_admin(skb, info->extack))
		return -EPERM;
	if (abi) {
		err = lvss_check_abi(nla_get_u32(abi), &why);
		if (err) {
			lvss_genl_set_err(info->extack, abi, why);
			return err;
		}
	}

	hdr = lvss_genl_reply_start(info, &reply, NLMSG_GOODSIZE);
	if (!hdr)
		return -ENOMEM;
	err = lvss_genl_put_versions(reply);
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

static int lvss_genl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	s64 uptime_ms = ktime_ms_delta(ktime_get_boottime(),
				       lvss_state.loaded_at);
	struct sk_buff *reply;
	void *hdr;

	if (lvss_genl_check_admin(skb, info->extack))
		return -EPERM;
	hdr = lvss_genl_reply_start(info, &reply, NLMSG_GOODSIZE);
	if (!hdr)
		return -ENOMEM;
	if (lvss_genl_put_versions(reply) ||
	    nla_put_u32(reply, LVSS_ATTR_DEVICE_COUNT,
			atomic_read(&lvss_state.devices)) ||
	    nla_put_u32(reply, LVSS_ATTR_SNAPSHOT_COUNT,
			atomic_read(&lvss_state.snapshots)) ||
	    nla_put_u64_64bit(reply, LVSS_ATTR_UPTIME_MS, uptime_ms,
			      LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(reply, LVSS_ATTR_EVENTS_DROPPED,
			      lvss_event_dropped(), LVSS_ATTR_PAD)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

/* Device and store paths: NUL-terminated, shorter than LVSS_DEV_PATH_MAX. */
#define LVSS_PATH_POLICY \
	{ .type = NLA_NUL_STRING, .len = LVSS_DEV_PATH_MAX - 1 }

static const struct nla_policy lvss_get_version_policy[] = {
	[LVSS_ATTR_ABI_VERSION] = { .type = NLA_U32 },
};

static const struct nla_policy lvss_dev_path_policy[] = {
	[LVSS_ATTR_DEV_PATH] = LVSS_PATH_POLICY,
};

static const struct nla_policy lvss_attach_policy[] = {
	[LVSS_ATTR_DEV_PATH] = LVSS_PATH_POLICY,
	[LVSS_ATTR_CBT_BLOCK_SIZE] = { .type = NLA_U32 },
};

static const struct nla_policy lvss_cbt_changes_policy[] = {
	[LVSS_ATTR_DEV_PATH] = LVSS_PATH_POLICY,
	[LVSS_ATTR_CBT_GENERATION] =
		NLA_POLICY_EXACT_LEN(LVSS_CBT_GENERATION_LEN),
	[LVSS_ATTR_CBT_FROM_SEQ] = { .type = NLA_U64 },
	[LVSS_ATTR_CBT_TO_SEQ] = { .type = NLA_U64 },
};

static const struct nla_policy lvss_cbt_mark_policy[] = {
	[LVSS_ATTR_DEV_PATH] = LVSS_PATH_POLICY,
	[LVSS_ATTR_CBT_OFFSET] = { .type = NLA_U64 },
	[LVSS_ATTR_CBT_LENGTH] = NLA_POLICY_MIN(NLA_U64, 1),
};

static const struct nla_policy lvss_store_add_policy[] = {
	[LVSS_ATTR_DEV_PATH] = LVSS_PATH_POLICY,
	[LVSS_ATTR_CHUNK_SIZE] = { .type = NLA_U32 },
	[LVSS_ATTR_STORE_KIND] = NLA_POLICY_RANGE(NLA_U32, LVSS_STORE_BDEV,
						  LVSS_STORE_MEMORY),
	[LVSS_ATTR_STORE_PATH] = LVSS_PATH_POLICY,
	[LVSS_ATTR_STORE_BYTES] = NLA_POLICY_MIN(NLA_U64, 1),
	[LVSS_ATTR_STORE_EXTENTS] = { .type = NLA_NESTED },
	[LVSS_ATTR_STORE_LOW_PERCENT] =
		NLA_POLICY_MAX(NLA_U32, LVSS_STORE_LOW_PERCENT_MAX),
};

static const struct nla_policy lvss_take_policy[] = {
	[LVSS_ATTR_MEMBERS] = { .type = NLA_NESTED },
	[LVSS_ATTR_FREEZE_TIMEOUT_MS] = { .type = NLA_U32 },
};

static const struct nla_policy lvss_snapshot_id_policy[] = {
	[LVSS_ATTR_SNAPSHOT_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* GET_STATUS takes no attributes: a NULL policy makes genl reject all. */
static const struct genl_ops lvss_genl_ops[] = {
	{
		.cmd = LVSS_CMD_GET_VERSION,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_get_version,
		.policy = lvss_get_version_policy,
		.maxattr = ARRAY_SIZE(lvss_get_version_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_GET_STATUS,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_get_status,
	},
	{
		.cmd = LVSS_CMD_ATTACH,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_attach,
		.policy = lvss_attach_policy,
		.maxattr = ARRAY_SIZE(lvss_attach_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_DETACH,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_detach,
		.policy = lvss_dev_path_policy,
		.maxattr = ARRAY_SIZE(lvss_dev_path_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_GET_DEVICE,
		.flags = GENL_ADMIN_PERM,
		.dumpit = lvss_genl_get_device_dump,
	},
	{
		.cmd = LVSS_CMD_STORE_ADD,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_store_add,
		.policy = lvss_store_add_policy,
		.maxattr = ARRAY_SIZE(lvss_store_add_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_SNAPSHOT_TAKE,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_snapshot_take,
		.policy = lvss_take_policy,
		.maxattr = ARRAY_SIZE(lvss_take_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_SNAPSHOT_DELETE,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_snapshot_delete,
		.policy = lvss_snapshot_id_policy,
		.maxattr = ARRAY_SIZE(lvss_snapshot_id_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_GET_SNAPSHOT,
		.flags = GENL_ADMIN_PERM,
		.dumpit = lvss_genl_get_snapshot_dump,
	},
	{
		.cmd = LVSS_CMD_CBT_INFO,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_cbt_info,
		.policy = lvss_dev_path_policy,
		.maxattr = ARRAY_SIZE(lvss_dev_path_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_CBT_GET_CHANGES,
		.flags = GENL_ADMIN_PERM,
		.dumpit = lvss_genl_cbt_changes_dump,
		.done = lvss_genl_cbt_changes_done,
		.policy = lvss_cbt_changes_policy,
		.maxattr = ARRAY_SIZE(lvss_cbt_changes_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_CBT_MARK_DIRTY,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_cbt_mark_dirty,
		.policy = lvss_cbt_mark_policy,
		.maxattr = ARRAY_SIZE(lvss_cbt_mark_policy) - 1,
	},
	{
		.cmd = LVSS_CMD_CBT_RESET,
		.flags = GENL_ADMIN_PERM,
		.doit = lvss_genl_cbt_reset,
		.policy = lvss_dev_path_policy,
		.maxattr = ARRAY_SIZE(lvss_dev_path_policy) - 1,
	},
};

static const struct genl_multicast_group lvss_genl_mcgrps[] = {
	[LVSS_GENL_MCGRP_EVENTS] = { .name = LVSS_GENL_MCGRP_EVENTS_NAME,
				     .flags = LVSS_GENL_MCGRP_FLAGS },
};

struct genl_family lvss_genl_family __ro_after_init = {
	.name = LVSS_GENL_NAME,
	.version = LVSS_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = lvss_genl_ops,
	.n_ops = ARRAY_SIZE(lvss_genl_ops),
	.mcgrps = lvss_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(lvss_genl_mcgrps),
	/* Handlers take their own locks; no need for genl_mutex. */
	.parallel_ops = true,
	/* Zero: every command validates the header and needs a policy. */
	.resv_start_op = 0,
};

int __init lvss_genl_init(void)
{
	return genl_register_family(&lvss_genl_family);
}

void lvss_genl_exit(void)
{
	genl_unregister_family(&lvss_genl_family);
}
