// SPDX-License-Identifier: GPL-2.0
/* Netlink commands on attached devices: attach, detach, list, add store. */
#include <linux/blkdev.h>
#include <net/genetlink.h>
#include <uapi/linux/lvss.h>

#include <linux/log2.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "lvss_cow.h"
#include "lvss_extent_map.h"
#include "lvss_genl.h"
#include "lvss_limits.h"
#include "lvss_store.h"
#include "lvss_tracker.h"

/* Serializes STORE_ADD, which creates a device's engine on first use. */
static DEFINE_MUTEX(lvss_store_add_lock);

int lvss_genl_attach(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *bs = info->attrs[LVSS_ATTR_CBT_BLOCK_SIZE];
	u32 block_size = 0;
	const char *path;
	const char *why;
	int err;

	if (lvss_genl_check_admin(skb, info->extack))
		return -EPERM;
	err = lvss_genl_dev_path(info, &path);
	if (err)
		return err;
	if (bs) {
		block_size = nla_get_u32(bs);
		err = lvss_check_cbt_block_size(block_size, &why);
		if (err) {
			lvss_genl_set_err(info->extack, bs, why);
			return err;
		}
	}
	/*
	 * An attachment pins the module only once it exists, and generic
	 * netlink holds no reference on the module while a command runs:
	 * an rmmod between the two would unload lvss under the new device
	 * and its hook. Hold one meanwhile; once rmmod has begun, refuse.
	 */
	if (!try_module_get(THIS_MODULE)) {
		NL_SET_ERR_MSG(info->extack, "lvss.ko is being unloaded");
		return -ENODEV;
	}
	err = lvss_tracker_attach(path, block_size, info->extack);
	module_put(THIS_MODULE);
	return err;
}

int lvss_genl_detach(struct sk_buff *skb, struct genl_info *info)
{
	const char *path;
	int err;

	if (lvss_genl_check_admin(skb, info->extack))
		return -EPERM;
	err = lvss_genl_dev_path(info, &path);
	if (err)
		return err;
	return lvss_tracker_detach(path, info->extack);
}

/* Store figures of a device's engine; shared with the snapshot dump. */
int lvss_genl_put_store(struct sk_buff *skb, struct lvss_cow *cow)
{
	u64 used, total, copies;

	lvss_store_usage(cow->store, &used, &total);
	spin_lock_irq(&cow->lock);
	copies = cow->copies_made;
	spin_unlock_irq(&cow->lock);
	if (nla_put_u32(skb, LVSS_ATTR_CHUNK_SIZE, 1U << cow->chunk_shift) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_STORE_USED,
			      used << cow->chunk_shift, LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_STORE_TOTAL,
			      total << cow->chunk_shift, LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_COPIES, copies, LVSS_ATTR_PAD) ||
	    nla_put_u32(skb, LVSS_ATTR_STORE_LOW_PERCENT,
			READ_ONCE(cow->low_percent)))
		return -EMSGSIZE;
	return 0;
}

static int lvss_genl_put_device(struct sk_buff *skb,
				struct netlink_callback *cb,
				struct lvss_tracker *t)
{
	struct block_device *bdev = t->ref.bdev;
	struct lvss_cbt_info ci;
	u64 writes, bytes;
	void *hdr;

	lvss_cbt_get_info(&t->cbt, &ci);
	lvss_tracker_stats(t, &writes, &bytes);
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lvss_genl_family, NLM_F_MULTI, LVSS_CMD_GET_DEVICE);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, LVSS_ATTR_DEV_PATH, t->path) ||
	    nla_put_u32(skb, LVSS_ATTR_DEV_MAJOR, MAJOR(t->dev)) ||
	    nla_put_u32(skb, LVSS_ATTR_DEV_MINOR, MINOR(t->dev)) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_DEV_SIZE,
			      (u64)bdev_nr_sectors(bdev) << SECTOR_SHIFT,
			      LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_WRITES, writes, LVSS_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_WRITE_BYTES, bytes,
			      LVSS_ATTR_PAD) ||
	    nla_put_u32(skb, LVSS_ATTR_SNAPSHOT_COUNT,
			atomic_read(&t->nr_snapshots)) ||
	    nla_put_u32(skb, LVSS_ATTR_CBT_BLOCK_SIZE,
			1U << t->cbt.block_shift) ||
	    nla_put_u64_64bit(skb, LVSS_ATTR_CBT_MAP_BYTES, ci.map_bytes,
			      LVSS_ATTR_PAD) ||
	    (READ_ONCE(t->cow) && lvss_genl_put_store(skb, t->cow))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: the next device number to report (dump continuation). */
