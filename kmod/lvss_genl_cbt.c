// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands of changed-block tracking: CBT_INFO, the
 * CBT_GET_CHANGES dump, CBT_MARK_DIRTY and CBT_RESET
 * (include/uapi/linux/lvss.h).
 */
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <uapi/linux/lvss.h>

#include "lvss_cbt.h"
#include "lvss_compat.h"
#include "lvss_genl.h"
#include "lvss_tracker.h"

/* Map blocks listed per dump message at most (a message's own limit). */
#define LVSS_CBT_SCANS_PER_MSG	16U

/*
 * The attached device a request names, referenced, after the permission
 * and path checks; NULL with *@err set when there is none.
 */
static struct lvss_tracker *lvss_genl_cbt_tracker(struct sk_buff *skb,
						  struct genl_info *info,
						  int *err)
{
	struct lvss_tracker *t;
	const char *path;

	*err = lvss_genl_check_admin(skb, info->extack);
	if (!*err)
		*err = lvss_genl_dev_path(info, &path);
	if (*err)
		return NULL;
	t = lvss_tracker_find(path, info->extack);
	if (!t)
		*err = -ENODEV;
	return t;
}

int lvss_genl_cbt_info(struct sk_buff *skb, struct genl_info *info)
{
	struct lvss_cbt_info ci;
	struct lvss_tracker *t;
	struct sk_buff *reply;
	void *hdr;
	int err;

	t = lvss_genl_cbt_tracker(skb, info, &err);
	if (!t)
		return err;
	lvss_cbt_get_info(&t->cbt, &ci);
	err = -ENOMEM;
	hdr = lvss_genl_reply_start(info, &reply, NLMSG_GOODSIZE);
	if (!hdr)
		goto out;
	if (nla_put_string(reply, LVSS_ATTR_DEV_PATH, t->path) ||
	    nla_put(reply, LVSS_ATTR_CBT_GENERATION, LVSS_CBT_GENERATION_LEN,
		    &ci.generation) ||
	    nla_put_u32(reply, LVSS_ATTR_CBT_BLOCK_SIZE,
			1U << t->cbt.block_shift) ||
	    nla_put_u64_64bit(reply, LVSS_ATTR_CBT_BLOCKS, ci.blocks,
			      LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(reply, LVSS_ATTR_CBT_BASE_SEQ, ci.base,
			      LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(reply, LVSS_ATTR_CBT_SEQ, ci.seq, LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(reply, LVSS_ATTR_CBT_CHANGED,
			      ci.mark ? lvss_cbt_count(&t->cbt, ci.mark) : 0,
			      LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(reply, LVSS_ATTR_CBT_MAP_BYTES, ci.map_bytes,
			      LVSS_ATTR_PAD)) {
		nlmsg_free(reply);
		err = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(reply, hdr);
	err = genlmsg_reply(reply, info);
out:
	lvss_tracker_put(t);
	return err;
}

int lvss_genl_cbt_mark_dirty(struct sk_buff *skb, struct genl_info *info)
{
	struct lvss_tracker *t;
	const char *path;
	int err;

	if (lvss_genl_check_admin(skb, info->extack))
		return -EPERM;
	err = lvss_genl_dev_path(info, &path);
	if (err)
		return err;
	if (LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_CBT_OFFSET) ||
	    LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_CBT_LENGTH))
		return -EINVAL;
	t = lvss_tracker_find(path, info->extack);
	if (!t)
		return -ENODEV;
	err = lvss_cbt_mark_dirty(&t->cbt,
				  nla_get_u64(info->attrs[LVSS_ATTR_CBT_OFFSET]),
				  nla_get_u64(info->attrs[LVSS_ATTR_CBT_LENGTH]));
	if (err)
		lvss_genl_set_err(info->extack,
				  info->attrs[LVSS_ATTR_CBT_LENGTH],
				  "the range is not inside the device");
	lvss_tracker_put(t);
	return err;
}

int lvss_genl_cbt_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct lvss_tracker *t;
	int err;

	t = lvss_genl_cbt_tracker(skb, info, &err);
	if (!t)
		return err;
	/* A take's flip must not switch the map while the reset copies it. */
	if (test_and_set_bit(LVSS_TRACKER_TAKING, &t->flags)) {
		NL_SET_ERR_MSG(info->extack, "a snapshot set is being taken on this device: try again");
		err = -EBUSY;
	} else {
		err = lvss_cbt_reset(&t->cbt, bdev_nr_bytes(t->ref.bdev));
		clear_bit(LVSS_TRACKER_TAKING, &t->flags);
	}
	lvss_tracker_put(t);
	return err;
}

/*
 * A GET_CHANGES dump keeps its state in cb->args: the tracker (a
 * reference, dropped in .done), the next block, the marks wanted and the
 * extent buffer. The first dumpit call sets it up rather than a .start,
 * because only dumpit calls have cb->extack for the error message.
 */
enum {
	LVSS_CBT_ARG_TRACKER,
	LVSS_CBT_ARG_POS,
	LVSS_CBT_ARG_MARKS,
	LVSS_CBT_ARG_BUF,
};

static int lvss_genl_cbt_changes_setup(struct netlink_callback *cb)
{
	struct nlattr **attrs = lvss_genl_dump_attrs(cb);
	struct nlattr *path = attrs[LVSS_ATTR_DEV_PATH];
	struct nlattr *gen = attrs[LVSS_ATTR_CBT_GENERATION];
	struct nlattr *from = attrs[LVSS_ATTR_CBT_FROM_SEQ];
	struct nlattr *to = attrs[LVSS_ATTR_CBT_TO_SEQ];
	struct lvss_cbt_extent *buf;
	struct lvss_tracker *t;
	u8 lo, hi;
	int err;

	err = lvss_genl_check_admin(cb->skb, cb->extack);
	if (err)
		return err;
	if (!path || !gen || !from) {
		NL_SET_ERR_MSG(cb->extack, "missing LVSS_ATTR_DEV_PATH, LVSS_ATTR_CBT_GENERATION or LVSS_ATTR_CBT_FROM_SEQ");
		return -EINVAL;
	}
	t = lvss_tracker_find(nla_data(path), cb->extack);
	if (!t)
		return -ENODEV;
	err = lvss_cbt_range(&t->cbt, nla_data(gen), nla_get_u64(from), !!to,
			     to ? nla_get_u64(to) : 0, &lo, &hi);
	if (err == -ESTALE)
		lvss_genl_set_err(cb->extack, gen, "the changed-block history was reset (generation changed): take a full backup");
	else if (err)
		lvss_genl_set_err(cb->extack, to ? to : from, "sequence numbers outside the generation's history, or FROM after TO");
	if (err)
		goto err_put;
	buf = kvmalloc_array(LVSS_CBT_EXTENTS_PER_MSG_MAX, sizeof(*buf),
			     GFP_KERNEL);
	if (!buf) {
		err = -ENOMEM;
		goto err_put;
	}
	cb->args[LVSS_CBT_ARG_TRACKER] = (long)t;
	cb->args[LVSS_CBT_ARG_POS] = 0;
	cb->args[LVSS_CBT_ARG_MARKS] = lo | (hi << 8);
	cb->args[LVSS_CBT_ARG_BUF] = (long)buf;
	return 0;

err_put:
	lvss_tracker_put(t);
	return err;
}

int lvss_genl_cbt_changes_done(struct netlink_callback *cb)
{
	struct lvss_tracker *t = (void *)cb->args[LVSS_CBT_ARG_TRACKER];

	kvfree((void *)cb->args[LVSS_CBT_ARG_BUF]);
	if (t)
		lvss_tracker_put(t);
	return 0;
}

/* Puts @n extents into @skb; returns how many fit. */
static unsigned int lvss_cbt_put_extents(struct sk_buff *skb,
					 const struct lvss_cbt_extent *ext,
					 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct nlattr *e = nla_nest_start(skb, LVSS_ATTR_EXTENT);

		if (!e)
			break;
		if (nla_put_u64_64bit(skb, LVSS_ATTR_EXTENT_LOGICAL,
				      ext[i].offset, LVSS_ATTR_PAD) ||
		    nla_put_u64_64bit(skb, LVSS_ATTR_EXTENT_LENGTH,
				      ext[i].length, LVSS_ATTR_PAD)) {
			nla_nest_cancel(skb, e);
			break;
		}
		nla_nest_end(skb, e);
	}
	return i;
}

int lvss_genl_cbt_changes_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = lvss_genl_dump_attrs(cb);
	unsigned int n = 0, scans, fit;
	struct lvss_cbt_extent *ext;
	struct lvss_tracker *t;
	struct nlattr *list;
	const uuid_t *gen;
	u64 pos, blocks;
	void *hdr;
	u8 lo, hi;
	int got;

	if (!cb->args[LVSS_CBT_ARG_TRACKER]) {
		got = lvss_genl_cbt_changes_setup(cb);
		if (got)
			return got;
	}
	t = (void *)cb->args[LVSS_CBT_ARG_TRACKER];
	ext = (void *)cb->args[LVSS_CBT_ARG_BUF];
	gen = nla_data(attrs[LVSS_ATTR_CBT_GENERATION]);
	lo = cb->args[LVSS_CBT_ARG_MARKS] & 0xff;
	hi = cb->args[LVSS_CBT_ARG_MARKS] >> 8;
	pos = cb->args[LVSS_CBT_ARG_POS];
	blocks = lvss_cbt_blocks(&t->cbt);
	if (pos >= blocks)
		return 0;
	for (scans = 0; scans < LVSS_CBT_SCANS_PER_MSG && pos < blocks &&
	     n < LVSS_CBT_EXTENTS_PER_MSG_MAX; scans++) {
		got = lvss_cbt_changes(&t->cbt, gen, lo, hi, &pos, ext + n,
				       LVSS_CBT_EXTENTS_PER_MSG_MAX - n);
		if (got < 0) {
			NL_SET_ERR_MSG(cb->extack, "the changed-block history was reset during the dump: take a full backup");
			return got;
		}
		n += got;
	}
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lvss_genl_family, NLM_F_MULTI,
			  LVSS_CMD_CBT_GET_CHANGES);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, LVSS_ATTR_DEV_PATH, t->path))
		goto cancel;
	list = nla_nest_start(skb, LVSS_ATTR_CBT_EXTENTS);
	if (!list)
		goto cancel;
	fit = lvss_cbt_put_extents(skb, ext, n);
	/* Whatever did not fit starts the next message. */
	if (fit < n)
		pos = ext[fit].offset >> t->cbt.block_shift;
	if (!fit && n)
		goto cancel;
	nla_nest_end(skb, list);
	genlmsg_end(skb, hdr);
	cb->args[LVSS_CBT_ARG_POS] = pos;
	return skb->len;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}
