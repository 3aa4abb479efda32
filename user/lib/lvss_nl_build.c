// SPDX-License-Identifier: MIT
/*
 * Request attributes (see include/uapi/linux/lvss.h): STORE_ADD's extent
 * list, SNAPSHOT_TAKE's member list, ATTACH's and the changed-block
 * tracking commands'. Pure functions of their arguments and a message, so
 * tests build requests and parse them back the way lvss.ko does.
 */
#include <errno.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "lvss_nl.h"

/* Each extent: one LVSS_ATTR_EXTENT nest of three u64s (40 bytes). */
static int put_extents(struct nl_msg *msg, const struct lvss_extent *ext,
		       size_t nr)
{
	struct nlattr *list, *one;
	size_t i;

	list = nla_nest_start(msg, LVSS_ATTR_STORE_EXTENTS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < nr; i++) {
		one = nla_nest_start(msg, LVSS_ATTR_EXTENT);
		if (!one ||
		    nla_put_u64(msg, LVSS_ATTR_EXTENT_LOGICAL,
				ext[i].logical) ||
		    nla_put_u64(msg, LVSS_ATTR_EXTENT_PHYSICAL,
				ext[i].physical) ||
		    nla_put_u64(msg, LVSS_ATTR_EXTENT_LENGTH, ext[i].length) ||
		    nla_nest_end(msg, one))
			return -EMSGSIZE;
	}
	/* Fails when the list outgrows a 16-bit attribute length. */
	return nla_nest_end(msg, list) ? -EMSGSIZE : 0;
}

int lvss_nl_put_store(struct nl_msg *msg, const char *node,
		      const struct lvss_store_spec *spec,
		      const char *store_path)
{
	if (nla_put_string(msg, LVSS_ATTR_DEV_PATH, node) ||
	    nla_put_u32(msg, LVSS_ATTR_STORE_KIND, spec->kind))
		return -EMSGSIZE;
	if (spec->chunk_size &&
	    nla_put_u32(msg, LVSS_ATTR_CHUNK_SIZE, spec->chunk_size))
		return -EMSGSIZE;
	if (spec->set_low_percent &&
	    nla_put_u32(msg, LVSS_ATTR_STORE_LOW_PERCENT, spec->low_percent))
		return -EMSGSIZE;
	switch (spec->kind) {
	case LVSS_STORE_BDEV:
		return nla_put_string(msg, LVSS_ATTR_STORE_PATH, store_path) ?
		       -EMSGSIZE : 0;
	case LVSS_STORE_FILE:
		if (nla_put_string(msg, LVSS_ATTR_STORE_PATH, store_path))
			return -EMSGSIZE;
		return put_extents(msg, spec->extents, spec->nr_extents);
	case LVSS_STORE_MEMORY:
		return nla_put_u64(msg, LVSS_ATTR_STORE_BYTES,
				   spec->memory_bytes) ? -EMSGSIZE : 0;
	}
	return -EINVAL;
}

int lvss_nl_put_take(struct nl_msg *msg, const char *const *nodes,
		     size_t count, uint32_t timeout_ms)
{
	struct nlattr *list, *one;
	size_t i;

	if (timeout_ms &&
	    nla_put_u32(msg, LVSS_ATTR_FREEZE_TIMEOUT_MS, timeout_ms))
		return -EMSGSIZE;
	list = nla_nest_start(msg, LVSS_ATTR_MEMBERS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < count; i++) {
		one = nla_nest_start(msg, LVSS_ATTR_MEMBER);
		if (!one || nla_put_string(msg, LVSS_ATTR_DEV_PATH, nodes[i]) ||
		    nla_nest_end(msg, one))
			return -EMSGSIZE;
	}
	return nla_nest_end(msg, list) ? -EMSGSIZE : 0;
}

int lvss_nl_put_attach(struct nl_msg *msg, const char *node,
		       uint32_t cbt_block_size)
{
	if (nla_put_string(msg, LVSS_ATTR_DEV_PATH, node))
		return -EMSGSIZE;
	if (cbt_block_size &&
	    nla_put_u32(msg, LVSS_ATTR_CBT_BLOCK_SIZE, cbt_block_size))
		return -EMSGSIZE;
	return 0;
}

int lvss_nl_put_cbt_info(struct nl_msg *msg, const char *node)
{
	return nla_put_string(msg, LVSS_ATTR_DEV_PATH, node) ? -EMSGSIZE : 0;
}

int lvss_nl_put_cbt_changes(struct nl_msg *msg, const char *node,
			    const uint8_t *generation, uint64_t from_seq,
			    bool has_to, uint64_t to_seq)
{
	if (nla_put_string(msg, LVSS_ATTR_DEV_PATH, node) ||
	    nla_put(msg, LVSS_ATTR_CBT_GENERATION, LVSS_CBT_GENERATION_LEN,
		    generation) ||
	    nla_put_u64(msg, LVSS_ATTR_CBT_FROM_SEQ, from_seq))
		return -EMSGSIZE;
	if (has_to && nla_put_u64(msg, LVSS_ATTR_CBT_TO_SEQ, to_seq))
		return -EMSGSIZE;
	return 0;
}

int lvss_nl_put_cbt_mark(struct nl_msg *msg, const char *node,
			 uint64_t offset, uint64_t length)
{
	if (nla_put_string(msg, LVSS_ATTR_DEV_PATH, node) ||
	    nla_put_u64(msg, LVSS_ATTR_CBT_OFFSET, offset) ||
	    nla_put_u64(msg, LVSS_ATTR_CBT_LENGTH, length))
		return -EMSGSIZE;
	return 0;
}