int lvss_genl_get_device_dump(struct sk_buff *skb,
			      struct netlink_callback *cb)
{
	unsigned long index = cb->args[0];
	unsigned long resume;
	struct lvss_tracker *t;
	int err;

	if (!netlink_capable(cb->skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(cb->extack, "lvss needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	for (;;) {
		resume = index;
		t = lvss_tracker_next(&index);
		if (!t)
			break;
		err = lvss_genl_put_device(skb, cb, t);
		lvss_tracker_put(t);
		if (err) {
			/* Message full: this device goes into the next one. */
			index = resume;
			break;
		}
	}
	cb->args[0] = index;
	return skb->len;
}

static const struct nla_policy lvss_extent_policy[] = {
	[LVSS_ATTR_EXTENT_LOGICAL] = { .type = NLA_U64 },
	[LVSS_ATTR_EXTENT_PHYSICAL] = { .type = NLA_U64 },
	[LVSS_ATTR_EXTENT_LENGTH] = { .type = NLA_U64 },
};

/* LVSS_ATTR_STORE_EXTENTS -> an array the caller frees with kvfree(). */
static int lvss_genl_parse_extents(struct genl_info *info,
				   struct lvss_extent **out, u32 *nr)
{
	struct nlattr *list = info->attrs[LVSS_ATTR_STORE_EXTENTS];
	struct nlattr *tb[LVSS_ATTR_EXTENT_LENGTH + 1];
	struct lvss_extent *ext;
	struct nlattr *nest;
	u32 n = 0;
	int rem, err;

	if (LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_STORE_EXTENTS))
		return -EINVAL;
	nla_for_each_nested(nest, list, rem)
		n++;
	if (rem > 0) {
		lvss_genl_set_err(info->extack, list, "malformed LVSS_ATTR_STORE_EXTENTS: bytes left after its last extent");
		return -EINVAL;
	}
	if (!n || n > LVSS_EXTENTS_MAX) {
		lvss_genl_set_err(info->extack, list, "a file store needs 1 to 65536 extents");
		return -EINVAL;
	}
	ext = kvcalloc(n, sizeof(*ext), GFP_KERNEL);
	if (!ext)
		return -ENOMEM;
	n = 0;
	nla_for_each_nested(nest, list, rem) {
		if (nla_type(nest) != LVSS_ATTR_EXTENT) {
			lvss_genl_set_err(info->extack, nest, "expected LVSS_ATTR_EXTENT");
			err = -EINVAL;
			goto err_free;
		}
		err = nla_parse_nested(tb, LVSS_ATTR_EXTENT_LENGTH, nest,
				       lvss_extent_policy, info->extack);
		if (err)
			goto err_free;
		if (!tb[LVSS_ATTR_EXTENT_LOGICAL] ||
		    !tb[LVSS_ATTR_EXTENT_PHYSICAL] ||
		    !tb[LVSS_ATTR_EXTENT_LENGTH]) {
			lvss_genl_set_err(info->extack, nest, "an extent needs LOGICAL, PHYSICAL and LENGTH");
			err = -EINVAL;
			goto err_free;
		}
		ext[n].logical = nla_get_u64(tb[LVSS_ATTR_EXTENT_LOGICAL]);
		ext[n].physical = nla_get_u64(tb[LVSS_ATTR_EXTENT_PHYSICAL]);
		ext[n].len = nla_get_u64(tb[LVSS_ATTR_EXTENT_LENGTH]);
		n++;
	}
	*out = ext;
	*nr = n;
	return 0;

err_free:
	kvfree(ext);
	return err;
}

/* A store path is absolute: never resolved against the caller's cwd. */
static int lvss_genl_store_path(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[LVSS_ATTR_STORE_PATH];
	const char *why;
	int err;

	if (LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_STORE_PATH))
		return -EINVAL;
	err = lvss_check_dev_path(nla_data(attr), nla_len(attr), &why);
	if (err)
		lvss_genl_set_err(info->extack, attr, why);
	return err;
}

static struct lvss_store_area *lvss_genl_new_area(struct genl_info *info,
						  u32 chunk_shift)
{
	struct nlattr *kind = info->attrs[LVSS_ATTR_STORE_KIND];
	struct lvss_store_area *area;
	struct lvss_extent *ext;
	u32 nr;
	int err;

	switch (nla_get_u32(kind)) {
	case LVSS_STORE_BDEV:
		if (lvss_genl_store_path(info))
			return ERR_PTR(-EINVAL);
		return lvss_store_bdev_area_new(nla_data(info->attrs[LVSS_ATTR_STORE_PATH]),
						chunk_shift,
						lvss_tracker_is_origin,
						info->extack);
	case LVSS_STORE_FILE:
		if (lvss_genl_store_path(info))
			return ERR_PTR(-EINVAL);
		err = lvss_genl_parse_extents(info, &ext, &nr);
		if (err)
			return ERR_PTR(err);
		area = lvss_store_file_area_new(nla_data(info->attrs[LVSS_ATTR_STORE_PATH]),
						ext, nr, chunk_shift,
						lvss_tracker_is_origin,
						info->extack);
		kvfree(ext);
		return area;
	case LVSS_STORE_MEMORY:
		if (LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_STORE_BYTES))
			return ERR_PTR(-EINVAL);
		return lvss_store_mem_area_new(nla_get_u64(info->attrs[LVSS_ATTR_STORE_BYTES]),
					       chunk_shift, info->extack);
	}
	lvss_genl_set_err(info->extack, kind, "unknown store kind");
	return ERR_PTR(-EINVAL);
}

/* The chunk size: as asked on the first call, else the engine's. */
static int lvss_genl_chunk_shift(struct genl_info *info,
				 struct lvss_tracker *t, u32 *shift)
{
	struct nlattr *attr = info->attrs[LVSS_ATTR_CHUNK_SIZE];
	u32 bytes = LVSS_CHUNK_SIZE_DEFAULT;
	const char *why;
	int err;

	if (t->cow) {
		*shift = t->cow->chunk_shift;
		if (attr && nla_get_u32(attr) != 1U << *shift) {
			lvss_genl_set_err(info->extack, attr, "the chunk size is fixed by the device's first store");
			return -EINVAL;
		}
		return 0;
	}
	if (attr)
		bytes = nla_get_u32(attr);
	err = lvss_check_chunk_size(bytes, &why);
	if (!err && bytes < bdev_logical_block_size(t->ref.bdev)) {
		why = "chunk size is smaller than the device's logical block size";
		err = -EINVAL;
	}
	if (err) {
		lvss_genl_set_err(info->extack, attr, why);
		return err;
	}
	*shift = ilog2(bytes);
	return 0;
}

int lvss_genl_store_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *low_percent = info->attrs[LVSS_ATTR_STORE_LOW_PERCENT];
	struct lvss_store_area *area;
	struct lvss_store *store;
	struct lvss_tracker *t;
	struct lvss_cow *cow;
	const char *path;
	u32 shift;
	int err;

	if (lvss_genl_check_admin(skb, info->extack))
		return -EPERM;
	err = lvss_genl_dev_path(info, &path);
	if (err)
		return err;
	if (LVSS_GENL_REQ_ATTR_CHECK(info, LVSS_ATTR_STORE_KIND))
		return -EINVAL;
	t = lvss_tracker_find(path, info->extack);
	if (!t)
		return -ENODEV;
	mutex_lock(&lvss_store_add_lock);
	err = lvss_genl_chunk_shift(info, t, &shift);
	if (err)
		goto out;
	area = lvss_genl_new_area(info, shift);
	if (IS_ERR(area)) {
		err = PTR_ERR(area);
		goto out;
	}
	if (t->cow) {
		err = lvss_store_add_area(t->cow->store, area, info->extack);
		if (err)
			lvss_store_area_destroy(area);
		else
			lvss_cow_set_low_percent(t->cow, low_percent ?
						 nla_get_u32(low_percent) :
						 t->cow->low_percent);
		goto out;
	}
	store = lvss_store_new(shift);
	if (IS_ERR(store)) {
		lvss_store_area_destroy(area);
		err = PTR_ERR(store);
		goto out;
	}
	err = lvss_store_add_area(store, area, info->extack);
	if (err) {
		lvss_store_area_destroy(area);
		lvss_store_destroy(store);
		goto out;
	}
	cow = lvss_cow_new(t, shift, store);
	if (!cow) {
		err = -ENOMEM;
		goto out;
	}
	lvss_cow_set_low_percent(cow, low_percent ? nla_get_u32(low_percent) :
				 LVSS_STORE_LOW_PERCENT_DEFAULT);
	err = lvss_tracker_set_cow(t, cow);
	if (err)
		lvss_cow_free(cow);
out:
	mutex_unlock(&lvss_store_add_lock);
	lvss_tracker_put(t);
	return err;
}
